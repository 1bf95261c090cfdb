"""`CheckoutService`: one register's checkout, driven on the controller's event loop.

Scans (from any scanner, via the bus), taps on the kiosk and the ticker call it; it keeps the
cart, asks the catalog, the age verifier and the payment provider, records sales through
`record_sale`, and publishes the kiosk's state on the live channel after every change. Only the
event loop calls it (one consumer), so it needs no locks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from drivers.events import BarcodeScanned, ScannerLost, ScannerRestored
from retail import Scan, Symbology
from store_controller.checkout import messages
from store_controller.checkout.age import AgeProgress, AgeVerifier
from store_controller.checkout.background_writes import BackgroundWrites
from store_controller.checkout.cart import Cart, CartError
from store_controller.checkout.catalog_store import CatalogReader
from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.local_day import LocalDay
from store_controller.checkout.parsed_scans import ParsedScans
from store_controller.checkout.pay_methods import customer_text, payment_request
from store_controller.checkout.pending import remember_payment, settle
from store_controller.checkout.records import record_abandoned_cart, record_unknown_barcode
from store_controller.checkout.sales_writer import RecordedSale, record_sale
from store_controller.checkout.scanning import Refuse, decide
from store_controller.checkout.state import LAST_PURCHASE_S, RECEIPT_SHOWN_S, Notice, Phase
from store_controller.checkout.symbology import retail_symbology
from store_controller.core.clock import Clock
from store_controller.i18n import Text
from store_controller.payments.port import (
    PaymentError,
    PaymentProvider,
    PaymentState,
    PaymentStatus,
    PaymentUnavailableError,
)

if TYPE_CHECKING:
    from store_controller.checkout.sale_record import CheckedSale
    from store_controller.db.sessions import Sessions


log = logging.getLogger(__name__)

ADDED_KEPT = 512
"""Notices "<name> added" kept by `CheckoutService._added`, at most."""

PublishFn = Callable[["CheckoutService"], None]
"""Called after every change of the checkout's state (the kiosk view publishes it)."""


