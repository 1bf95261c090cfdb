"""`MemberAccountProvider`: pay on account by signing the purchase with BankID at the kiosk.

`request` starts a BankID sign order whose visible text (simpleMarkdownV1) shows the store and
the total; a task follows the order (animated QR for the kiosk). When the order completes, the
signer's keyed identity hash must belong to an approved member with credit left: the charge
(balance and ledger row, one per sale id) is then committed, and only then is the payment PAID.
After a restart the ledger is the truth: a sale id with a charge is PAID, one without is not
(the pre-restart order can no longer lead to a charge: nobody collects it), so it is CANCELLED.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bankid_rp.config import BankIdConfig
from bankid_rp.errors import BankIdError
from byabutik.runtime.clock import Clock as BankIdClock
from retail import Money, Personnummer, PersonnummerError
from store_controller.core.clock import Clock
from store_controller.db.prepared import begin_immediate
from store_controller.db.sessions import engine_of
from store_controller.i18n import Text
from store_controller.payments.member import texts
from store_controller.payments.member.accounts import Charge, Refusal, charge, find_charge
from store_controller.payments.port import (
    PaymentRequest,
    PaymentState,
    PaymentStatus,
    PaymentUnavailableError,
)

if TYPE_CHECKING:
    from bankid_rp.client import BankIdClient
    from bankid_rp.flow import OrderFlow, OrderProgress
    from store_controller.db.sessions import Sessions

log = logging.getLogger(__name__)

NAME = "member_account"


def visible_text(store_name: str, amount: Money) -> str:
    """What the member signs (simpleMarkdownV1): the store and the total."""
    name = store_name.replace("*", "").replace("#", "").strip() or "Byabutik"
    return f"# {name}\n\nKöp på medlemskonto: **{amount.format(space=' ')}**"


@dataclass
class _Order:
    state: PaymentState
    order_ref: str
    task: asyncio.Task[None] | None = None
    ended: bool = False
    """The BankID order ended (complete, failed...): nothing to withdraw at BankID."""


class MemberAccountProvider:
    """Implements `PaymentProvider` (see payments/port.py) for the member account."""

    name = NAME

    def __init__(
        self,
        *,
        client_factory: Callable[[], BankIdClient],
        sessions: Sessions,
        hash_key: bytes,
        store_name: str,
        clock: Clock,
        bankid_clock: BankIdClock | None = None,
        collect_interval: float = 2.0,
        timeout: float = 180.0,
        end_user_ip: str = "127.0.0.1",
    ) -> None:
        self._factory = client_factory
        self._client: BankIdClient | None = None
        self._sessions = sessions
        self._hash_key = hash_key
        self._store_name = store_name
        self._clock = clock
        self._bankid_clock = bankid_clock
        self._interval = collect_interval
        self._timeout = timeout
        self._ip = end_user_ip
        self._orders: dict[str, _Order] = {}

    @classmethod
    def from_config(
        cls,
        config: BankIdConfig,
        *,
        sessions: Sessions,
        hash_key: bytes,
        store_name: str,
        clock: Clock,
        timeout: float,
    ) -> MemberAccountProvider:
        """A provider signing with the configured BankID; the client is built at first use."""
        return cls(
            client_factory=lambda: _client(config),
            sessions=sessions,
            hash_key=hash_key,
            store_name=store_name,
            clock=clock,
            collect_interval=config.collect_interval,
            timeout=min(timeout, config.order_timeout),
        )

    async def aclose(self) -> None:
        for order in self._orders.values():
            await self._withdraw(order)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def request(self, request: PaymentRequest) -> PaymentState:
        ref = request.reference
        if (known := await self._charged(ref, request.amount)) is not None:
            return known
        if (order := self._orders.get(ref)) is not None:
            return order.state
        try:
            if self._client is None:
                self._client = self._factory()
            started = await self._client.sign(
                end_user_ip=self._ip,
                user_visible_data=visible_text(self._store_name, request.amount),
                user_visible_data_format="simpleMarkdownV1",
            )
        except (BankIdError, OSError, ValueError) as exc:
            log.warning("member payment: bankid sign failed", extra={"error": type(exc).__name__})
            raise PaymentUnavailableError("BankID could not start the signing") from exc
        from bankid_rp.flow import OrderFlow  # the flow's models load with the first payment

        flow = OrderFlow(
            self._client,
            started,
            clock=self._bankid_clock,
            collect_interval=self._interval,
            timeout=self._timeout,
        )
        order = _Order(self._state(ref, request.amount, PaymentStatus.PENDING), started.order_ref)
        order.task = asyncio.create_task(self._follow(ref, request.amount, flow, order))
        self._orders[ref] = order
        return order.state

    async def status(self, reference: str) -> PaymentState:
        order = self._orders.get(reference)
        if order is not None:
            return order.state
        known = await self._charged(reference, None)
        return known or self._state(reference, Money(0), PaymentStatus.CANCELLED)

    async def cancel(self, reference: str) -> PaymentState:
        order = self._orders.get(reference)
        if order is not None:
            await self._withdraw(order)
        amount = order.state.amount if order is not None else None
        if (known := await self._charged(reference, amount)) is not None:
            return known
        state = self._state(reference, amount or Money(0), PaymentStatus.CANCELLED)
        if order is not None:
            order.state = state
        return state

    async def settled(self, reference: str) -> PaymentState:
        """Wait until the order of `reference` has ended (tests, scripts); its final state."""
        order = self._orders.get(reference)
        if order is not None and order.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(order.task)
        return await self.status(reference)

    async def _follow(self, ref: str, amount: Money, flow: OrderFlow, order: _Order) -> None:
        async for progress in flow.updates():
            if not progress.done:
                order.state = replace(
                    order.state, qr_data=progress.qr_data, message=_text(progress)
                )
                continue
            order.ended = True
            order.state = await self._finish(ref, amount, progress)

    async def _withdraw(self, order: _Order) -> None:
        """Stop following `order` and cancel it at BankID if it has not ended."""
        await _stop(order.task)
        if not order.ended and self._client is not None:
            order.ended = True
            with contextlib.suppress(BankIdError):
                await self._client.cancel(order.order_ref)

    async def _finish(self, ref: str, amount: Money, progress: OrderProgress) -> PaymentState:
        if progress.state != "complete" or progress.completion is None:
            status = {"cancelled": PaymentStatus.CANCELLED, "failed": PaymentStatus.DECLINED}
            final = status.get(progress.state, PaymentStatus.ERROR)
            return self._state(ref, amount, final, message=_text(progress))
        try:
            number = Personnummer.parse(progress.completion.user.personal_number.digits)
        except PersonnummerError:
            return self._state(ref, amount, PaymentStatus.ERROR, message=texts.NOT_A_MEMBER)
        outcome = await asyncio.to_thread(
            self._charge, ref, number.keyed_hash(self._hash_key), amount, progress.order_ref
        )
        if isinstance(outcome, Refusal):
            log.info("member payment refused", extra={"sale_id": ref, "reason": outcome.value})
            return self._state(ref, amount, PaymentStatus.DECLINED, message=texts.REFUSED[outcome])
        return self._paid(ref, outcome)

    def _charge(
        self, ref: str, identity_hash: str, amount: Money, order_ref: str
    ) -> Charge | Refusal:
        with engine_of(self._sessions).connect() as connection:
            if connection.dialect.name == "sqlite":
                begin_immediate(connection)  # two charges on one account cannot race
            outcome = charge(
                connection,
                identity_hash=identity_hash,
                sale_id=ref,
                amount_ore=amount.ore,
                bankid_order_ref=order_ref,
                at=self._clock.now(),
            )
            connection.commit()
            return outcome

    async def _charged(self, ref: str, amount: Money | None) -> PaymentState | None:
        found = await asyncio.to_thread(self._find, ref)
        if found is None:
            return None
        if amount is not None and found.amount_ore != amount.ore:
            log.error("a member charge differs from the amount asked", extra={"sale_id": ref})
        return self._paid(ref, found)

    def _find(self, ref: str) -> Charge | None:
        with engine_of(self._sessions).connect() as connection:
            return find_charge(connection, ref)

    def _paid(self, ref: str, found: Charge) -> PaymentState:
        from retail.wire import PaymentMethod  # the wire's sale types, with the first payment

        return PaymentState(
            reference=ref,
            status=PaymentStatus.PAID,
            amount=Money(found.amount_ore),
            method=PaymentMethod.MEMBER_ACCOUNT,
            provider=NAME,
            provider_reference=found.bankid_order_ref,
            confirmed_at=found.charged_at,
            message=texts.CHARGED,
            account_balance=(
                None
                if found.balance_ore is None or found.credit_limit_ore is None
                else texts.balance_text(found.balance_ore, found.credit_limit_ore)
            ),
            customer_hash=found.identity_hash,
        )

    def _state(
        self, ref: str, amount: Money, status: PaymentStatus, *, message: Text | None = None
    ) -> PaymentState:
        from retail.wire import PaymentMethod

        return PaymentState(
            reference=ref,
            status=status,
            amount=amount,
            method=PaymentMethod.MEMBER_ACCOUNT,
            provider=NAME,
            message=message or (texts.SIGN if status is PaymentStatus.PENDING else None),
        )


def _text(progress: OrderProgress) -> Text:
    return Text(progress.message.sv, progress.message.en)


async def _stop(task: asyncio.Task[None] | None) -> None:
    if task is not None and not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _client(config: BankIdConfig) -> BankIdClient:
    from bankid_rp.client import BankIdClient  # httpx and TLS on the first payment, not at start

    return BankIdClient.from_config(config)
