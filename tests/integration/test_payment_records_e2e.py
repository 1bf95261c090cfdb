"""A Swish purchase at the real checkout (the Swish simulator over mTLS) reaches the real
backoffice through the controller's own sync client: the sale and the store's payment records
(created, paid) arrive and the day's Swish reconciliation is clean. A paid payment whose sale
never arrives (its outbox row refused into quarantine) is listed as payment_without_sale, and
the reconcile command raises the store's payment_mismatch alert."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from backoffice.alerts.models import AlertCase
from backoffice.payments.models import StorePayment
from backoffice.sales.models import Sale
from byabutik.cli import cli
from store_controller.checkout import seed
from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.models import PendingPaymentRow
from store_controller.checkout.seed import seed_demo_catalog
from store_controller.checkout.service import CheckoutService
from store_controller.core.clock import ManualClock
from store_controller.outbox.models import OutboxEntry as OutboxRow
from store_controller.payments.swish.provider import SwishPaymentProvider
from store_controller.sync import outbox
from store_controller.sync.client import BackofficeClient
from store_controller.sync.service import SyncService
from swish_merchant.models import payee_reference
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.conftest import free_port
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    ADMIN,
    anyio_backend,
    controller_outbox,
    running_backoffice,
)
from tests.waits import WAIT_S

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
WHEN = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)  # noon in Stockholm
DAY = WHEN.date()
TICK_S = 0.05


@pytest.fixture
def swish(tmp_path: Path) -> Iterator[EmbeddedSwishSimulator]:
    sim = EmbeddedSwishSimulator.start(cert_dir=tmp_path / "swish", port=free_port())
    try:
        yield sim
    finally:
        sim.stop()


async def buy_with_swish(
    checkout: CheckoutService, swish: EmbeddedSwishSimulator, *codes: str
) -> str:
    """Scan `codes`, pay with Swish, the customer approves in the app: the sale's id."""
    for code in codes:
        await checkout.scan(code)
    await checkout.pay()
    assert checkout.payment is not None
    sale_id = checkout.payment.reference
    reference = payee_reference(sale_id).upper()
    (request,) = [
        p
        for p in swish.simulator.store.payments()
        if str(p.body.get("payeePaymentReference", "")).upper() == reference
    ]
    swish.simulator.store.pay(request.id)
    deadline = time.monotonic() + WAIT_S  # the answer comes from a real server
    while checkout.receipt is None and time.monotonic() < deadline:
        await asyncio.sleep(TICK_S)
        await checkout.tick()
    assert checkout.receipt is not None, checkout.notice
    assert str(checkout.receipt.sale_id) == sale_id
    checkout.receipt = None  # the next customer
    return sale_id


def sale_row(sessions: sessionmaker[Session], sale_id: str) -> OutboxRow:
    with sessions() as session:
        rows = session.scalars(select(OutboxRow).where(OutboxRow.kind == "sale")).all()
        (row,) = [r for r in rows if r.payload["sale_id"] == sale_id]
        return row


async def test_a_swish_purchase_reconciles_and_a_lost_sale_is_reported(
    database_url: str,
    tmp_path: Path,
    swish: EmbeddedSwishSimulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as sessions:
        with sessions.begin() as session:
            seed_demo_catalog(session)
        token = backoffice.enroll_store("byn-1")
        clock = ManualClock(WHEN)
        provider = SwishPaymentProvider.from_config(
            swish.config(poll_interval=0.1, poll_max_interval=0.2)
        )
        checkout = CheckoutService(
            store_id="byn-1",
            config=CheckoutConfig(),
            sessions=sessions,
            clock=clock,
            payments=provider,
            age_verifier=None,
            publish=lambda _s: None,
        )
        sync = SyncService(
            client=BackofficeClient("http://bo", token, transport=backoffice.transport()),
            sessions=sessions,
            clock=clock,
            store_id="byn-1",
            software_version="0.1.0",
        )
        try:
            first = await buy_with_swish(checkout, swish, seed.MJOLK, seed.LASK)
            await sync.drain()
            assert outbox.backlog(sessions) == 0
            with TestClient(backoffice.app) as client:
                clean = client.get(
                    "/api/stores/byn-1/swish-reconciliation",
                    params={"day": str(DAY)},
                    headers=ADMIN,
                ).json()
            assert (clean["balanced"], clean["matched"], clean["findings"]) == (True, 1, [])
            with backoffice.sessions() as session:
                held = session.scalars(select(StorePayment)).all()
                assert [(str(p.sale_id), p.state) for p in held] == [(first, "paid")]
                assert session.scalar(select(Sale.total_ore)) == held[0].amount_ore

            clock.advance(60)
            lost = await buy_with_swish(checkout, swish, seed.MJOLK)
            row = sale_row(sessions, lost)
            mangled = json.loads(json.dumps(row.payload))
            mangled["lines"][0]["amount_ore"] += 1  # refused by the backoffice: quarantined
            with sessions.begin() as session:
                session.execute(
                    update(OutboxRow).where(OutboxRow.seq == row.seq).values(payload=mangled)
                )
            await sync.drain()
            assert outbox.quarantined(sessions) == [row.seq]
        finally:
            await sync.client.aclose()
            await provider.aclose()

        with TestClient(backoffice.app) as client:
            found = client.get(
                "/api/stores/byn-1/swish-reconciliation", params={"day": str(DAY)}, headers=ADMIN
            ).json()
        assert found["balanced"] is False
        assert [(f["kind"], f["reference"], f["swish_amount_ore"]) for f in found["findings"]] == [
            ("payment_without_sale", payee_reference(lost).upper(), seed_price(sessions, lost))
        ]
        with backoffice.sessions() as session:
            states = {str(p.sale_id): p.state for p in session.scalars(select(StorePayment))}
        assert states == {first: "paid", lost: "paid"}
        assert uuid.UUID(lost) not in set(sale_ids(backoffice.sessions))

    monkeypatch.setenv("BYABUTIK_BACKOFFICE_DATABASE_URL", database_url)
    result = CliRunner().invoke(
        cli, ["backoffice", "reconcile", "--store", "byn-1", "--day", str(DAY)]
    )
    assert result.exit_code == 1, result.output
    assert f"payment_without_sale: reference {payee_reference(lost).upper()}" in result.output
    with running_backoffice(database_url) as backoffice, backoffice.sessions() as session:
        (case,) = session.scalars(select(AlertCase).where(AlertCase.kind == "payment_mismatch"))
        assert (case.severity, case.status) == ("critical", "open")
        assert "1 payment without sale" in case.message


def seed_price(sessions: sessionmaker[Session], sale_id: str) -> int:
    """What the customer paid for `sale_id` (the controller's own pending payment)."""
    with sessions() as session:
        pending = session.get(PendingPaymentRow, sale_id)
        assert pending is not None
        assert pending.outcome == "paid"
        return pending.amount_ore


def sale_ids(sessions: sessionmaker[Session]) -> list[uuid.UUID]:
    with sessions() as session:
        return list(session.scalars(select(Sale.sale_id)))
