from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retail.money import Money
from retail.vat import SWEDISH_VAT, VatClass, VatRow, VatSummary, vat_included


@pytest.mark.parametrize(
    ("gross", "rate_bp", "vat"),
    [
        (12500, 2500, 2500),
        (10600, 600, 600),
        (11200, 1200, 1200),
        (100, 2500, 20),
        (1, 2500, 0),
        (3, 2500, 1),  # 0.6 -> 1
        (53, 600, 3),  # 3.0 exactly
        (9, 600, 1),  # 0.509 -> 1
        (8, 600, 0),  # 0.453 -> 0
        (-3, 2500, -1),
        (1000, 0, 0),
    ],
)
def test_vat_included_rounds_half_up(gross: int, rate_bp: int, vat: int) -> None:
    assert vat_included(Money(gross), rate_bp) == Money(vat)


def test_exact_half_rounds_up() -> None:
    # At 100 % the VAT is half the gross: 1 öre holds exactly 0,5 öre of VAT.
    assert vat_included(Money(1), 10_000) == Money(1)
    assert vat_included(Money(-1), 10_000) == Money(-1)


def test_mixed_receipt_rounds_per_rate_not_per_line() -> None:
    food = SWEDISH_VAT.rate_bp(VatClass.FOOD, date(2026, 4, 1))
    lines = [(food, Money(9)), (food, Money(9)), (2500, Money(2995)), (2500, Money(1))]
    summary = VatSummary.of_lines(lines)
    assert [row.rate_bp for row in summary.rows] == [2500, 600]
    standard, reduced = summary.rows
    assert standard.gross == Money(2996)
    assert standard.vat == Money(599)  # 599.2
    assert reduced.gross == Money(18)
    assert reduced.vat == Money(1)  # 1.02; per line it would have been 1 + 1 = 2
    assert summary.gross == Money(3014)
    assert summary.vat == Money(600)
    assert summary.net == Money(2414)
    assert reduced.net == Money(17)
    assert standard.label == "Moms 25\u00a0%"


def test_same_rate_from_two_classes_is_one_row() -> None:
    on = date(2026, 4, 1)
    food = SWEDISH_VAT.rate_bp(VatClass.FOOD, on)
    books = SWEDISH_VAT.rate_bp(VatClass.REDUCED, on)
    summary = VatSummary.of_lines([(food, Money(1060)), (books, Money(1060))])
    assert summary.rows == (VatRow(600, Money(2120), Money(120)),)


def test_food_before_and_after_the_cut() -> None:
    before = SWEDISH_VAT.rate_bp(VatClass.FOOD, date(2026, 3, 31))
    after = SWEDISH_VAT.rate_bp(VatClass.FOOD, date(2026, 4, 1))
    assert VatSummary.of_lines([(before, Money(11200))]).vat == Money(1200)
    assert VatSummary.of_lines([(after, Money(10600))]).vat == Money(600)


def test_empty_summary() -> None:
    summary = VatSummary.of_lines([])
    assert summary.rows == ()
    assert summary.gross == summary.vat == summary.net == Money(0)


def test_combine_adds_rows_without_recomputing() -> None:
    receipt = VatSummary.of_lines([(600, Money(9))])  # VAT 1 (0.509)
    day = VatSummary.combine([receipt, receipt, VatSummary.of_lines([(2500, Money(500))])])
    assert day.rows == (VatRow(2500, Money(500), Money(100)), VatRow(600, Money(18), Money(2)))
    assert VatSummary.combine([]) == VatSummary()


lines_strategy = st.lists(
    st.tuples(st.sampled_from([2500, 1200, 600, 0]), st.integers(-(10**7), 10**7).map(Money)),
    max_size=30,
)


@settings(deadline=None)
@given(lines_strategy)
def test_summary_properties(lines: list[tuple[int, Money]]) -> None:
    summary = VatSummary.of_lines(lines)
    assert summary.gross == Money.total(gross for _, gross in lines)
    assert summary.net + summary.vat == summary.gross
    rates = [row.rate_bp for row in summary.rows]
    assert rates == sorted(set(rates), reverse=True)
    for row in summary.rows:
        exact = Fraction(row.gross.ore * row.rate_bp, 10_000 + row.rate_bp)
        assert abs(exact - row.vat.ore) <= Fraction(1, 2)
    assert VatSummary.combine([summary]) == summary
