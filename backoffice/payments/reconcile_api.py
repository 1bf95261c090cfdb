"""`GET /api/stores/{slug}/swish-reconciliation?day=` and `byabutik backoffice reconcile`.

The API reads (it changes nothing); the command also raises the store's `payment_mismatch`
alert when the day does not balance, and exits 1 then (for cron and scripts).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import click
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.deps import SessionDep, SettingsDep
from backoffice.payments.reconcile import FindingKind, Reconciliation, alert_findings, reconcile
from backoffice.payments.reconcile_job import callbacks_configured
from backoffice.reports.scope import zone_named
from backoffice.stores.service import get_store

router = APIRouter(tags=["payments"])
DEFAULT_ZONE = "Europe/Stockholm"


class FindingRead(BaseModel):
    kind: FindingKind
    reference: str
    sale_id: str | None
    sale_amount_ore: int | None
    swish_amount_ore: int | None
    swish_id: str | None


class ReconciliationRead(BaseModel):
    store: str
    day: date
    callbacks_configured: bool
    swish_sales: int
    swish_payments: int
    matched: int
    balanced: bool
    findings: list[FindingRead]


def read(result: Reconciliation) -> ReconciliationRead:
    return ReconciliationRead(
        store=result.store,
        day=result.day,
        callbacks_configured=result.callbacks_configured,
        swish_sales=result.swish_sales,
        swish_payments=result.swish_payments,
        matched=result.matched,
        balanced=result.balanced,
        findings=[FindingRead(**f.__dict__) for f in result.findings],
    )


@router.get("/api/stores/{slug}/swish-reconciliation")
def get_reconciliation(
    *,
    slug: str,
    day: date,
    access: Annotated[Access, Depends(require(Permission.SALES_VIEW, from_path("slug")))],
    session: SessionDep,
    settings: SettingsDep,
    tz: Annotated[str, Query(max_length=64)] = DEFAULT_ZONE,
) -> ReconciliationRead:
    """The store's Swish payments of local `day` against its sales; every mismatch listed."""
    store = access.store
    result = reconcile(
        session,
        store=store,
        day=day,
        zone=zone_named(tz),
        callbacks_configured=callbacks_configured(settings),
    )
    return read(result)


@click.command("reconcile")
@click.option("--store", "slug", required=True, help="the store's slug")
@click.option("--day", type=click.DateTime(["%Y-%m-%d"]), required=True, help="local day")
@click.option("--tz", default=DEFAULT_ZONE, show_default=True, help="the store's time zone")
def reconcile_command(slug: str, day: datetime, tz: str) -> None:
    """Reconcile a store's Swish payments of DAY against its sales; alert and exit 1 on any
    payment without a sale, sale without a payment, or amount that differs."""
    from sqlalchemy.orm import Session

    from backoffice.db import make_backoffice_engine
    from backoffice.settings import load_backoffice_settings

    settings = load_backoffice_settings()
    engine = make_backoffice_engine(settings.effective_database_url)
    try:
        with Session(engine) as session:
            store = get_store(session=session, slug=slug)
            result = reconcile(
                session,
                store=store,
                day=day.date(),
                zone=zone_named(tz),
                callbacks_configured=callbacks_configured(settings),
            )
            alert_findings(session, store=store, result=result, now=_now())
            session.commit()
    finally:
        engine.dispose()
    click.echo(
        f"{result.store} {result.day}: {result.swish_sales} Swish sales, "
        f"{result.swish_payments} Swish payments known, {result.matched} matched"
        + ("" if result.callbacks_configured else " (no verified callbacks configured)")
    )
    for f in result.findings:
        amounts = f"sale {_kr(f.sale_amount_ore)}, Swish {_kr(f.swish_amount_ore)}"
        click.echo(f"  {f.kind}: reference {f.reference} ({amounts})")
    if not result.balanced:
        raise SystemExit(1)


def _kr(ore: int | None) -> str:
    return "-" if ore is None else f"{ore / 100:.2f} kr"


def _now() -> datetime:
    return datetime.now(UTC)
