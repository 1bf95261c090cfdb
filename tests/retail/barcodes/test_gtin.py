import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import ean

from retail.barcodes import (
    GtinKind,
    InvalidBarcodeError,
    RejectReason,
    from_gtin14,
    gtin_kind,
    is_valid_gtin,
    to_gtin14,
)
from tests.retail.barcodes.strategies import (
    DIGITS,
    GTIN_LENGTHS,
    any_valid_gtin,
    digits,
    scanner_noise,
)
from tests.retail.outcome import outcome


@pytest.mark.parametrize(
    ("code", "kind", "gtin14"),
    [
        ("96385074", GtinKind.EAN8, "00000096385074"),
        ("042100005264", GtinKind.UPCA, "00042100005264"),
        ("7310865004703", GtinKind.EAN13, "07310865004703"),
        ("0701197205291", GtinKind.EAN13, "00701197205291"),
        ("10950110153004", GtinKind.GTIN14, "10950110153004"),
    ],
)
def test_kinds_and_normalisation(code: str, kind: GtinKind, gtin14: str) -> None:
    assert gtin_kind(code) is kind
    assert to_gtin14(code) == gtin14
    assert is_valid_gtin(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("7310865004704", RejectReason.BAD_CHECK_DIGIT),
        ("731086500470", RejectReason.BAD_CHECK_DIGIT),
        ("73108650047033", RejectReason.BAD_CHECK_DIGIT),
        ("1234567", RejectReason.BAD_LENGTH),
        ("123456789012345", RejectReason.BAD_LENGTH),
        ("73108650O4703", RejectReason.NOT_DIGITS),
        ("", RejectReason.NOT_DIGITS),
        (" 7310865004703", RejectReason.NOT_DIGITS),
    ],
)
def test_rejections(code: str, reason: RejectReason) -> None:
    with pytest.raises(InvalidBarcodeError) as caught:
        gtin_kind(code)
    assert caught.value.reason is reason
    assert not is_valid_gtin(code)


def test_bad_check_digit_message_names_both_digits() -> None:
    with pytest.raises(InvalidBarcodeError, match="check digit is 4, expected 3"):
        to_gtin14("7310865004704")


@pytest.mark.parametrize(
    ("gtin14", "short"),
    [
        ("00000096385074", "96385074"),
        ("00042100005264", "042100005264"),
        ("07310865004703", "7310865004703"),
        ("10950110153004", "10950110153004"),
    ],
)
def test_from_gtin14(gtin14: str, short: str) -> None:
    assert from_gtin14(gtin14) == short


@settings(deadline=None)
@given(any_valid_gtin)
def test_round_trip_through_gtin14(code: str) -> None:
    gtin14 = to_gtin14(code)
    assert len(gtin14) == 14
    assert is_valid_gtin(gtin14)
    assert to_gtin14(from_gtin14(gtin14)) == gtin14


@settings(max_examples=300, deadline=None)
@given(st.one_of(*(digits(length - 1) for length in GTIN_LENGTHS)))
def test_agrees_with_stdnum_ean(body: str) -> None:
    # All ten last digits of each body: one right check digit, nine wrong (3000 codes).
    for last in DIGITS:
        assert is_valid_gtin(body + last) == ean.is_valid(body + last), body + last


@settings(deadline=None)
@given(scanner_noise)
def test_never_an_unexpected_exception(text: str) -> None:
    result = outcome(gtin_kind, text)
    if isinstance(result, InvalidBarcodeError):
        assert result.reason in RejectReason
    else:
        assert isinstance(result, GtinKind)
        assert text.isdigit()
