"""Shared by the sync tests: a migrated backoffice, a controller outbox, wire factories, and
transports that fail on purpose."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from backoffice.app import create_app
from backoffice.db import MIGRATIONS as BACKOFFICE_MIGRATIONS
from backoffice.db import make_backoffice_engine
from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.settings import BackofficeSettings
from backoffice.stores.service import create_store
from byabutik.runtime.db import make_engine
from retail import wire
from retail.vat.rates import VatClass
from store_controller.db import MIGRATIONS as CONTROLLER_MIGRATIONS
from store_controller.db.sessions import Sessions
from store_controller.outbox.models import OutboxEntry as OutboxRow
from tests.backoffice.harness_owner import HEADERS, seed_owner
from tests.db_templates import migrate

T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
ADMIN = HEADERS  # the harness owner's personal API token
MILK = "07310865071805"


@dataclass
class Backoffice:
    app: FastAPI
    engine: Engine
    sessions: sessionmaker[Session]

    def enroll_store(self, slug: str) -> str:
        """Create store `slug` and return a device token for it."""
        with self.sessions.begin() as session:
            store = create_store(session=session, slug=slug, name=slug.title())
            code = issue_enrollment_code(session=session, store=store, now=T0).code
            return redeem_enrollment_code(
                session=session, code=code, software_version="0.1.0", now=T0
            ).token

    def transport(self) -> httpx.ASGITransport:
        return httpx.ASGITransport(app=self.app)


@contextmanager
def running_backoffice(
    database_url: str, clock: Callable[[], datetime] | None = None, **settings: Any
) -> Iterator[Backoffice]:
    engine = make_backoffice_engine(database_url)
    try:
        migrate(engine, BACKOFFICE_MIGRATIONS)
        seed_owner(engine)
        config = BackofficeSettings(database_url=database_url, **settings)
        app = create_app(config, engine, clock=clock) if clock else create_app(config, engine)
        yield Backoffice(app, engine, sessionmaker(engine, expire_on_commit=False))
    finally:
        engine.dispose()


@contextmanager
def controller_outbox(folder: Path) -> Iterator[sessionmaker[Session]]:
    """A migrated controller database (SQLite) in `folder`."""
    engine = make_engine(f"sqlite:///{folder / 'controller.db'}")
    try:
        migrate(engine, CONTROLLER_MIGRATIONS)
        yield sessionmaker(engine, expire_on_commit=False)
    finally:
        engine.dispose()


def sale(receipt: int, *, amount: int = 1500, at: datetime = T0) -> wire.Sale:
    vat = amount - round(amount / 1.06)
    return wire.Sale(
        sale_id=uuid.uuid4(),
        register_id="kassa-1",
        receipt_number=receipt,
        occurred_at=at,
        lines=(
            wire.SaleLine(
                line_no=1,
                product_key=MILK,
                name="Mjölk 1,5 %",
                quantity=1,
                unit_price_ore=amount,
                amount_ore=amount,
                vat_class=VatClass.FOOD,
                vat_rate_bp=600,
            ),
        ),
        vat=(wire.VatLine(rate_bp=600, gross_ore=amount, vat_ore=vat, net_ore=amount - vat),),
        payments=(
            wire.Payment(
                method=wire.PaymentMethod.SWISH,
                amount_ore=amount,
                reference=f"swish-{receipt}",
                confirmed_at=at,
            ),
        ),
        total_ore=amount,
    )


def movement(sale_id: uuid.UUID | None = None, *, delta: int = -1) -> wire.StockMovement:
    return wire.StockMovement(
        movement_id=uuid.uuid4(),
        occurred_at=T0,
        product_key=MILK,
        quantity_delta=delta,
        reason=wire.StockReason.SALE if delta < 0 else wire.StockReason.DELIVERY,
        sale_id=sale_id,
    )


def entries(payloads: list[wire.OutboxPayload], start: int = 1) -> tuple[wire.OutboxEntry, ...]:
    return tuple(
        wire.OutboxEntry(seq=start + i, created_at=T0, payload=p) for i, p in enumerate(payloads)
    )


def batch(store: str, payloads: list[wire.OutboxPayload], start: int = 1) -> wire.PushBatch:
    return wire.PushBatch(protocol=1, store_id=store, entries=entries(payloads, start))


def trade(sessions: Sessions, sales: int, *, first_receipt: int = 1) -> None:
    """Write `sales` sales, each with its stock movement, to the outbox (as the checkout does)."""
    with sessions.begin() as session:
        for receipt in range(first_receipt, first_receipt + sales):
            at = T0 + timedelta(seconds=receipt)
            sold = sale(receipt, at=at)
            for payload in (sold, movement(sold.sale_id)):
                session.add(
                    OutboxRow(
                        kind=payload.kind, payload=payload.model_dump(mode="json"), created_at=at
                    )
                )


class Outage(httpx.AsyncBaseTransport):
    """Forwards to `inner` while `up`; otherwise the connection is refused."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, up: bool = True) -> None:
        self.inner = inner
        self.up = up
        self.refused = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.up:
            self.refused += 1
            raise httpx.ConnectError("connection refused", request=request)
        return await self.inner.handle_async_request(request)


class CutAfterApply(httpx.AsyncBaseTransport):
    """Delivers the next `cuts` requests, then loses each answer (the backoffice applied it)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, cuts: int = 1) -> None:
        self.inner = inner
        self.cuts = cuts
        self.delivered = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.delivered += 1
        if self.cuts > 0:
            self.cuts -= 1
            await response.aread()
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio (the controller's loop); import this into a test module."""
    return "asyncio"
