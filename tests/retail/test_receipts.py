import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retail.errors import ReceiptNumberError
from retail.receipts import (
    ReceiptNumber,
    check_series,
    first_receipt_number,
    next_receipt_number,
    parse_receipt_number,
)
from tests.retail.outcome import outcome


def test_series_starts_at_one_and_steps_by_one() -> None:
    first = next_receipt_number("byn", "k1", None)
    assert first == first_receipt_number("byn", "k1") == ReceiptNumber("byn", "k1", 1)
    assert next_receipt_number("byn", "k1", 41) == ReceiptNumber("byn", "k1", 42)
    assert first.next().next().number == 3


def test_format_and_parse() -> None:
    number = ReceiptNumber("byn-ost", "kiosk-1", 42)
    assert str(number) == "byn-ost/kiosk-1/000042"
    assert parse_receipt_number(" byn-ost/kiosk-1/000042 ") == number
    assert str(ReceiptNumber("a", "b", 1234567)) == "a/b/1234567"


@pytest.mark.parametrize(
    "text", ["", "byn/k1/42", "Byn/k1/000042", "byn/k1", "byn//000042", "x" * 300, "byn/k1/00004a"]
)
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ReceiptNumberError, match="reads store/register"):
        parse_receipt_number(text)


@pytest.mark.parametrize(
    ("store", "register", "number", "message"),
    [
        ("Byn", "k1", 1, "lowercase"),
        ("byn", "-k1", 1, "lowercase"),
        ("byn", "k1", 0, "between"),
        ("byn", "k1", 10**12, "between"),
    ],
)
def test_constructor_rejects(store: str, register: str, number: int, message: str) -> None:
    with pytest.raises(ReceiptNumberError, match=message):
        ReceiptNumber(store, register, number)


def test_unbroken_series() -> None:
    result = check_series([1, 2, 3, 4])
    assert result.is_unbroken
    assert check_series([]).is_unbroken


def test_gaps_duplicates_and_disorder() -> None:
    result = check_series([1, 2, 5, 5, 4, 9])
    assert result.missing == ((3, 3), (6, 8))
    assert result.duplicates == (5,)
    assert result.out_of_order == (4,)
    assert not result.is_unbroken


def test_missing_start_and_custom_start() -> None:
    assert check_series([3, 4]).missing == ((1, 2),)
    assert check_series([100, 101], start=100).is_unbroken
    assert check_series([99, 100], start=100).out_of_order == (99,)


@settings(deadline=None)
@given(st.integers(1, 10**6), st.integers(0, 300))
def test_any_contiguous_run_is_unbroken(start: int, length: int) -> None:
    assert check_series(range(start, start + length), start=start).is_unbroken


@settings(deadline=None)
@given(st.sets(st.integers(1, 200), max_size=100))
def test_missing_ranges_are_exactly_the_unused_numbers(used: set[int]) -> None:
    result = check_series(sorted(used))
    missing = {n for first, last in result.missing for n in range(first, last + 1)}
    highest = max(used, default=0)
    assert missing == set(range(1, highest + 1)) - used
    assert result.duplicates == result.out_of_order == ()


@settings(deadline=None)
@given(st.text(max_size=40))
def test_parse_never_fails_unexpectedly(text: str) -> None:
    result = outcome(parse_receipt_number, text)
    if isinstance(result, ReceiptNumber):
        assert parse_receipt_number(str(result)) == result
    else:
        assert isinstance(result, ReceiptNumberError)
