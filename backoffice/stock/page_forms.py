"""Reading the stock pages' form fields strictly: a clear message (Swedish, translated by the
page) for what cannot be read, never a silent default."""

from __future__ import annotations

import re
from datetime import date

MAX_PIECES = 100_000
_KRONOR = re.compile(r"^(\d{1,6})(?:[.,](\d{1,2}))?$")


class FieldError(ValueError):
    """A form field that cannot be read; the message is Swedish text for `_()`."""


def pieces(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_PIECES:
        raise FieldError("Antal måste vara ett heltal från 1 till 100 000.")
    return int(value)


def best_before(text: str) -> date | None:
    value = text.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FieldError("Datum eller pris kunde inte läsas.") from None


def kronor(text: str) -> int | None:
    """`12,50` or `12.50` kr as öre; empty is none (the catalog's cost price is used)."""
    value = text.strip().replace(" ", "").removesuffix("kr").strip()
    if not value:
        return None
    found = _KRONOR.match(value)
    if found is None:
        raise FieldError("Datum eller pris kunde inte läsas.")
    return int(found.group(1)) * 100 + int((found.group(2) or "0").ljust(2, "0"))


def text(value: str, *, limit: int) -> str:
    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > limit:
        raise FieldError("Fyll i fältet (högst så många tecken som får plats).")
    return cleaned
