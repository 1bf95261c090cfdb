"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Accepted forms: `YYYYMMDDNNNC`, `YYYYMMDD-NNNC`, `YYMMDDNNNC`, `YYMMDD-NNNC` and `YYMMDD+NNNC`
(the `+` from the year the person turns 100). The check digit is Luhn over the ten digits
`YYMMDDNNN`; the date must exist (day + 60 for a samordningsnummer) and lie neither after
"today" nor more than `MAX_AGE` years before it; serial 000 is never issued.

The number is personal data: it never appears in `repr`, `str` or an error message. Only
`digits` gives it out, for the BankID call or encrypted storage; `keyed_hash` is what to store
or send to identify a person.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from retail.errors import PersonnummerError

_ASCII_DIGITS = frozenset("0123456789")
_MAX_INPUT = 20
COORDINATION_DAY_OFFSET = 60
MIN_HASH_SECRET_BYTES = 16
MAX_AGE = 130
"""Older than this nobody is: such a number is a typing error or a forgery."""


class Sex(enum.StrEnum):
    """Legal sex as encoded in the second-to-last digit (odd: male, even: female)."""

    MALE = "male"
    FEMALE = "female"


_DOUBLED_ASCII = bytes.maketrans(b"0123456789", b"0246813579")
"""Each ASCII digit to the digit sum of its double (Luhn's doubled places)."""


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit over `digits`, weights 2,1,2,... from the left (nine digits here).

    ASCII digits (every door entry checks one) are summed as bytes, in C; other decimal digits,
    which `int` reads too, place by place."""
    if digits.isascii() and digits.isdigit():
        raw = digits.encode("ascii")
        total = sum(raw[::2].translate(_DOUBLED_ASCII)) + sum(raw[1::2]) - 48 * len(raw)
        return -total % 10
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 - index % 2)
        total += product - 9 if product > 9 else product
    return -total % 10


@dataclass(frozen=True, slots=True)
class Personnummer:
    """A valid personnummer or samordningsnummer; build it with `Personnummer.parse`."""

    _digits: str = field(repr=False)

    @classmethod
    def parse(cls, text: str, *, today: date | None = None) -> Personnummer:
        """Validate `text`; raises `PersonnummerError` (never quoting the input).

        `today` (default: the system date) decides the century of a 10-digit form (the most
        recent year ending in YY at most `today`'s year, 100 years earlier with `+`), and the
        birth date must not lie after it nor imply an age over `MAX_AGE` on it.
        """
        number = object.__new__(cls)
        object.__setattr__(number, "_digits", _canonical(text, today))  # validated: skip re-checks
        return number

    def __post_init__(self) -> None:
        if not (len(self._digits) == 12 and _ASCII_DIGITS.issuperset(self._digits)):
            raise PersonnummerError("a personnummer is built from 12 digits: use parse()")
        _validate(self._digits, date.today())

    @property
    def digits(self) -> str:
        """The canonical 12-digit form YYYYMMDDNNNC. Personal data: never log it."""
        return self._digits

    @property
    def is_coordination_number(self) -> bool:
        """Whether this is a samordningsnummer (day 61-91)."""
        return int(self._digits[6:8]) > COORDINATION_DAY_OFFSET

    @property
    def birth_date(self) -> date:
        """The date of birth (the day less 60 for a samordningsnummer)."""
        return _birth_date(self._digits)

    @property
    def sex(self) -> Sex:
        """Odd second-to-last digit: male; even: female."""
        return Sex.MALE if int(self._digits[10]) % 2 else Sex.FEMALE

    def age_on(self, day: date) -> int:
        """Completed years on `day` (born 29 February: a year older on 1 March in other years)."""
        return _age(self.birth_date, day)

    def short_form(self, on: date) -> str:
        """The 10-digit display form on `on`: YYMMDD-NNNC, or YYMMDD+NNNC from the 100th year."""
        separator = "+" if on.year - int(self._digits[:4]) >= 100 else "-"
        return f"{self._digits[2:8]}{separator}{self._digits[8:]}"

    @property
    def masked(self) -> str:
        """Safe display form: "19900101-****" (birth digits only, as written in the number)."""
        return f"{self._digits[:8]}-****"

    def keyed_hash(self, secret: bytes) -> str:
        """HMAC-SHA256 (hex) of the 12 digits under `secret`: the identity to store and sync."""
        if len(secret) < MIN_HASH_SECRET_BYTES:
            raise PersonnummerError(f"the hash secret needs at least {MIN_HASH_SECRET_BYTES} bytes")
        keyed = _keyed_hmac(secret).copy()
        keyed.update(self._digits.encode("ascii"))
        return keyed.hexdigest()

    def __repr__(self) -> str:
        return f"Personnummer({self.masked})"

    def __str__(self) -> str:
        return self.masked


@lru_cache(maxsize=4)
def _keyed_hmac(secret: bytes) -> hmac.HMAC:
    """HMAC-SHA256 keyed with `secret` and nothing hashed yet, made once per secret: a hash
    copies it. `hmac.digest` keyed HMAC anew on every call (the digest fetched by name, both key
    pads hashed): about half of a hash's instructions (issue 23, the door entry)."""
    return hmac.new(secret, digestmod=hashlib.sha256)


def is_valid_personnummer(text: str, *, today: date | None = None) -> bool:
    """Whether `text` is a valid personnummer or samordningsnummer in an accepted form."""
    try:
        _canonical(text, today)
    except PersonnummerError:
        return False
    return True


_IN_TEXT = re.compile(
    r"(?<![0-9])([0-9]{6}(?:[0-9]{2})?) ?([-+\u2010-\u2015\u2212]?) ?([0-9]{4})(?![0-9])"
)
"""A number's shape inside free text: 6 or 8 digits, then at most a space, one '-' or '+' (or
a typographic dash) and a space, then 4 digits; no digit just before or after it."""


def contains_personnummer(text: str, *, today: date | None = None) -> bool:
    """Whether free text carries a valid personnummer or samordningsnummer.

    A 10- or 12-digit group in the shapes of `_IN_TEXT` counts when its check digit and date
    are valid, as `Personnummer.parse` decides. Not counted: a longer or shorter digit run (a
    GTIN-13, most OCR references), digits split into smaller groups (a phone number written
    070-123 45 67), an organisation number (its month digits are 20 or more). A 10- or 12-digit
    reference or phone number written without spaces that happens to pass both checks counts:
    it cannot be told apart from a personnummer.
    """
    for match in _IN_TEXT.finditer(text):
        first, separator, last = match.groups()
        separator = "+" if separator == "+" and len(first) == 6 else "-"
        if is_valid_personnummer(f"{first}{separator}{last}", today=today):
            return True
    return False


def _canonical(text: str, today: date | None) -> str:
    if len(text) > _MAX_INPUT:
        raise PersonnummerError("too long for a personnummer")
    compact = text.strip()
    separator = ""
    if len(compact) in (11, 13) and compact[-5] in "-+":
        separator, compact = compact[-5], compact[:-5] + compact[-4:]
    if not (compact and _ASCII_DIGITS.issuperset(compact)):
        raise PersonnummerError("a personnummer has digits and at most one - or +")
    today = today or date.today()
    if len(compact) == 12:
        if separator == "+":
            raise PersonnummerError("the + separator belongs to the 10-digit form")
        digits = compact
    elif len(compact) == 10:
        digits = _with_century(compact, separator == "+", today)
    else:
        raise PersonnummerError("a personnummer has 10 or 12 digits")
    _validate(digits, today)
    return digits


def _with_century(ten: str, centenarian: bool, today: date) -> str:
    base_year = today.year - (100 if centenarian else 0)
    year = base_year - (base_year - int(ten[:2])) % 100
    return f"{year:04d}{ten[2:]}"


def _validate(digits: str, today: date) -> None:
    if luhn_check_digit(digits[2:11]) != int(digits[11]):
        raise PersonnummerError("the check digit of the personnummer is wrong")
    born = _birth_date(digits)
    if digits[8:11] == "000":
        raise PersonnummerError("serial number 000 is never issued")
    if born > today:
        raise PersonnummerError("the birth date in the personnummer lies in the future")
    if _age(born, today) > MAX_AGE:
        raise PersonnummerError(f"the personnummer implies an age over {MAX_AGE}")


def _age(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _birth_date(digits: str) -> date:
    day = int(digits[6:8])
    if day > COORDINATION_DAY_OFFSET:
        day -= COORDINATION_DAY_OFFSET
    try:
        return date(int(digits[:4]), int(digits[4:6]), day)
    except ValueError:
        raise PersonnummerError("the birth date in the personnummer does not exist") from None
