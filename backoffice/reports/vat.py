"""VAT per local period and rate: the sum of the receipts' own VAT rows, never recomputed.

Each receipt carries its VAT per rate as the register computed it on the day of sale, on that
day's rate (the food rate is 12 % until 2026-03-31 and 6 % from 2026-04-01), so a period across
the change lists both rates, each with exactly the VAT the receipts (and their Z-reports) show.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from backoffice.reports.figures import VatReport, VatRow
from backoffice.reports.periods import Grain
from backoffice.reports.sales import scope_read
from backoffice.reports.scope import ReportScope
from backoffice.reports.sources import labelled_sums, vat_days, vat_hours, vat_local

Key = tuple[str, int | None, int]


def vat_report(
    *, session: Session, scope: ReportScope, grain: Grain, per_store: bool = False
) -> VatReport:
    """Gross, VAT and net per local `grain` and rate (highest rate first within a period)."""
    sums: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    summed = labelled_sums(
        session, scope, grain, per_store=per_store, local=vat_local, hourly=vat_hours
    )
    for label, values in summed:
        store = values.pop(0) if per_store else None
        rate, *amounts = values
        for i, amount in enumerate(amounts):
            sums[(label, store, rate)][i] += amount
            totals[rate][i] += amount
    rows = sorted(sums.items(), key=lambda item: (item[0][1] or 0, item[0][0], -item[0][2]))
    return VatReport(
        scope=scope_read(scope),
        grain=str(grain),
        rows=tuple(_row(label, store, rate, values) for (label, store, rate), values in rows),
        totals=tuple(
            _row("total", None, rate, totals[rate]) for rate in sorted(totals, reverse=True)
        ),
    )


def _row(period: str, store: int | None, rate: int, values: list[int]) -> VatRow:
    gross, vat, net = values
    return VatRow(
        period=period, store_id=store, rate_bp=rate, gross_ore=gross, vat_ore=vat, net_ore=net
    )


def vat_by_store_day(
    *, session: Session, scope: ReportScope
) -> dict[tuple[int, str], dict[int, tuple[int, int, int]]]:
    """{(store, local day): {rate: (gross, vat, net)}}: what one voucher per store and day books."""
    summed = vat_days(session, scope)
    if summed is not None:
        by_day: dict[tuple[int, str], dict[int, tuple[int, int, int]]] = defaultdict(dict)
        for day, store_id, rate, gross, vat, net in summed:
            by_day[(store_id, day.isoformat())][rate] = (gross, vat, net)
        return by_day
    report = vat_report(session=session, scope=scope, grain=Grain.DAY, per_store=True)
    days: dict[tuple[int, str], dict[int, tuple[int, int, int]]] = defaultdict(dict)
    for row in report.rows:
        assert row.store_id is not None
        days[(row.store_id, row.period)][row.rate_bp] = (row.gross_ore, row.vat_ore, row.net_ore)
    return days
