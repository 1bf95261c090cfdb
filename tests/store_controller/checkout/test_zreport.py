"""Z-reports: totals per VAT rate and payment method, receipt range, once per business day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from store_controller.checkout import seed
from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.models import ZReportRow
from store_controller.checkout.verify import verify_journal
from store_controller.checkout.zreport import ZReportClock, ZReporter, close_z_report
from store_controller.core.clock import ManualClock
from store_controller.outbox.models import OutboxEntry
from tests.store_controller.checkout.helpers import scanned, sell

CLOSED = datetime(2026, 11, 28, 23, 0, 30, tzinfo=UTC)  # 00:00:30 in Stockholm


def test_the_business_day_ends_at_the_configured_local_hour() -> None:
    midnight = ZReportClock(hour=0, timezone="Europe/Stockholm")
    assert midnight.business_date(CLOSED) == date(2026, 11, 29)
    assert midnight.last_finished_day(CLOSED) == date(2026, 11, 28)
    assert midnight.last_finished_day(datetime(2026, 11, 28, 22, 59, tzinfo=UTC)) == date(
        2026, 11, 27
    )
    six = ZReportClock(hour=6, timezone="Europe/Stockholm")
    assert six.last_finished_day(datetime(2026, 11, 29, 5, 0, tzinfo=UTC)) == date(2026, 11, 28)


def test_a_z_report_adds_up_the_day(sessions: sessionmaker[Session], engine: Engine) -> None:
    sell(sessions, scanned(sessions, seed.MJOLK, seed.BATTERIER))
    sell(sessions, scanned(sessions, seed.TIDNING, seed.LASK))
    day = date(2026, 11, 28)
    report = close_z_report(sessions, register_id="kassa-1", business_date=day, closed_at=CLOSED)
    assert report is not None
    assert (report.z_number, report.first_receipt, report.last_receipt) == (1, 1, 2)
    assert report.receipt_count == 2
    assert report.sales_ore == 1795 + 4990 + 3500 + 1290 + 100
    assert [(v.rate_bp, v.gross_ore) for v in report.vat] == [(2500, 4990), (600, 6685)]
    assert [(p.method.value, p.amount_ore) for p in report.payments] == [("swish", 11675)]
    again = close_z_report(sessions, register_id="kassa-1", business_date=day, closed_at=CLOSED)
    assert again is None
    sell(sessions, scanned(sessions, seed.KAFFE))
    later = datetime(2026, 11, 29, 23, 0, 30, tzinfo=UTC)
    second = close_z_report(
        sessions, register_id="kassa-1", business_date=date(2026, 11, 29), closed_at=later
    )
    assert second is not None
    assert (second.z_number, second.first_receipt, second.last_receipt) == (2, 3, 3)
    assert second.grand_total_ore == 11675 + 6490
    with sessions() as session:
        assert len(session.scalars(select(ZReportRow)).all()) == 2
        kinds = session.scalars(select(OutboxEntry.kind).where(OutboxEntry.kind == "z_report"))
        assert len(kinds.all()) == 2
    assert verify_journal(engine).ok


@pytest.mark.parametrize("hour", [0, 23])
def test_an_empty_day_still_gets_its_z_report(sessions: sessionmaker[Session], hour: int) -> None:
    day = ZReportClock(hour, "Europe/Stockholm").last_finished_day(CLOSED)
    report = close_z_report(sessions, register_id="kassa-1", business_date=day, closed_at=CLOSED)
    assert report is not None
    assert (report.receipt_count, report.first_receipt, report.vat) == (0, None, ())


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_the_z_report_closes_itself_at_the_hour(sessions: sessionmaker[Session]) -> None:
    clock = ManualClock(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
    reporter = ZReporter(sessions=sessions, clock=clock, config=CheckoutConfig(z_report_hour=0))
    first = await reporter.tick()  # a new register closes yesterday, empty
    assert first is not None
    assert (first.business_date, first.receipt_count) == (date(2026, 11, 27), 0)
    assert await reporter.tick() is None
    sell(sessions, scanned(sessions, seed.MJOLK))
    clock.advance(10 * 3600 + 59 * 60)  # 23:59 in Stockholm
    assert await reporter.tick() is None
    clock.advance(60)  # midnight in Stockholm
    closed = await reporter.tick()
    assert closed is not None
    assert (closed.business_date, closed.z_number, closed.receipt_count) == (
        date(2026, 11, 28),
        2,
        1,
    )
    restarted = ZReporter(sessions=sessions, clock=clock, config=CheckoutConfig())
    assert await restarted.tick() is None  # stored, so never twice
