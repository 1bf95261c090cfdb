"""The daily Z-report: totals per VAT rate and payment method of the receipts since the last one.

`close_z_report` stores it (table, journal entry, outbox) in one transaction; `draft_z_report`
computes the same without storing (an X-report). `ZReportClock` says when one is due: at
`z_report_hour` local time, for the business day that just ended.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, insert, select

from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.journal_store import append_entry
from store_controller.core.clock import Clock
from store_controller.db import tables
from store_controller.db.prepared import begin_immediate
from store_controller.db.sessions import engine_of
from store_controller.outbox.queue import enqueue_on

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retail.wire import ZReport
    from store_controller.db.sessions import Sessions


log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ZReportClock:
    """When Z-reports are due, in the store's local time."""

    hour: int
    timezone: str

    def business_date(self, at: datetime) -> date:
        """The business day in progress at `at` (a day ends at `hour` local time)."""
        local = at.astimezone(ZoneInfo(self.timezone))
        return (local - timedelta(hours=self.hour)).date()

    def last_finished_day(self, now: datetime) -> date:
        """The latest business day that has ended by `now`: its Z-report is due."""
        return self.business_date(now) - timedelta(days=1)


def draft_z_report(
    connection: Connection | Session, *, register_id: str, business_date: date, closed_at: datetime
) -> ZReport:
    """The Z-report of every sale after the register's last Z, up to now (not stored)."""
    from retail.wire import PaymentMethod, PaymentTotal, VatLine, ZReport  # once a day

    sales_table = tables.sales
    previous, after = _previous(connection, register_id)
    sales = connection.execute(
        select(
            sales_table.c.sale_id,
            sales_table.c.receipt_number,
            sales_table.c.occurred_at,
            sales_table.c.total_ore,
        )
        .where(sales_table.c.register_id == register_id, sales_table.c.receipt_number > after)
        .order_by(sales_table.c.receipt_number)
    ).all()
    ids = [sale.sale_id for sale in sales]
    vat: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    vat_table = tables.sale_vat
    vat_rows = connection.execute(
        select(
            vat_table.c.rate_bp, vat_table.c.gross_ore, vat_table.c.vat_ore, vat_table.c.net_ore
        ).where(vat_table.c.sale_id.in_(ids))
    )
    for row in vat_rows:
        totals = vat[row.rate_bp]
        totals[0] += row.gross_ore
        totals[1] += row.vat_ore
        totals[2] += row.net_ore
    paid: defaultdict[str, int] = defaultdict(int)
    payments = tables.sale_payments
    for payment in connection.execute(
        select(payments.c.method, payments.c.amount_ore).where(payments.c.sale_id.in_(ids))
    ):
        paid[payment.method] += payment.amount_ore
    net_sales = sum(sale.total_ore for sale in sales)
    return ZReport(
        register_id=register_id,
        z_number=1 if previous is None else previous.z_number + 1,
        business_date=business_date,
        opened_at=previous.closed_at
        if previous
        else (sales[0].occurred_at if sales else closed_at),
        closed_at=closed_at,
        first_receipt=sales[0].receipt_number if sales else None,
        last_receipt=sales[-1].receipt_number if sales else None,
        receipt_count=len(sales),
        sales_ore=sum(s.total_ore for s in sales if s.total_ore > 0),
        returns_ore=sum(s.total_ore for s in sales if s.total_ore < 0),
        vat=tuple(
            VatLine(rate_bp=rate, gross_ore=g, vat_ore=v, net_ore=n)
            for rate, (g, v, n) in sorted(vat.items(), reverse=True)
        ),
        payments=tuple(
            PaymentTotal(method=PaymentMethod(method), amount_ore=amount)
            for method, amount in sorted(paid.items())
        ),
        grand_total_ore=(previous.grand_total_ore if previous else 0) + net_sales,
    )


def _previous(connection: Connection | Session, register_id: str) -> tuple[ZReport | None, int]:
    """The register's last Z-report, and the last receipt number any Z-report covered."""
    from retail.wire import ZReport

    table = tables.z_reports
    bodies = connection.scalars(
        select(table.c.body)
        .where(table.c.register_id == register_id)
        .order_by(table.c.z_number.desc())
    )
    previous: ZReport | None = None
    for body in bodies:
        report = ZReport.model_validate(body)
        previous = previous or report
        if report.last_receipt is not None:
            return previous, report.last_receipt
    return previous, 0


def close_z_report(
    sessions: Sessions,
    *,
    register_id: str,
    business_date: date,
    closed_at: datetime,
) -> ZReport | None:
    """Store the Z-report of `business_date` (None if that day already has one). Core
    statements, once a day: closing the day does not load the ORM (memory on a Pi 3, issue 23)."""
    table = tables.z_reports
    with engine_of(sessions).connect() as connection:
        if connection.dialect.name == "sqlite":
            begin_immediate(connection)  # receipt numbers and the chain head serialized
        exists = connection.scalar(
            select(table.c.z_number).where(
                table.c.register_id == register_id,
                table.c.business_date == business_date.isoformat(),
            )
        )
        if exists is not None:
            return None
        report = draft_z_report(
            connection, register_id=register_id, business_date=business_date, closed_at=closed_at
        )
        body = report.model_dump(mode="json")
        append_entry(
            connection,
            kind="z_report",
            register_id=register_id,
            body=body,
            created_at=closed_at,
        )
        connection.execute(
            insert(table),
            {
                "register_id": register_id,
                "z_number": report.z_number,
                "business_date": business_date.isoformat(),
                "body": body,
                "created_at": closed_at,
            },
        )
        enqueue_on(connection, report, at=closed_at)
        connection.commit()
        return report


def latest_business_date(connection: Connection | Session, register_id: str) -> date | None:
    table = tables.z_reports
    value = connection.scalar(
        select(table.c.business_date)
        .where(table.c.register_id == register_id)
        .order_by(table.c.z_number.desc())
        .limit(1)
    )
    return None if value is None else date.fromisoformat(value)


class ZReporter:
    """Closes the Z-report of each finished business day, once (also after downtime)."""

    def __init__(self, *, sessions: Sessions, clock: Clock, config: CheckoutConfig) -> None:
        self._sessions = sessions
        self._clock = clock
        self._register = config.register_id
        self._days = ZReportClock(config.z_report_hour, config.timezone)
        self._done: date | None = None

    async def tick(self) -> ZReport | None:
        """Close the last finished day's Z-report if it is due; the report, or None."""
        now = self._clock.now()
        due = self._days.last_finished_day(now)
        if self._done == due:
            return None
        with engine_of(self._sessions).connect() as connection:
            latest = latest_business_date(connection, self._register)
        report = None
        if latest is None or latest < due:
            report = await asyncio.to_thread(
                close_z_report,
                self._sessions,
                register_id=self._register,
                business_date=due,
                closed_at=now,
            )
            if report is not None:
                log.info("z-report closed", extra={"z_number": report.z_number})
        self._done = due
        return report
