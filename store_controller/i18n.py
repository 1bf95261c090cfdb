"""Texts for the customer's screens: Swedish by default, English on a tap.

Domain modules (policy decisions, cart messages, payment errors) return `Text` values with both
languages; the screens pick one. No text reaches a customer in only one language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")
DEFAULT_LANGUAGE: Language = "sv"


@dataclass(frozen=True, slots=True)
class Text:
    sv: str
    en: str

    def in_(self, language: Language) -> str:
        return self.sv if language == "sv" else self.en

    def format(self, **values: object) -> Text:
        return Text(self.sv.format(**values), self.en.format(**values))

    def as_dict(self) -> dict[str, str]:
        return {"sv": self.sv, "en": self.en}


def language_of(value: str | None) -> Language:
    """The language a request asks for (`?lang=en`, a cookie), Swedish when unsure."""
    return "en" if value == "en" else DEFAULT_LANGUAGE
