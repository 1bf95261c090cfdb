"""Apply reported Z-reports (one per register and Z number; a repeat is ignored)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backoffice.zreports.models import ZReport
from retail import wire


def record_z_report(*, session: Session, store_id: int, seq: int, report: wire.ZReport) -> None:
    if session.get(ZReport, (store_id, report.register_id, report.z_number)) is not None:
        return
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
            body=report.model_dump(mode="json"),
            seq=seq,
        )
    )
    session.flush()
