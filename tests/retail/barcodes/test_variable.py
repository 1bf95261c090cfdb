import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retail.barcodes import (
    InvalidBarcodeError,
    MeasureKind,
    RejectReason,
    decode_variable_measure,
    is_valid_gtin,
    is_variable_measure,
    with_check_digit,
)
from retail.money import Money
from tests.retail.barcodes.strategies import digits


@pytest.mark.parametrize(
    ("x", "kind", "price_ore", "weight_g"),
    [
        ("0", MeasureKind.PRICE, 1234, None),  # 12,34 kr
        ("1", MeasureKind.PRICE, 12340, None),  # 123,4 kr
        ("2", MeasureKind.PRICE, 123400, None),  # 1234 kr
        ("3", MeasureKind.WEIGHT, None, 1234),  # 1,234 kg
        ("4", MeasureKind.WEIGHT, None, 12340),  # 12,34 kg
        ("5", MeasureKind.WEIGHT, None, 123400),  # 123,4 kg
    ],
)
def test_swedish_value_schemes(
    x: str, kind: MeasureKind, price_ore: int | None, weight_g: int | None
) -> None:
    code = with_check_digit(f"2{x}123456" + "1234")
    assert is_variable_measure(code)
    measure = decode_variable_measure(code)
    assert measure.article == f"2{x}123456"
    assert measure.kind is kind
    assert measure.price == (None if price_ore is None else Money(price_ore))
    assert measure.weight_g == weight_g


def test_odoo_documentation_example_read_the_swedish_way() -> None:
    # Odoo's sample rule 21.....{NNDDD} reads 2112345015002 as 1,5 kg; GS1 Sweden's 21 is a
    # price with one decimal: article 21123450, 150,0 kr.
    assert is_valid_gtin("2112345015002")
    measure = decode_variable_measure("2112345015002")
    assert (measure.article, measure.kind, measure.price) == (
        "21123450",
        MeasureKind.PRICE,
        Money(15000),
    )


@pytest.mark.parametrize(
    "code", ["2612345012347", "2912345012344", "7310865004703", "210000000000", "20123456"]
)
def test_other_codes_are_not_swedish_variable_measure(code: str) -> None:
    assert not is_variable_measure(code)


@pytest.mark.parametrize(("x", "kind"), [("0", "price"), ("2", "price"), ("3", "weight")])
def test_a_zero_value_is_refused_with_the_reason(x: str, kind: str) -> None:
    with pytest.raises(InvalidBarcodeError, match=f"zero {kind}") as caught:
        decode_variable_measure(with_check_digit(f"2{x}1234560000"))
    assert caught.value.reason is RejectReason.ZERO_VALUE


@settings(deadline=None)
@given(st.sampled_from("012345"), digits(6), st.integers(1, 9999))
def test_value_round_trip(x: str, serial: str, value: int) -> None:
    code = with_check_digit(f"2{x}{serial}{value:04d}")
    measure = decode_variable_measure(code)
    factor = 10 ** (int(x) % 3)
    assert measure.article == code[:8]
    embedded = measure.price.ore if measure.price is not None else measure.weight_g
    assert embedded == value * factor
    assert (measure.kind is MeasureKind.PRICE) == (x in "012")
