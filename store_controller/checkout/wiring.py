"""`install_checkout`: the checkout wired into the controller and its web app (explicitly).

Builds the payment provider and the BankID age verifier from settings (no helper existed to
build a BankID client from `settings.bankid` for the controller; `BankIdAgeVerifier.from_config`
is that helper, building the client lazily on the first age check), subscribes the service to
every scanner's `BarcodeScanned`, runs the ticker (payments, idle carts, Z-reports, and the
recovery of every payment a crash left unsettled, see `recovery`) and mounts the kiosk and
receipt routes (and, in dev mode only, the kiosk's shortcuts of `dev_web`), built on their
first request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from fastapi import APIRouter, FastAPI

from byabutik.runtime.lazy_routes import include_lazily
from drivers.events import BarcodeScanned, ScannerLost, ScannerRestored
from store_controller.checkout.age import AgeVerifier
from store_controller.checkout.bankid_age import BankIdAgeVerifier
from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.recovery import PaymentRecovery
from store_controller.checkout.service import CheckoutService
from store_controller.checkout.state import KIOSK_TOPIC
from store_controller.checkout.view import kiosk_document
from store_controller.checkout.zreport import ZReporter
from store_controller.core.clock import Clock
from store_controller.payments.member.provider import MemberAccountProvider
from store_controller.payments.port import PaymentProvider
from store_controller.payments.simulated import SimulatedPaymentProvider
from store_controller.receipts.links import receipt_base_url
from store_controller.runtime import StoreController
from store_controller.settings import ControllerSettings
from swish_merchant.config import SwishConfig

log = logging.getLogger(__name__)

TICK_S = 0.5


def build_payment_provider(
    config: CheckoutConfig, clock: Clock, swish: SwishConfig | None = None
) -> PaymentProvider:
    """The configured default provider: Swish (`[swish]`) or the simulated one."""
    if config.payment_provider == "swish":
        from store_controller.payments.swish.provider import SwishPaymentProvider

        return SwishPaymentProvider.from_config(
            swish or SwishConfig(), monotonic=clock.monotonic, now=clock.now
        )
    return SimulatedPaymentProvider(
        auto_approve_after_s=config.simulated_payment.auto_approve_after_s,
        monotonic=clock.monotonic,
        now=clock.now,
    )


def install_checkout(
    app: FastAPI,
    controller: StoreController,
    *,
    payments: PaymentProvider | None = None,
    age_verifier: AgeVerifier | None = None,
    tick_s: float = TICK_S,
) -> CheckoutService:
    """Wire the checkout; tests pass their own payment provider or age verifier."""
    settings = controller.settings
    config = settings.checkout
    hash_key = controller.identity_key
    bankid: BankIdAgeVerifier | None = None
    if age_verifier is None:
        bankid = BankIdAgeVerifier.from_config(
            settings.bankid,
            hash_key=hash_key,
            timeout=config.age_check_timeout_s,
        )
    default = payments or build_payment_provider(config, controller.clock, settings.swish)
    others = _other_methods(settings, controller, hash_key) if payments is None else []
    service = CheckoutService(
        store_id=settings.store_id,
        config=config,
        sessions=controller.sessions,
        clock=controller.clock,
        payments=default,
        other_methods=others,
        age_verifier=age_verifier or bankid,
        publish=lambda s: controller.live.publish(KIOSK_TOPIC, kiosk_document(s)),
    )
    service.receipt_base_url = receipt_base_url(settings)
    controller.bus.subscribe(BarcodeScanned, service.on_barcode)
    controller.bus.subscribe(ScannerLost, service.on_scanner_lost)
    controller.bus.subscribe(ScannerRestored, service.on_scanner_restored)
    z_reports = ZReporter(sessions=controller.sessions, clock=controller.clock, config=config)
    recovery = PaymentRecovery(service)
    ticker: list[asyncio.Task[None]] = []

    async def start() -> None:
        if config.demo_catalog:  # in a thread: a stop signal need not wait for the seeding
            await asyncio.to_thread(_seed_demo_catalog, controller)
        await recovery.run_due()
        service.publish()
        task = _tick(service, z_reports, recovery, tick_s)
        ticker.append(asyncio.create_task(task, name="checkout"))

    async def stop() -> None:
        for task in ticker:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await service.close()
        for provider in service.methods:
            await _aclose(provider)
        if bankid is not None:
            await bankid.aclose()

    controller.on_start(start)
    controller.on_stop(stop)
    app.state.checkout = service
    include_lazily(app, ("/kiosk", "/receipt"), lambda: _web_routers(dev=settings.mode == "dev"))
    return service


def _web_routers(*, dev: bool) -> list[APIRouter]:
    """The kiosk's and receipts' routes, imported and built on their first request: an idle
    controller does not hold them (their modules, models and route handlers: ~1.5 MB)."""
    from store_controller.checkout.web import router as kiosk_router
    from store_controller.receipts.delivery import router as receipt_delivery_router
    from store_controller.receipts.web import router as receipt_router

    routers = [kiosk_router]
    if dev:
        from store_controller.checkout.dev_web import router as kiosk_dev_router

        routers.append(kiosk_dev_router)
    return [*routers, receipt_router, receipt_delivery_router]


def _seed_demo_catalog(controller: StoreController) -> None:
    # The demo assortment (its data file parsed and kept) loads only in a store that asks for it.
    from store_controller.checkout.seed import seed_demo_catalog

    with controller.sessions.begin() as session:
        if seed_demo_catalog(session):
            log.info("demo catalog seeded")


async def _tick(
    service: CheckoutService, z_reports: ZReporter, recovery: PaymentRecovery, tick_s: float
) -> None:
    while True:
        try:
            await service.tick()
            await z_reports.tick()
        except Exception:
            log.exception("checkout tick failed")
        try:
            await recovery.run_due()
        except Exception:
            log.exception("payment recovery failed; trying again on the next tick")
        await asyncio.sleep(tick_s)


def _other_methods(
    settings: ControllerSettings, controller: StoreController, hash_key: bytes
) -> list[PaymentProvider]:
    if not settings.checkout.member_account:
        return []
    member = MemberAccountProvider.from_config(
        settings.bankid,
        sessions=controller.sessions,
        hash_key=hash_key,
        store_name=settings.store_name,
        clock=controller.clock,
        timeout=settings.checkout.payment_timeout_s,
    )
    return [member]


async def _aclose(provider: PaymentProvider) -> None:
    close = getattr(provider, "aclose", None)
    if close is not None:
        try:
            await close()
        except Exception:
            log.exception("a payment provider did not close cleanly")
