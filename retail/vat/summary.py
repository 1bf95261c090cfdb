"""The per-rate VAT summary of a receipt, a Z-report or a VAT report.

Shelf prices include VAT. A receipt's VAT is computed once per rate, on the gross total of that
rate's lines: `vat = gross * rate / (1 + rate)`, rounded half-up (away from zero) to whole öre;
`net = gross - vat`. Reports add the rows of their receipts; they never recompute VAT.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from retail.money import Money
from retail.vat.rates import format_rate


@dataclass(frozen=True, slots=True)
class VatRow:
    """Gross, VAT and net at one rate."""

    rate_bp: int
    gross: Money
    vat: Money

    @property
    def net(self) -> Money:
        """Gross minus VAT."""
        return self.gross - self.vat

    @property
    def label(self) -> str:
        """Receipt text for the rate, e.g. "Moms 25 %"."""
        return f"Moms {format_rate(self.rate_bp)}"


def vat_included(gross: Money, rate_bp: int) -> Money:
    """The VAT inside a VAT-inclusive `gross` at `rate_bp`, rounded half-up to öre."""
    return gross.times_fraction(rate_bp, 10_000 + rate_bp)


@dataclass(frozen=True, slots=True)
class VatSummary:
    """Rows by rate, highest rate first, one row per rate."""

    rows: tuple[VatRow, ...] = ()

    @classmethod
    def of_lines(cls, lines: Iterable[tuple[int, Money]]) -> VatSummary:
        """Summarise receipt lines given as `(rate_bp, gross line amount)` pairs."""
        gross_by_rate: dict[int, int] = {}
        for rate_bp, gross in lines:
            gross_by_rate[rate_bp] = gross_by_rate.get(rate_bp, 0) + gross.ore
        rows = (
            VatRow(rate, Money(gross), vat_included(Money(gross), rate))
            for rate, gross in gross_by_rate.items()
        )
        return cls(tuple(sorted(rows, key=lambda row: -row.rate_bp)))

    @classmethod
    def combine(cls, summaries: Iterable[VatSummary]) -> VatSummary:
        """Add receipts' summaries row by row (for a Z-report or a VAT report)."""
        totals: dict[int, tuple[int, int]] = {}
        for summary in summaries:
            for row in summary.rows:
                gross, vat = totals.get(row.rate_bp, (0, 0))
                totals[row.rate_bp] = (gross + row.gross.ore, vat + row.vat.ore)
        rows = (VatRow(rate, Money(g), Money(v)) for rate, (g, v) in totals.items())
        return cls(tuple(sorted(rows, key=lambda row: -row.rate_bp)))

    @property
    def gross(self) -> Money:
        """Total including VAT."""
        return Money.total(row.gross for row in self.rows)

    @property
    def vat(self) -> Money:
        """Total VAT."""
        return Money.total(row.vat for row in self.rows)

    @property
    def net(self) -> Money:
        """Total excluding VAT."""
        return self.gross - self.vat
