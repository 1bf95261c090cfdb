"""The base model and constrained types every wire message is built from.

All messages are frozen, reject unknown fields, and bound every string, list and amount.
Integers and booleans are strict (no "12" or 12.0 for 12, no 0, 1 or "yes" for true);
datetimes are RFC 3339 text in UTC from 2000 up to 2100, dates "YYYY-MM-DD" in the same years;
free text holds no control or bidirectional-override character; money is integer öre; a person
is only ever identified by a keyed hash (64 lowercase hex digits).

A rule that spans fields (a sale's lines against its total, say) is refused with `refuse`, so
the error names the field at fault ("lines", 2, "amount_ore"), as a field's own type does.
"""

from __future__ import annotations

import re
from collections import abc
from datetime import UTC, date, datetime, time, timedelta
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
    ValidationError,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from retail.money import MAX_AMOUNT_ORE
from retail.personnummer import luhn_check_digit

FIRST_WIRE_TIME = datetime(2000, 1, 1, tzinfo=UTC)
END_OF_WIRE_TIME = datetime(2100, 1, 1, tzinfo=UTC)
"""Times on the wire lie in [FIRST_WIRE_TIME, END_OF_WIRE_TIME): a store whose clock says 1970
or 2185 is wrong, and its records must not be filed under those years."""