class CheckoutService:
    """The checkout of register `config.register_id`; see the module docstring."""

    def __init__(
        self,
        *,
        store_id: str,
        config: CheckoutConfig,
        sessions: Sessions,
        clock: Clock,
        payments: PaymentProvider,
        age_verifier: AgeVerifier | None,
        publish: PublishFn,
        other_methods: Sequence[PaymentProvider] = (),
    ) -> None:
        self.store_id = store_id
        self.config = config
        self.register_id = config.register_id
        self.sessions = sessions
        engine: Engine = sessions.kw["bind"]
        self._catalog = CatalogReader(engine)
        """The scans' catalog lookups (on the event loop, on a connection kept for them)."""
        self._parsed = ParsedScans()
        """The scans' texts as `parse_scan` read them, kept for the next scan of each."""
        self._added_notices: dict[str, Notice] = {}
        self.writes = BackgroundWrites()
        """Unknown barcodes and abandoned carts, recorded off the event loop, in order."""
        self.clock = clock
        self.payments = payments
        """The default way to pay; `other_methods` are offered beside it (member account)."""
        self.other_methods = list(other_methods)
        self._provider = payments
        """The provider of the payment in progress."""
        self.age_verifier = age_verifier
        self._publish = publish
        self._tz = ZoneInfo(config.timezone)
        self._day = LocalDay(self._tz)
        self.cart = Cart()
        self.notice: Notice | None = None
        self.payment: PaymentState | None = None
        self.receipt: RecordedSale | None = None
        self.receipt_balance: Text | None = None
        """The member account's standing after the sale on the receipt screen, if on account."""
        self.receipt_base_url = "/receipt"
        """Prefix of the receipt URL in the kiosk's QR (absolute when wired; see receipts.links)."""
        self.age_progress: AgeProgress | None = None
        self._age_task: asyncio.Task[None] | None = None
        self._last_activity = clock.monotonic()
        self._payment_started = 0.0
        self._paid_at = 0.0
        self._started_at: datetime | None = None
        self._paying: Cart | None = None
        """The cart being paid for, from the tap on Pay until the payment is settled."""
        self._checked: CheckedSale | None = None
        """The gate's sale of the cart being paid (`checked_sale`), for `record_sale`."""
        self.paying_reference: str | None = None
        """The sale id of the payment the kiosk follows itself (payment recovery leaves it)."""
        self.payments_asked = 0
        """Payments this checkout has asked for (each leaves a `pending_payments` row until it is
        settled), counted once the row is written: payment recovery reads the table only when a
        row was open at its last look or this has moved since."""
        self.last_sale: RecordedSale | None = None
        """The register's latest sale, offered on the idle kiosk as "your last purchase"."""
        self._last_sale_at = 0.0

    @property
    def phase(self) -> Phase:
        if self._paying is not None:
            return Phase.PAYING
        if self.receipt is not None and not self.cart.lines:
            return Phase.PAID
        return Phase.SHOPPING if self.cart.lines else Phase.IDLE

    @property
    def methods(self) -> list[PaymentProvider]:
        return [self.payments, *self.other_methods]

    def provider_named(self, name: str | None) -> PaymentProvider | None:
        """The provider called `name` (the default one for None); None if not offered."""
        if name is None:
            return self.payments
        return next((p for p in self.methods if p.name == name), None)

    def local_today(self) -> date:
        return self._day.on(self.clock.now())

    def on_barcode(self, event: BarcodeScanned) -> None:
        """Bus handler: every configured scanner reports here the same way. A plain function,
        as a scan never waits: the bus runs it without a coroutine of its own."""
        self._scan(event.text, retail_symbology(event.symbology), event.source)

    async def on_scanner_lost(self, event: ScannerLost) -> None:
        """Bus handler: tell the customer; the drivers keep reconnecting."""
        self._say(messages.SCANNER_LOST, "error")

    async def on_scanner_restored(self, event: ScannerRestored) -> None:
        if self.notice is not None and self.notice.text is messages.SCANNER_LOST:
            self.notice = None
            self.publish()

    async def scan(self, text: str, *, symbology: object = None, source: str = "kiosk") -> None:
        """A code was scanned: add what it names, or say why not (never raises)."""
        self._scan(text, retail_symbology(symbology), source)

    def _scan(self, text: str, symbology: Symbology | None, source: str) -> None:
        self._touch()
        if self._paying is not None:
            self._say(messages.BUSY, "error")
            return
        parsed = self._parsed.parse(text, symbology, self.local_today())
        item = None
        if isinstance(parsed, Scan):
            item = self._catalog.find(parsed.product_key)
        decision = decide(parsed, item)
        if isinstance(decision, Refuse):
            self._refused(decision, source)
            return
        try:
            cart, line = self.cart.add(
                decision.item,
                product_key=decision.product_key,
                quantity=decision.quantity,
                weight_g=decision.weight_g,
                label_price=decision.label_price,
            )
        except CartError as error:
            self._say(error.text, "error")
            return
        self._changed(cart)
        if cart.is_pending(line):
            age = line.item.age_limit
            self._say(messages.AGE_REQUIRED.format(name=line.item.name, age=age), "info")
            self.start_age_check()
        else:
            self.notice = self._added(line.item.name)
            self.publish()

    async def set_quantity(self, line_id: int, quantity: int) -> None:
        """Change a line's quantity (0 removes it)."""
        self._touch()
        if self._paying is not None:
            self._say(messages.BUSY, "error")
            return
        try:
            cart = self.cart.set_quantity(line_id, quantity)
        except CartError as error:
            self._say(error.text, "error")
            return
        except KeyError:
            self.publish()
            return
        self._changed(cart)
        self.notice = None
        self.publish()

    async def remove_line(self, line_id: int) -> None:
        await self.set_quantity(line_id, 0)

    async def clear(self) -> None:
        """The customer gives up the purchase: the cart is recorded as abandoned. An empty cart
        has nothing to record, but an old message goes all the same (a fresh start)."""
        if self._paying is None and self.cart.lines:
            self._abandon("cleared")
        elif self._paying is None:
            self.notice = None
        self.publish()

    def start_age_check(self) -> None:
        """Start a BankID identification for the pending age-limited lines (if none runs)."""
        if self.cart.required_age is None or self.age_verifier is None:
            return
        if self._age_task is not None and not self._age_task.done():
            return
        self._age_task = asyncio.create_task(self._run_age_check(self.age_verifier))

    async def cancel_age_check(self) -> None:
        task, self._age_task = self._age_task, None
        self.age_progress = None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def pay(self, method: str | None = None) -> None:
        """Ask the provider `method` (default: `payments`) for the cart's total (once: a second
        tap is ignored)."""
        self._touch()
        provider = self.provider_named(method)
        if self._paying is not None or provider is None:
            return
        if not self.cart.lines:
            self._say(messages.EMPTY_CART, "error")
            return
        if self.cart.required_age is not None:
            self._say(messages.AGE_PENDING, "error")
            self.start_age_check()
            return
        from store_controller.checkout.sale_record import checked_sale  # the wire's Sale

        checked = checked_sale(self.cart, self.register_id, self.clock.now(), self.local_today())
        if checked is None:
            log.error("a cart that could not be recorded was refused before payment")
            self._say(messages.PAYMENT_ERROR, "error")
            return
        request = payment_request(self.cart, self.store_id)
        self._paying, self.paying_reference = self.cart, request.reference
        self._checked = checked
        self.publish()
        try:
            await asyncio.to_thread(
                remember_payment,
                self.sessions,
                sale_id=request.reference,
                register_id=self.register_id,
                provider=provider.name,
                cart=self.cart,
                requested_at=self.clock.now(),
            )
        finally:  # after the row's commit (or its failure): recovery reads the table again
            self.payments_asked += 1
        self._provider = provider
        try:
            state = await provider.request(request)
        except PaymentError as error:
            log.warning("payment request failed", extra={"provider": provider.name})
            if not isinstance(error, PaymentUnavailableError):
                await self._settle(request.reference, "error")
            # else the request may have reached the provider: payment recovery follows it
            self._paying, self.paying_reference = None, None
            self._say(customer_text(error) or messages.PAYMENT_ERROR, "error")
            return
        self._payment_started = self.clock.monotonic()
        self.notice = None
        await self._follow(state)

    async def poll_payment(self) -> None:
        """Read the provider's state of the payment in progress and act on it."""
        if self.payment is None:
            return
        if self.payment.status is PaymentStatus.PAID:  # paid, but recording failed: retry
            await self._follow(self.payment)
            return
        try:
            state = await self._provider.status(self.payment.reference)
        except PaymentError:
            return
        await self._follow(state)

    async def cancel_payment(self) -> None:
        if self.payment is None or self.payment.status is PaymentStatus.PAID:
            return
        try:
            state = await self._provider.cancel(self.payment.reference)
        except PaymentError:
            return
        await self._follow(state)

    async def tick(self) -> None:
        """Timers: payment polling and timeout, receipt screen, idle carts."""
        await self.poll_payment()
        now = self.clock.monotonic()
        if self.payment is not None and now - self._payment_started > self.config.payment_timeout_s:
            await self.cancel_payment()
        if self.phase is Phase.PAID and now - self._paid_at > RECEIPT_SHOWN_S:
            self.receipt = None
            self.notice = None
            self.publish()
        idle_s = self.config.idle_abandon_minutes * 60
        if self.cart.lines and self._paying is None and now - self._last_activity >= idle_s:
            self._abandon("idle")
            self._say(messages.ABANDONED)

    async def close(self) -> None:
        await self.cancel_age_check()
        await self.writes.drain()
        self._catalog.close()

    def publish(self) -> None:
        self._publish(self)

    async def _follow(self, state: PaymentState) -> None:
        self.payment = state
        if state.status is PaymentStatus.PAID:
            await self._complete(state)
            return
        if state.status.final:
            self.payment, self._paying, self.paying_reference = None, None, None
            await self._settle(state.reference, state.status.value)
            text = {
                PaymentStatus.DECLINED: messages.PAYMENT_DECLINED,
                PaymentStatus.CANCELLED: messages.PAYMENT_CANCELLED,
            }.get(state.status, messages.PAYMENT_ERROR)
            self._say(state.message or text, "error")
            return
        self.publish()

    async def _complete(self, state: PaymentState) -> None:
        now = self.clock.now()
        assert self._paying is not None
        try:
            recorded = await asyncio.to_thread(
                record_sale,
                sessions=self.sessions,
                cart=self._paying,
                sale_id=uuid.UUID(state.reference),
                store_id=self.store_id,
                register_id=self.register_id,
                occurred_at=now,
                local_date=now.astimezone(self._tz).date(),
                payment=state,
                checked=self._checked,
            )
        except Exception:
            log.exception("a paid sale could not be recorded; retrying on the next tick")
            self.publish()
            return
        self.receipt, self.receipt_balance = recorded, state.account_balance
        self.payment, self._paying, self.paying_reference = None, None, None
        self.cart = Cart()
        self._started_at = None
        self._paid_at = self.clock.monotonic()
        self._remember_sale(recorded)
        self.notice = None
        self.publish()

    def show_recovered(self, recorded: RecordedSale) -> None:
        """A sale recorded by payment recovery: its receipt is this register's latest, shown at
        once on an idle kiosk (the customer who paid is likely still there) and kept under
        "your last purchase" for `LAST_PURCHASE_S`."""
        self._remember_sale(recorded)
        if self.phase is Phase.IDLE:
            self.receipt, self.receipt_balance = recorded, None
            self._paid_at = self.clock.monotonic()
            self._say(messages.PAYMENT_RECOVERED)
            return
        self.publish()

    @property
    def last_purchase(self) -> RecordedSale | None:
        """The latest sale if it is recent enough to offer on the kiosk, else None."""
        if self.last_sale is None:
            return None
        if self.clock.monotonic() - self._last_sale_at > LAST_PURCHASE_S:
            return None
        return self.last_sale

    def _remember_sale(self, recorded: RecordedSale) -> None:
        self.last_sale, self._last_sale_at = recorded, self.clock.monotonic()

    async def _settle(self, sale_id: str, outcome: str) -> None:
        await asyncio.to_thread(
            settle, self.sessions, sale_id=sale_id, outcome=outcome, at=self.clock.now()
        )

    async def _run_age_check(self, verifier: AgeVerifier) -> None:
        async for progress in verifier.verify():
            self.age_progress = None if progress.done else progress
            if progress.done:
                self._age_done(progress)
            else:
                self.publish()

    def _age_done(self, progress: AgeProgress) -> None:
        proven, required = progress.proven, self.cart.required_age
        if proven is None or required is None:
            self._say(progress.message, "error")
            return
        check = proven.check(required_age=required, today=self.local_today(), at=self.clock.now())
        self.cart = self.cart.with_age_check(check)
        ok = check.passed
        self._say(messages.AGE_OK if ok else messages.AGE_TOO_YOUNG, "info" if ok else "error")

    def _refused(self, decision: Refuse, source: str) -> None:
        if decision.record:
            write = partial(
                record_unknown_barcode,
                self.sessions,
                register_id=self.register_id,
                product_key=decision.product_key,
                reason=decision.reason,
                source=source,
                scanned_at=self.clock.now(),
            )
            self.writes.submit(write, "an unknown barcode could not be recorded")
        self._say(decision.message, "error")

    def _changed(self, cart: Cart) -> None:
        if not self.cart.lines and cart.lines:
            self._started_at = self.clock.now()
            self.receipt = None
        self.cart = cart
        if cart.required_age is None and self._age_task is not None:
            self._age_task.cancel()
            self._age_task, self.age_progress = None, None

    def _abandon(self, reason: str) -> None:
        write = partial(
            record_abandoned_cart,
            self.sessions,
            register_id=self.register_id,
            cart=self.cart,
            started_at=self._started_at or self.clock.now(),
            abandoned_at=self.clock.now(),
            reason=reason,
        )
        self.writes.submit(write, "an abandoned cart could not be recorded")
        self._changed(Cart())
        self._started_at = None
        self.notice = None

    def _added(self, name: str) -> Notice:
        """The notice that `name` was added, kept by name: the same goods are added scan after
        scan, and the text is a frozen value (two formats and two constructions a scan)."""
        notice = self._added_notices.get(name)
        if notice is None:
            if len(self._added_notices) >= ADDED_KEPT:
                self._added_notices.clear()
            notice = self._added_notices[name] = Notice(messages.ADDED.format(name=name))
        return notice

    def _touch(self) -> None:
        self._last_activity = self.clock.monotonic()

    def _say(self, text: Text, level: Literal["info", "error"] = "info") -> None:
        self.notice = Notice(text, level)
        self.publish()
