"""A text in Swedish and English: what reaches a customer is never in one language only.

Shared by the apps and the libraries (bankid_rp, swish_merchant): a library's customer-facing
texts are `Text` values, and an app's screens pick one language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Text:
    sv: str
    en: str

    def in_(self, language: Literal["sv", "en"]) -> str:
        return self.sv if language == "sv" else self.en

    def format(self, **values: object) -> Text:
        return Text(self.sv.format(**values), self.en.format(**values))

    def as_dict(self) -> dict[str, str]:
        return {"sv": self.sv, "en": self.en}
