"""Free text that people type (contact details, reasons, notes) never keeps a personnummer.

A refusal says so in Swedish (English in the shell's table), names the field for an API and
never repeats what was typed; a page shown again blanks that field (the other fields keep what
was typed). `retail.contains_personnummer` decides what counts as a personnummer."""

from __future__ import annotations

from fastapi import HTTPException

from backoffice.web.messages_en import ENGLISH
from retail import contains_personnummer

REFUSED = "Skriv inte personnummer här. Fältet är tömt: skriv det igen utan numret."
REFUSED_EN = (
    "Do not write personal identity numbers here. The field is empty: type it again without "
    "the number."
)
ENGLISH[REFUSED] = REFUSED_EN


def api_detail(field: str) -> str:
    """What an API answers (422) for a field that carried a personnummer."""
    return f"{field}: {REFUSED_EN}"


def check_api(field: str, text: str) -> None:
    """For an API route: a 422 naming `field` when `text` carries a valid personnummer."""
    if contains_personnummer(text):
        raise HTTPException(status_code=422, detail=api_detail(field))
