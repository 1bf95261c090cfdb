import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import ean

from retail.barcodes import gs1_check_digit, has_valid_check_digit, with_check_digit
from retail.barcodes.checkdigit import is_ascii_digits
from retail.barcodes.reasons import InvalidBarcodeError, RejectReason
from tests.retail.barcodes.strategies import some_digits


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("070119720529", 1),  # worked example in the reference notes
        ("731086500470", 3),
        ("978047111709", 4),
        ("9638507", 4),
        ("0950110153000", 3),
        ("00000000000000000", 0),
    ],
)
def test_known_check_digits(body: str, check: int) -> None:
    assert gs1_check_digit(body) == check
    assert has_valid_check_digit(body + str(check))
    assert not has_valid_check_digit(body + str((check + 1) % 10))


@pytest.mark.parametrize("code", ["", "7", "12a4", "١٢٣٤٥٦٧٨", "１２３"])
def test_invalid_inputs(code: str) -> None:
    assert not has_valid_check_digit(code)


def test_check_digit_needs_ascii_digits() -> None:
    with pytest.raises(InvalidBarcodeError) as caught:
        gs1_check_digit("12²")
    assert caught.value.reason is RejectReason.NOT_DIGITS


def test_ascii_digits() -> None:
    assert is_ascii_digits("0123456789")
    assert not is_ascii_digits("")
    assert not is_ascii_digits("²")


@settings(max_examples=500, deadline=None)
@given(some_digits(1, 17))
def test_agrees_with_stdnum(body: str) -> None:
    # Every leading part of the body too (about 4500 bodies of every length).
    for length in range(1, len(body) + 1):
        assert str(gs1_check_digit(body[:length])) == ean.calc_check_digit(body[:length]), body


@settings(deadline=None)
@given(some_digits(1, 17), st.data())
def test_every_single_digit_error_is_caught(body: str, data: st.DataObject) -> None:
    code = with_check_digit(body)
    position = data.draw(st.integers(0, len(code) - 1))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != code[position]]))
    assert not has_valid_check_digit(code[:position] + wrong + code[position + 1 :])