class WireModel(BaseModel):
    """Base of every wire message: frozen, unknown fields rejected, inputs kept out of errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


Location = tuple[str | int, ...]


def refuse(title: str, problems: abc.Sequence[tuple[Location, str]]) -> ValidationError:
    """A `ValidationError` with one error per (location, reason), for a model validator to raise.

    Raised inside a validator it keeps the locations, under the path of the model that raised
    it: a sale's `(("lines", 1, "amount_ore"), ...)` reads `entries.3.payload.sale.lines.1...`
    in a batch. The reasons must not quote personal data.
    """
    return ValidationError.from_exception_data(
        title,
        [
            InitErrorDetails(
                type=PydanticCustomError("inconsistent", "{reason}", {"reason": reason}),
                loc=loc,
                input=None,
            )
            for loc, reason in problems
        ],
    )


# --- time ---------------------------------------------------------------------------------

_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_OF_DAY = re.compile(r"[0-9]{2}:[0-9]{2}(?::[0-9]{2})?")


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


_PARSED: dict[str, datetime] = {}
"""Wire text already found a valid datetime, and that datetime (immutable, so shared): a sale's
entries repeat its time (the entries' `created_at`, the sale's and each movement's
`occurred_at`, the payment's `confirmed_at`), one after the other. Emptied when it reaches
`_PARSED_MAX` (small: the controller validates its outbox with these models too, on a Pi)."""
_PARSED_MAX = 256


def _wire_datetime(value: object) -> object:
    """The whole check of a wire datetime in one Python call (a push reads ~400 of them): RFC
    3339 text parsed by `datetime.fromisoformat`, which within `_RFC3339` refuses exactly what
    pydantic's parser refuses (day 30 of February, second 60, hour 24, an offset of a day or
    more, offset minutes past 59: such text is handed on, so pydantic's own error names it);
    then UTC and the range. A naive `datetime` is handed on for pydantic to refuse. Text seen
    before gives the datetime it gave then (`_PARSED`)."""
    if type(value) is str:
        known = _PARSED.get(value)
        if known is not None:
            return known
        checked = _text_datetime(value)
        if isinstance(checked, datetime):
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            _PARSED[value] = checked
        return checked
    if isinstance(value, datetime):
        return value if value.tzinfo is None else _utc_in_range(value)
    return _text_datetime(value)


def _text_datetime(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError(
            f"a datetime is RFC 3339 text (2026-11-28T12:00:00Z), not {_kind_of(value)}"
        )
    if not _RFC3339.fullmatch(value):
        raise ValueError("a datetime is RFC 3339 text: 2026-11-28T12:00:00Z")
    if value[-1] == "Z":  # what stores send: parsed with `datetime.UTC` itself as its zone
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        if FIRST_WIRE_TIME <= parsed < END_OF_WIRE_TIME:
            return parsed
        raise ValueError(_OUT_OF_RANGE)
    if value[-2:] > "59":  # fromisoformat reads +00:60 as an hour
        return value
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    return _utc_in_range(parsed)


def _utc_in_range(value: datetime) -> datetime:
    if value.utcoffset() != timedelta(0):
        raise ValueError("datetimes on the wire are UTC")
    if not FIRST_WIRE_TIME <= value < END_OF_WIRE_TIME:
        raise ValueError(_OUT_OF_RANGE)
    return value.astimezone(UTC)


_OUT_OF_RANGE = "a datetime on the wire lies in the years 2000 to 2099"


UtcDateTime = Annotated[AwareDatetime, BeforeValidator(_wire_datetime)]
"""RFC 3339 text with seconds and an offset of zero (or an aware `datetime`), in 2000-2099;
normalised to `timezone.utc`. Numbers and numeric strings (epoch seconds) are refused."""


def _date_text(value: object) -> object:
    if isinstance(value, datetime) or not isinstance(value, str | date):
        raise ValueError(f"a date is text YYYY-MM-DD, not {_kind_of(value)}")
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("a date is text YYYY-MM-DD")
    return value


def _date_in_range(value: date) -> date:
    if not FIRST_WIRE_TIME.date() <= value < END_OF_WIRE_TIME.date():
        raise ValueError("a date on the wire lies in the years 2000 to 2099")
    return value


WireDate = Annotated[date, BeforeValidator(_date_text), AfterValidator(_date_in_range)]
"""A calendar day as "YYYY-MM-DD" (or a `date`), in 2000-2099."""


def _time_text(value: object) -> object:
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not _TIME_OF_DAY.fullmatch(value):
        raise ValueError("a time of day is text HH:MM or HH:MM:SS")
    return value


TimeOfDay = Annotated[time, BeforeValidator(_time_text)]
"""A local time of day as "HH:MM" or "HH:MM:SS" (or a naive `time`); no offset."""

# --- numbers and flags ----------------------------------------------------------------------

StrictInt = Annotated[int, Strict()]
StrictBool = Annotated[bool, Strict()]
"""true or false, nothing else (not 0, 1, "yes" or "true")."""
Ore = Annotated[int, Strict(), Field(ge=-MAX_AMOUNT_ORE, le=MAX_AMOUNT_ORE)]
"""An amount in öre; negative for returns and refunds."""
PositiveOre = Annotated[int, Strict(), Field(gt=0, le=MAX_AMOUNT_ORE)]
NonNegativeOre = Annotated[int, Strict(), Field(ge=0, le=MAX_AMOUNT_ORE)]
RateBp = Annotated[int, Strict(), Field(ge=0, le=10_000)]
"""A VAT rate in basis points (2500 = 25 %)."""
MAX_SEQUENCE = 10**12
"""The highest outbox sequence number the wire carries: a store writing a thousand entries a
second would reach it after thirty years, and it stays well inside a JSON number's exact range
(2^53) and the databases' 64-bit columns. Outside 1..MAX_SEQUENCE a message is refused."""
Sequence = Annotated[int, Strict(), Field(ge=1, le=MAX_SEQUENCE)]
"""One outbox entry's number, 1..MAX_SEQUENCE."""
MAX_BATCH_ENTRIES = 500
"""The most outbox entries one push (and its ack) carries; here rather than in the envelope, so
a controller's settings can bound their batch size without loading every message model."""
SequenceMark = Annotated[int, Strict(), Field(ge=0, le=MAX_SEQUENCE)]
"""How far a store's sequence got (0: nowhere yet), 0..MAX_SEQUENCE."""
Count = Annotated[int, Strict(), Field(ge=0, le=10**9)]

# --- identifiers ----------------------------------------------------------------------------

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
"""A store or register id: lowercase letters, digits and -, at most 64."""
IdentityHash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""`Personnummer.keyed_hash`: the only way a person appears on the wire."""
Gtin14 = Annotated[str, StringConstraints(pattern=r"^[0-9]{14}$")]
ProductKey = Annotated[str, StringConstraints(pattern=r"^(?:[0-9]{8}|[0-9]{14})$")]
"""What `parse_scan` yields: a GTIN-14, or the 8-digit article of a price or weight code."""
Sku = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
"""The store owner's own article number."""
Version = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z.+-]{1,40}$")]

