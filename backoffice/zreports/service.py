"""Apply reported Z-reports (one per register and Z number; a repeat is ignored)."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from backoffice.sales.models import Sale
from backoffice.zreports.models import ZReport
from retail import wire


def record_z_report(*, session: Session, store_id: int, seq: int, report: wire.ZReport) -> None:
    if session.get(ZReport, (store_id, report.register_id, report.z_number)) is not None:
        return
    sales, returns = _grand_totals_before(session, store_id, report)
    session.add(
        ZReport(
            store_id=store_id,
            register_id=report.register_id,
            z_number=report.z_number,
            business_date=report.business_date,
            opened_at=report.opened_at,
            closed_at=report.closed_at,
            receipt_count=report.receipt_count,
            sales_ore=report.sales_ore,
            returns_ore=report.returns_ore,
            grand_total_ore=report.grand_total_ore,
            grand_sales_ore=sales + report.sales_ore,
            grand_returns_ore=returns + report.returns_ore,
            body=report.model_dump(mode="json"),
            seq=seq,
        )
    )
    session.flush()


def _grand_totals_before(session: Session, store_id: int, report: wire.ZReport) -> tuple[int, int]:
    """The register's sales and returns before this Z-report: the previous Z-report's grand
    totals; without one (the register's first, or the previous not received yet), the sums of
    the register's receipts before this Z-report's first receipt."""
    previous = session.get(ZReport, (store_id, report.register_id, report.z_number - 1))
    if previous is not None:
        return previous.grand_sales_ore, previous.grand_returns_ore
    if report.first_receipt is None:
        return 0, 0
    sales, returns = session.execute(
        select(
            func.coalesce(func.sum(case((Sale.total_ore > 0, Sale.total_ore), else_=0)), 0),
            func.coalesce(func.sum(case((Sale.total_ore < 0, Sale.total_ore), else_=0)), 0),
        ).where(
            Sale.store_id == store_id,
            Sale.register_id == report.register_id,
            Sale.receipt_number < report.first_receipt,
        )
    ).one()
    return int(sales), int(returns)
