"""Reading the customer pages' form fields strictly: amounts in kronor, the month before now."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

MAX_ORE = 10_000_000
_KRONOR = re.compile(r"^(-?)(\d{1,6})(?:[.,](\d{1,2}))?$")


class FieldError(ValueError):
    """A form field that cannot be read; the message is Swedish text for `_()`."""


def kronor(text: str, *, signed: bool) -> int:
    """`125`, `12,50` or `12.50` kr as öre; a minus sign only where `signed`."""
    value = text.strip().replace(" ", "").replace("\u2212", "-").removesuffix("kr").strip()
    found = _KRONOR.match(value)
    if found is None or (found.group(1) and not signed):
        raise FieldError("Beloppet kunde inte läsas (kronor, t.ex. 125 eller 12,50).")
    ore = int(found.group(2)) * 100 + int((found.group(3) or "0").ljust(2, "0"))
    return -ore if found.group(1) else ore


def period_before(now: datetime, zone: str) -> str:
    """The month before `now` in the store's time zone, `YYYY-MM` (the month to invoice)."""
    local = now.astimezone(ZoneInfo(zone))
    year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
    return f"{year:04d}-{month:02d}"