# --- free text ------------------------------------------------------------------------------

_NOT_IN_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (NUL, CR, LF, ESC, ...), and bidirectional embeddings, overrides and
isolates (the "Trojan Source" characters that make text read otherwise than it is stored).
Lone surrogates, no text at all, pydantic refuses itself (string_unicode)."""
_NOT_IN_LINES = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""The same, line feed allowed."""


def _refuse_character(found: re.Match[str]) -> None:
    code = ord(found[0])
    what = "a control character"
    if code > 0x9F:
        what = "a bidirectional-override character"
    raise ValueError(f"free text holds {what} (U+{code:04X}) at position {found.start() + 1}")


def _plain_text(text: str) -> str:
    found = _NOT_IN_TEXT.search(text)
    if found is not None:
        _refuse_character(found)
    return text


def _lines_of_text(text: str) -> str:
    found = _NOT_IN_LINES.search(text)
    if found is not None:
        _refuse_character(found)
    return text


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


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_NUMBER_TOKEN = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{2})?([0-9]{6})[-+]?([0-9]{4})(?![0-9A-Za-z])")


def _no_personnummer_in_reference(text: str) -> str:
    if _UUID.fullmatch(text):  # a sale id: its "YYYYMMDD-NNNN"-like head is chance, not a person
        return text
    for match in _NUMBER_TOKEN.finditer(text):  # digits inside a longer code are no number
        if _looks_like_personnummer(match[1] + match[2]):
            raise ValueError("a payment reference must not carry a personal identity number")
    return text


PaymentReference = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$"),
    AfterValidator(_no_personnummer_in_reference),
]
"""A payment's reference (printable ASCII): a sale id, a provider's payment id; never a
personnummer standing alone."""

Name = Annotated[str, StringConstraints(min_length=1, max_length=120), AfterValidator(_plain_text)]
"""A single line of text (a store's name, say): no control or bidirectional-override character."""
ProductName = Annotated[Name, AfterValidator(_no_personnummer)]
"""A product's or receipt line's name: a `Name` that holds no personal identity number."""
PersonName = Annotated[Name, AfterValidator(_no_personnummer)]
"""A person's name as BankID gives it ("Tolvan Tolvansson"): a `Name` without a personnummer."""


def _birth_date_in_range(value: date) -> date:
    if not date(1880, 1, 1) <= value < END_OF_WIRE_TIME.date():
        raise ValueError("a birth date lies in the years 1880 to 2099")
    return value


BirthDate = Annotated[date, BeforeValidator(_date_text), AfterValidator(_birth_date_in_range)]
"""A person's birth date as "YYYY-MM-DD" (or a `date`), in 1880-2099."""
SafeText = Annotated[
    str,
    StringConstraints(max_length=500),
    AfterValidator(_plain_text),
    AfterValidator(_no_personnummer),
]
"""Free text (alert messages, details): bounded, one line, refused if it holds a personnummer."""
PolicyKey = Annotated[str, StringConstraints(max_length=64), AfterValidator(_plain_text)]
"""A key of an access policy's rules."""
Note = Annotated[str, StringConstraints(max_length=200), AfterValidator(_lines_of_text)]
"""Text of a few lines (a receipt footer): line feeds allowed, other control characters not."""
