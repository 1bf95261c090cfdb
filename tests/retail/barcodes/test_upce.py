import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retail.barcodes import (
    InvalidBarcodeError,
    RejectReason,
    compress_upca,
    expand_upce,
    is_valid_gtin,
)
from tests.retail.barcodes.strategies import digits, scanner_noise
from tests.retail.outcome import outcome


@pytest.mark.parametrize(
    ("upce", "upca"),
    [
        ("04252614", "042100005264"),  # d6 = 2
        ("01234565", "012345000065"),  # d6 = 5-9
        ("01234531", "012300000451"),  # d6 = 3
        ("01234543", "012340000053"),  # d6 = 4
        ("11234502", "112000003452"),  # number system 1, d6 = 0
    ],
)
def test_expansion_patterns(upce: str, upca: str) -> None:
    assert expand_upce(upce) == upca
    assert is_valid_gtin(upca)
    assert compress_upca(upca) == upce


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("04252615", RejectReason.BAD_CHECK_DIGIT),
        ("0425261", RejectReason.BAD_LENGTH),
        ("2425261X", RejectReason.NOT_DIGITS),
        ("24252614", RejectReason.BAD_NUMBER_SYSTEM),
    ],
)
def test_rejections(code: str, reason: RejectReason) -> None:
    with pytest.raises(InvalidBarcodeError) as caught:
        expand_upce(code)
    assert caught.value.reason is reason


@pytest.mark.parametrize(
    "upca", ["712345678904", "012345678905", "01234500006", "01234500006x", "012345600005"]
)
def test_not_compressible(upca: str) -> None:
    assert compress_upca(upca) is None


def _upce_with_check_digit(system: str, six: str) -> str:
    """The one check digit that makes the code expand (found by trial, not by our formula)."""
    for check in "0123456789":
        try:
            expand_upce(system + six + check)
        except InvalidBarcodeError:
            continue
        return system + six + check
    raise AssertionError("no check digit fits")


@settings(deadline=None)
@given(st.sampled_from("01"), digits(6))
def test_expanded_codes_are_valid_and_compress_back(system: str, six: str) -> None:
    upce = _upce_with_check_digit(system, six)
    upca = expand_upce(upce)
    assert is_valid_gtin(upca)
    assert upca[-1] == upce[-1]
    compressed = compress_upca(upca)
    assert compressed is not None
    assert expand_upce(compressed) == upca


@settings(deadline=None)
@given(scanner_noise)
def test_never_an_unexpected_exception(text: str) -> None:
    result = outcome(expand_upce, text)
    if isinstance(result, InvalidBarcodeError):
        assert result.reason in RejectReason
    else:
        assert isinstance(result, str)
        assert is_valid_gtin(result)
    compressed = compress_upca(text)
    assert compressed is None or len(compressed) == 8
