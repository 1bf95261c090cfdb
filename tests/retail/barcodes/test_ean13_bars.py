"""EAN-13 bars against python-barcode's own encoder, and refusals of codes that cannot be drawn."""

from __future__ import annotations

import barcode
import pytest
from hypothesis import given
from hypothesis import strategies as st

from retail.barcodes import InvalidBarcodeError, RejectReason, with_check_digit
from retail.barcodes.ean13_bars import ean13_modules


@given(st.text("0123456789", min_size=12, max_size=12))
def test_the_bars_are_the_standard_ones(body: str) -> None:
    code = with_check_digit(body)
    reference = barcode.EAN13(body).build()[0]
    assert ean13_modules(code) == reference
    assert len(ean13_modules(code)) == 95


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("731000000001", RejectReason.BAD_LENGTH),
        ("73100000000a1", RejectReason.BAD_LENGTH),
        ("7310000000011", RejectReason.BAD_CHECK_DIGIT),
    ],
)
def test_a_code_that_is_no_ean13_is_refused(code: str, reason: RejectReason) -> None:
    with pytest.raises(InvalidBarcodeError) as refused:
        ean13_modules(code)
    assert refused.value.reason is reason
