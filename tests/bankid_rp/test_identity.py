"""The private personal number type: Luhn, dates, and a text form that never shows the digits."""

from __future__ import annotations

import pytest

from bankid_rp.identity import MASK, PersonalNumber, is_valid_personal_number


@pytest.mark.parametrize(
    "digits",
    ["196408233234", "191212121212", "199908072391", "197010632391", "201701012393"],
)
def test_valid_numbers_from_the_reference(digits: str) -> None:
    assert is_valid_personal_number(digits)


@pytest.mark.parametrize(
    "digits",
    ["196408233235", "190000000000", "19640823323", "19640823323a", "199001011234", "6408233234"],
)
def test_invalid_numbers(digits: str) -> None:
    assert not is_valid_personal_number(digits)


def test_text_forms_are_masked() -> None:
    number = PersonalNumber("199908072391")
    for text in (repr(number), str(number), f"{number}", f"{number!r}", f"{number}"):
        assert "199908072391" not in text
        assert "9908072391" not in text
    assert MASK in str(number)
    assert number.digits == "199908072391"


def test_equality_and_birth_date() -> None:
    assert PersonalNumber("197010632391") == PersonalNumber("197010632391")
    assert PersonalNumber("197010632391").birth_date.isoformat() == "1970-10-03"
    with pytest.raises(ValueError, match="not a valid") as caught:
        PersonalNumber("196408233235")
    assert "196408233235" not in str(caught.value)


def test_numbers_from_bankid_are_trusted_but_must_be_twelve_digits() -> None:
    odd = PersonalNumber.from_bankid("190000000000")  # BankID is the authority on who exists
    assert odd.digits == "190000000000"
    assert "190000000000" not in repr(odd)
    with pytest.raises(ValueError, match="no valid date"):
        _ = odd.birth_date
    with pytest.raises(ValueError, match="12 digits"):
        PersonalNumber.from_bankid("19000000000x")
