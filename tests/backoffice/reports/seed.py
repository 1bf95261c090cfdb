"""Trading and a Z-report at store a-1 of the access-test world, for the reports pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from backoffice.sales.service import record_sales
from backoffice.stores.models import Store
from backoffice.zreports.service import record_z_report
from retail import wire
from tests.backoffice.reports.test_exports import z_of
from tests.backoffice.reports.trading import LineSpec, SaleSpec, make_sale
from tests.backoffice.world import World

MILK = "07310865071805"
PAPER = "09771234567003"
DAY = datetime(2026, 5, 2, 7, 0, tzinfo=UTC)  # 09:00 in Stockholm, a Saturday


def seed_trading(world: World) -> list[wire.Sale]:
    """Three sales on 2 May 2026 and one on 3 May (a-1), and the Z-report of 2 May."""
    specs = [
        SaleSpec(DAY, (LineSpec(MILK, 2, 1895),)),
        SaleSpec(DAY + timedelta(hours=1), (LineSpec(PAPER, 1, 3500), LineSpec(MILK, 1, 1895))),
        SaleSpec(
            DAY + timedelta(hours=2),
            (LineSpec(MILK, 3, 1895),),
            method=wire.PaymentMethod.MEMBER_ACCOUNT,
        ),
        SaleSpec(DAY + timedelta(days=1), (LineSpec(MILK, 1, 1895),)),
    ]
    sales = [make_sale(spec, receipt) for receipt, spec in enumerate(specs, start=1)]
    with world.backoffice.sessions.begin() as session:
        store_id = session.scalar(select(Store.id).where(Store.slug == "a-1"))
        assert store_id is not None
        record_sales(
            session=session,
            store_id=store_id,
            sales=list(enumerate(sales, start=1)),
            now=world.clock.now,
        )
        record_z_report(
            session=session,
            store_id=store_id,
            seq=1,
            report=z_of("2026-05-02", sales[:3], 1, sum(s.total_ore for s in sales[:3])),
        )
    return sales
