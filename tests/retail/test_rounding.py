from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retail.rounding import div_round_half_up


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(5, 10, 1), (4, 10, 0), (15, 10, 2), (-5, 10, -1), (-4, 10, 0), (-15, 10, -2), (0, 3, 0)],
)
def test_halves_go_away_from_zero(numerator: int, denominator: int, expected: int) -> None:
    assert div_round_half_up(numerator, denominator) == expected


def test_denominator_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        div_round_half_up(1, 0)


@settings(deadline=None)
@given(st.integers(-(10**15), 10**15), st.integers(1, 10**6))
def test_matches_exact_fraction_rounding(numerator: int, denominator: int) -> None:
    exact = Fraction(numerator, denominator)
    result = div_round_half_up(numerator, denominator)
    assert abs(exact - result) <= Fraction(1, 2)
    if abs(exact - result) == Fraction(1, 2):
        assert abs(result) > abs(exact)
    assert div_round_half_up(-numerator, denominator) == -result
