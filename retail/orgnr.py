"""Swedish organisation numbers (organisationsnummer) and the VAT number made from one.

Ten digits written NNNNNN-NNNN; the last is a Luhn check digit over the first nine, as for a
personnummer. A legal person's third digit is at least 2 (so it never reads as a birth month);
a sole trader uses their personnummer, which this module refuses: it never belongs on a store.
The Swedish VAT number (momsregistreringsnummer) is "SE", the ten digits and "01".
"""

from __future__ import annotations

import re

from retail.personnummer import luhn_check_digit

_FORM = re.compile(r"^\s*(?:16)?([0-9]{6})-?([0-9]{4})\s*$")
_VAT = re.compile(r"^SE([0-9]{10})01$")


class OrgNumberError(ValueError):
    """Not a Swedish organisation number (the message says why, never repeating the input)."""


def parse_org_number(text: str) -> str:
    """`text` as NNNNNN-NNNN, or OrgNumberError (wrong form, not a legal person, check digit)."""
    match = _FORM.match(text)
    if match is None:
        raise OrgNumberError("an organisation number is ten digits, written NNNNNN-NNNN")
    digits = match[1] + match[2]
    if int(digits[2]) < 2:
        raise OrgNumberError("the third digit of an organisation number is 2 or more")
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise OrgNumberError("the check digit of the organisation number is wrong")
    return f"{digits[:6]}-{digits[6:]}"


def vat_number(org_number: str) -> str:
    """The Swedish VAT number of organisation number `org_number`: SE + ten digits + 01."""
    return "SE" + parse_org_number(org_number).replace("-", "") + "01"


def org_number_of_vat(vat: str) -> str:
    """The organisation number inside a Swedish VAT number, or OrgNumberError."""
    match = _VAT.match(vat.replace(" ", "").upper())
    if match is None:
        raise OrgNumberError("a Swedish VAT number is SE, ten digits and 01")
    return parse_org_number(match[1])
