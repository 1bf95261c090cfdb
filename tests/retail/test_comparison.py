"""Comparison prices: per kg, litre and piece, rounded half up, and printed the Swedish way."""

from __future__ import annotations

import pytest

from retail.comparison import ContentUnit, comparison_price, per_kilogram


@pytest.mark.parametrize(
    ("price", "amount", "unit", "label"),
    [
        (2495, 450, ContentUnit.GRAM, "Jfr-pris 55,44 kr/kg"),
        (1895, 1500, ContentUnit.MILLILITRE, "Jfr-pris 12,63 kr/l"),
        (4990, 12, ContentUnit.PIECE, "Jfr-pris 4,16 kr/st"),
        (1, 2, ContentUnit.PIECE, "Jfr-pris 0,01 kr/st"),
        (5, 1000, ContentUnit.GRAM, "Jfr-pris 0,05 kr/kg"),
    ],
)
def test_comparison_prices(price: int, amount: int, unit: ContentUnit, label: str) -> None:
    assert comparison_price(price, amount, unit).label() == label


def test_weight_goods_and_empty_packs() -> None:
    assert per_kilogram(12900).label() == "Jfr-pris 129,00 kr/kg"
    with pytest.raises(ValueError, match="more than zero"):
        comparison_price(100, 0, ContentUnit.GRAM)
