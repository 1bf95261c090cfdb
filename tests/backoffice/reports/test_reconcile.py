"""Every figure reconciled against the raw sales: per local day and rate, to the öre, across the
food VAT change (2026-04-01) and the spring clock change (2026-03-29)."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from backoffice.reports.periods import Grain
from backoffice.reports.scope import ReportScope
from backoffice.reports.vat import vat_report
from tests.backoffice.reports.trading import sale_specs, store_sales, vat_by_day

SLUGS = itertools.count(1)
RANGE = (date(2026, 3, 26), date(2026, 4, 3))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(sale_specs, min_size=1, max_size=25))
def test_vat_per_day_and_rate_equals_the_receipts(
    sessions: sessionmaker[Session], specs: list
) -> None:
    with sessions.begin() as session:
        store_id, sales = store_sales(session, f"byn-{next(SLUGS)}", specs)
        scope = ReportScope.of([store_id], *RANGE, "Europe/Stockholm")
        report = vat_report(session=session, scope=scope, grain=Grain.DAY)
    got = {(r.period, r.rate_bp): (r.gross_ore, r.vat_ore, r.net_ore) for r in report.rows}
    assert got == vat_by_day(sales)
