"""`contains_personnummer`: free text that carries a personnummer is refused where people type."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retail.personnummer import contains_personnummer, luhn_check_digit

TODAY = date(2026, 11, 28)


def with_check(nine_after_century: str) -> str:
    return nine_after_century + str(luhn_check_digit(nine_after_century[-9:]))


def found(text: str) -> bool:
    return contains_personnummer(text, today=TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "191212121212",
        "19121212-1212",
        "121212-1212",
        "1212121212",
        "121212 1212",
        "121212 - 1212",
        "121212  1212",  # a space on each side of no separator
        "121212\u20131212",  # en dash, as a phone keyboard may write it
        "Mitt personnummer är 19121212-1212, tack.",
        "pnr:121212-1212.",
        "(121212-1212)",
        "Radera allt om mig\n19900602-2397",
        "samordningsnummer 197010632391",
        "121212+1212",  # the + of a person in their hundredth year: born 1912
        "19121212+1212",  # + with a 12-digit form is not a form, but the number is there
        "ab 123 45 rad två 121212-1212",
    ],
)
def test_a_valid_number_anywhere_in_the_text_is_found(text: str) -> None:
    assert found(text)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "empty"),
        ("Storgatan 1, 123 45 Byn", "an address"),
        ("070-123 45 67", "a phone number in groups"),
        ("+46 70 123 45 67", "a phone number in international form"),
        ("7310865004703", "a GTIN-13 (13 digits)"),
        ("07310865004703", "a GTIN-14"),
        ("036000291452", "a GTIN-12: year 0360, month 00 is no date"),
        ("202100-5448", "an organisation number: month 21"),
        ("16202100-5448", "an organisation number with the 16 prefix"),
        ("5560360793", "an organisation number without the dash: month 60"),
        ("OCR 1234567890123456", "a 16-digit OCR reference"),
        ("121212-1213", "the check digit is wrong"),
        ("991332-1234", "month 13"),
        ("121212-12121", "a digit right after the number"),
        ("1121212-1212", "a digit right before the number"),
        ("121212--1212", "two separators"),
        ("\uff11\uff12\uff11\uff12\uff11\uff12-\uff11\uff12\uff11\uff12", "full-width digits"),
    ],
)
def test_what_is_not_a_personnummer_is_kept(text: str, why: str) -> None:
    assert not found(text), why


def test_a_ten_digit_ocr_reference_that_passes_both_checks_is_refused() -> None:
    """Documented: such a reference cannot be told from a personnummer (1 in 10 by chance)."""
    reference = with_check("850101123")
    assert found(f"OCR {reference}")
    assert not found(f"OCR {reference[:-1]}{(int(reference[-1]) + 1) % 10}")


def test_the_date_must_be_plausible() -> None:
    tomorrow = with_check("20261129123")
    assert not found(tomorrow)
    assert contains_personnummer(tomorrow, today=date(2026, 11, 29))
    assert not found(with_check("18951128001"))  # over 130 years


def test_a_later_number_is_found_after_an_invalid_one() -> None:
    assert found("123456-7890 och 121212-1212")


def test_the_system_date_is_the_default() -> None:
    assert contains_personnummer("19121212-1212")
    assert not contains_personnummer("Hej")


@given(st.text(max_size=60))
def test_never_an_unexpected_exception(text: str) -> None:
    assert found(text) in (True, False)
