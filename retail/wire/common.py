"""The base model and constrained types every wire message is built from.

All messages are frozen, reject unknown fields, and bound every string, list and amount.
Integers are strict (no "12" or 12.0 for 12); datetimes must be timezone-aware UTC; money is
integer öre; a person is only ever identified by a keyed hash (64 lowercase hex digits).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)

from retail.money import MAX_AMOUNT_ORE
from retail.personnummer import luhn_check_digit


class WireModel(BaseModel):
    """Base of every wire message: frozen, unknown fields rejected, inputs kept out of errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


def _require_text_or_datetime(value: object) -> object:
    if isinstance(value, int | float):
        raise ValueError("a datetime is an ISO 8601 text, not a number")
    return value


def _require_utc(value: datetime) -> datetime:
    if value.utcoffset() != timedelta(0):
        raise ValueError("datetimes on the wire are UTC")
    return value.astimezone(UTC)


UtcDateTime = Annotated[
    AwareDatetime,
    BeforeValidator(_require_text_or_datetime),
    AfterValidator(_require_utc),
]
"""A timezone-aware datetime with offset zero (normalised to `timezone.utc`)."""

StrictInt = Annotated[int, Strict()]
Ore = Annotated[int, Strict(), Field(ge=-MAX_AMOUNT_ORE, le=MAX_AMOUNT_ORE)]
"""An amount in öre; negative for returns and refunds."""
PositiveOre = Annotated[int, Strict(), Field(gt=0, le=MAX_AMOUNT_ORE)]
NonNegativeOre = Annotated[int, Strict(), Field(ge=0, le=MAX_AMOUNT_ORE)]
RateBp = Annotated[int, Strict(), Field(ge=0, le=10_000)]
"""A VAT rate in basis points (2500 = 25 %)."""
Sequence = Annotated[int, Strict(), Field(ge=1, le=2**63 - 1)]
Count = Annotated[int, Strict(), Field(ge=0, le=10**9)]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
"""A store or register id: lowercase letters, digits and -, at most 64."""
IdentityHash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""`Personnummer.keyed_hash`: the only way a person appears on the wire."""
Gtin14 = Annotated[str, StringConstraints(pattern=r"^[0-9]{14}$")]
ProductKey = Annotated[str, StringConstraints(pattern=r"^(?:[0-9]{8}|[0-9]{14})$")]
"""What `parse_scan` yields: a GTIN-14, or the 8-digit article of a price or weight code."""
Sku = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
"""The store owner's own article number."""
Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Version = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z.+-]{1,40}$")]

_PERSONNUMMER_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{2})?([0-9]{6})[-+]?([0-9]{4})(?![0-9])")


def _looks_like_personnummer(ten: str) -> bool:
    month, day = int(ten[2:4]), int(ten[4:6]) % 60
    plausible_date = 1 <= month <= 12 and 1 <= day <= 31
    return plausible_date and luhn_check_digit(ten[:9]) == int(ten[9])


def _no_personnummer(text: str) -> str:
    for match in _PERSONNUMMER_LIKE.finditer(text):
        if _looks_like_personnummer(match[1] + match[2]):
            raise ValueError("free text must not carry a personal identity number")
    return text


SafeText = Annotated[
    str,
    StringConstraints(max_length=500),
    AfterValidator(_no_personnummer),
]
"""Free text (alert messages, details): bounded, and refused if it holds a personnummer."""
