"""CheckoutService on a fake clock: scans to a paid, recorded sale, refusals, age checks, idle."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from byabutik.demo_catalog import demo_item
from drivers.events import BarcodeScanned, ScannerLost, ScannerRestored
from drivers.symbology import Symbology
from retail import wire
from retail.barcodes import to_gtin14
from store_controller.checkout import messages, seed
from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.models import (
    AbandonedCartRow,
    PendingPaymentRow,
    SaleRow,
    UnknownBarcodeRow,
)
from store_controller.checkout.recovery import recover_payments
from store_controller.checkout.service import CheckoutService
from store_controller.checkout.state import Phase
from store_controller.checkout.verify import verify_journal
from store_controller.checkout.view import kiosk_document
from store_controller.core.clock import ManualClock
from store_controller.db import tables
from store_controller.outbox.models import OutboxEntry
from store_controller.payments.simulated import SimulatedPaymentProvider
from store_controller.sync.checkout_catalog import CheckoutCatalog
from tests.store_controller.checkout.fakes import SCAN_QR, ScriptedAgeVerifier, adult

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Kiosk:
    def __init__(
        self, sessions: sessionmaker[Session], payments: SimulatedPaymentProvider | None = None
    ) -> None:
        self.clock = ManualClock()
        self.payments = payments or SimulatedPaymentProvider(
            monotonic=self.clock.monotonic, now=self.clock.now
        )
        self.verifier = ScriptedAgeVerifier()
        self.docs: list[dict[str, Any]] = []
        self.service = CheckoutService(
            store_id="test-store",
            config=CheckoutConfig(idle_abandon_minutes=5),
            sessions=sessions,
            clock=self.clock,
            payments=self.payments,
            age_verifier=self.verifier,
            publish=lambda s: self.docs.append(kiosk_document(s)),
        )

    @property
    def doc(self) -> dict[str, Any]:
        return self.docs[-1]

    async def scan(self, *codes: str) -> None:
        for code in codes:
            self.service.on_barcode(BarcodeScanned(code, Symbology.UNKNOWN, "kiosk", 0.0))

    async def settle(self) -> None:
        for _ in range(5):
            await asyncio.sleep(0)


@pytest.fixture
async def kiosk(sessions: sessionmaker[Session]) -> AsyncIterator[Kiosk]:
    kiosk = Kiosk(sessions)
    yield kiosk
    await kiosk.service.close()


async def test_scan_pay_and_record(kiosk: Kiosk, sessions: sessionmaker[Session]) -> None:
    await kiosk.scan(seed.MJOLK, seed.LASK, seed.LASK, seed.weight_label(seed.OST_ARTICLE, 432))
    doc = kiosk.doc
    assert doc["phase"] == "shopping"
    assert [(ln["name"], ln["quantity"]) for ln in doc["lines"]][1] == ("Läsk 33 cl burk", 2)
    assert doc["lines"][2]["weight"] == "0,432\u00a0kg"
    assert doc["pant_total"] == "2,00\u00a0kr"
    assert doc["total"] == "97,16\u00a0kr"  # 17,95 + 25,80 + 2,00 pant + 51,41
    assert doc["vat"] == [{"rate": "6\u00a0%", "vat": "5,50\u00a0kr"}]
    await kiosk.service.pay()
    assert kiosk.doc["phase"] == "paying"
    assert kiosk.doc["payment"]["simulated"]
    await kiosk.scan(seed.KAFFE)
    assert kiosk.doc["notice"]["sv"] == messages.BUSY.sv
    kiosk.payments.approve(kiosk.payments.pending()[0])
    await kiosk.service.tick()
    assert kiosk.doc["phase"] == "paid"
    assert kiosk.doc["receipt"]["number"] == "test-store/kassa-1/000001"
    with sessions() as session:
        assert session.scalar(select(SaleRow.total_ore)) == 9716


async def test_a_catalog_change_shows_at_the_next_scan(
    kiosk: Kiosk, sessions: sessionmaker[Session]
) -> None:
    """Another connection changes the catalog between scans (a catalog pull, an owner's edit):
    the next scan sells at the new price, and a product taken off sale is refused at once."""
    await kiosk.scan(seed.LASK)
    milk = select(tables.product_codes.c.product_id).where(
        tables.product_codes.c.code == "0" + seed.MJOLK
    )
    coffee = select(tables.product_codes.c.product_id).where(
        tables.product_codes.c.code == "0" + seed.KAFFE
    )
    with sessions.begin() as session:
        products = tables.products
        session.execute(
            update(products).where(products.c.id == milk.scalar_subquery()), {"price_ore": 1990}
        )
        session.execute(
            update(products).where(products.c.id == coffee.scalar_subquery()), {"active": False}
        )
    await kiosk.scan(seed.MJOLK)
    assert kiosk.doc["lines"][1]["unit_price"] == "19,90\u00a0kr"
    await kiosk.scan(seed.KAFFE)
    assert kiosk.doc["notice"]["sv"] == messages.INACTIVE_PRODUCT.sv
    await kiosk.service.close()  # stopping: scans the bus still holds are read all the same
    await kiosk.scan(seed.MJOLK)
    assert kiosk.doc["lines"][1]["quantity"] == 2


async def test_a_price_a_sync_changes_shows_at_the_next_scan_of_the_same_product(
    kiosk: Kiosk, sessions: sessionmaker[Session]
) -> None:
    """Milk was just scanned (and sold to a customer who gave up); a catalog pull then lowers
    its price and renames it: the next customer's milk is on screen as the catalog now says."""
    await kiosk.scan(seed.MJOLK)
    assert kiosk.doc["lines"][0]["unit_price"] == "17,95\u00a0kr"
    await kiosk.service.clear()
    milk = demo_item("mjolk-1l")
    assert milk.gtin is not None
    changed = wire.Product(
        sku=milk.sku,
        name="Mellanmjölk 1 l (ny)",
        gtins=(to_gtin14(milk.gtin),),
        price_ore=1490,
        vat_class=milk.vat_class,
    )
    sync = CheckoutCatalog(sessions, kiosk.clock.now)
    sync.apply(wire.CatalogChanges(since_revision=0, revision=1, products=(changed,)))
    await kiosk.scan(seed.MJOLK)
    line = kiosk.doc["lines"][0]
    assert (line["name"], line["unit_price"]) == ("Mellanmjölk 1 l (ny)", "14,90\u00a0kr")
    assert kiosk.doc["total"] == "14,90\u00a0kr"


async def test_a_catalog_change_mid_cart_shows_for_codes_already_scanned(
    kiosk: Kiosk, engine: Engine
) -> None:
    """Milk and coffee are in the cart (their lookups kept by the checkout); the catalog then
    changes through another connection: coffee scanned again is refused as off sale, and milk
    scanned again after its line was removed comes at the new price."""
    await kiosk.scan(seed.MJOLK, seed.KAFFE)
    products, codes = tables.products, tables.product_codes.c
    with engine.begin() as connection:
        for code, values in ((seed.MJOLK, {"price_ore": 1990}), (seed.KAFFE, {"active": False})):
            product = select(codes.product_id).where(codes.code == "0" + code).scalar_subquery()
            connection.execute(update(products).where(products.c.id == product), values)
    await kiosk.scan(seed.KAFFE)
    assert kiosk.doc["notice"]["sv"] == messages.INACTIVE_PRODUCT.sv
    assert [line["quantity"] for line in kiosk.doc["lines"]] == [1, 1]
    await kiosk.service.remove_line(kiosk.doc["lines"][0]["id"])
    await kiosk.scan(seed.MJOLK)
    assert kiosk.doc["lines"][-1]["unit_price"] == "19,90\u00a0kr"


async def test_a_declined_payment_keeps_the_cart(kiosk: Kiosk) -> None:
    await kiosk.scan(seed.KAFFE)
    await kiosk.service.pay()
    kiosk.payments.decline(kiosk.payments.pending()[0])
    await kiosk.service.poll_payment()
    assert kiosk.service.phase is Phase.SHOPPING
    assert kiosk.doc["notice"] == {**messages.PAYMENT_DECLINED.as_dict(), "level": "error"}
    assert kiosk.doc["payable"]


async def test_emptying_an_empty_cart_clears_an_old_message(kiosk: Kiosk) -> None:
    await kiosk.scan("7310000009990")  # unknown: the only thing on screen is the error
    assert kiosk.doc["notice"]["level"] == "error"
    assert kiosk.doc["lines"] == []
    await kiosk.service.clear()
    assert kiosk.doc["notice"] is None


async def test_unknown_and_invalid_codes_are_recorded(
    kiosk: Kiosk, sessions: sessionmaker[Session]
) -> None:
    await kiosk.scan("7310000009990", "7310000009991", "hej")
    assert kiosk.doc["notice"]["en"] == messages.NOT_A_PRODUCT.en
    await kiosk.scan("7310000009990")
    assert kiosk.doc["notice"]["sv"] == messages.UNKNOWN_PRODUCT.sv
    await kiosk.service.writes.drain()
    with sessions() as session:
        reasons = session.scalars(select(UnknownBarcodeRow.reason).order_by(UnknownBarcodeRow.id))
        assert list(reasons) == ["unknown", "bad_check_digit", "not_digits", "unknown"]
        outbox = session.scalars(select(OutboxEntry.kind)).all()
        assert outbox == ["unknown_barcode", "unknown_barcode"]
    assert kiosk.service.phase is Phase.IDLE


async def test_age_limited_goods_need_bankid_at_the_kiosk(kiosk: Kiosk) -> None:
    await kiosk.scan(seed.MJOLK, seed.SNUS)
    assert kiosk.doc["required_age"] == 18
    assert kiosk.doc["lines"][1]["pending"]
    await kiosk.service.pay()
    assert kiosk.doc["notice"]["sv"] == messages.AGE_PENDING.sv
    assert kiosk.service.payment is None
    kiosk.verifier.steps.put_nowait(
        type(adult())(SCAN_QR, qr_data="bankid.aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa.0.ff")
    )
    await kiosk.settle()
    assert kiosk.doc["age_check"]["qr_svg"].startswith("<svg")
    kiosk.verifier.steps.put_nowait(adult())
    await kiosk.settle()
    assert kiosk.doc["age_check"] is None
    assert kiosk.doc["required_age"] is None
    assert kiosk.doc["payable"]
    assert kiosk.verifier.started == 1
    check = kiosk.service.cart.age_checks[0]
    assert (check.age, check.required_age, check.passed) == (36, 18, True)


async def test_removing_the_restricted_line_cancels_the_check(kiosk: Kiosk) -> None:
    await kiosk.scan(seed.FOLKOL)
    await kiosk.settle()
    await kiosk.service.remove_line(kiosk.doc["lines"][0]["id"])
    await kiosk.settle()
    assert kiosk.verifier.cancelled == 1
    assert kiosk.service.phase is Phase.IDLE


async def test_an_idle_cart_is_abandoned_and_recorded(
    kiosk: Kiosk, sessions: sessionmaker[Session]
) -> None:
    await kiosk.scan(seed.BROD, seed.BROD)
    kiosk.clock.advance(4 * 60)
    await kiosk.service.tick()
    assert kiosk.service.phase is Phase.SHOPPING
    kiosk.clock.advance(60)
    await kiosk.service.tick()
    assert kiosk.doc["phase"] == "idle"
    assert kiosk.doc["notice"]["sv"] == messages.ABANDONED.sv
    await kiosk.service.writes.drain()
    with sessions() as session:
        row = session.scalars(select(AbandonedCartRow)).one()
        assert (row.reason, row.line_count, row.total_ore) == ("idle", 1, 6500)
        assert session.scalar(select(func.count()).select_from(SaleRow)) == 0


async def test_a_payment_confirmed_while_the_controller_was_down_is_recorded(
    kiosk: Kiosk, sessions: sessionmaker[Session], engine: Engine
) -> None:
    await kiosk.scan(seed.KAFFE, seed.LASK)
    await kiosk.service.pay()
    reference = kiosk.payments.pending()[0]
    kiosk.payments.approve(reference)  # the controller is killed before it polls again
    restarted = Kiosk(sessions, payments=kiosk.payments)
    assert await recover_payments(restarted.service) == 1
    with sessions() as session:
        sale = session.get(SaleRow, reference)
        assert sale is not None
        assert (sale.receipt_number, sale.total_ore) == (1, 6490 + 1290 + 100)
        pending = session.get(PendingPaymentRow, reference)
        assert pending is not None
        assert pending.outcome == "paid"
    assert await recover_payments(restarted.service) == 0
    assert verify_journal(engine).ok


async def test_an_interrupted_payment_the_provider_forgot_is_settled_as_unknown(
    kiosk: Kiosk, sessions: sessionmaker[Session]
) -> None:
    await kiosk.scan(seed.BROD)
    await kiosk.service.pay()
    restarted = Kiosk(sessions)  # a new provider that never heard of the payment
    assert await recover_payments(restarted.service) == 0
    with sessions() as session:
        pending = session.scalars(select(PendingPaymentRow)).one()
        assert (pending.outcome, pending.amount_ore) == ("unknown", 3250)
        assert session.scalar(select(func.count()).select_from(SaleRow)) == 0


async def test_a_lost_scanner_is_told_and_cleared(kiosk: Kiosk) -> None:
    await kiosk.service.on_scanner_lost(ScannerLost("kiosk", "unplugged", 0.0))
    assert kiosk.doc["notice"]["sv"] == messages.SCANNER_LOST.sv
    await kiosk.service.on_scanner_restored(ScannerRestored("kiosk", 1.0))
    assert kiosk.doc["notice"] is None
