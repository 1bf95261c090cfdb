"""MemberAccountProvider against the BankID simulator over mutual TLS: a member signs and is
charged once; over the limit or not a member is refused in both languages; a restart finds the
charge on disk; nothing stores the personal number."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from bankid_rp.client import BankIdClient
from bankid_rp.config import BankIdConfig
from bankid_rp.simulator.embedded import EmbeddedSimulator
from bankid_rp.simulator.orders import Order
from retail import Money
from store_controller.core.clock import ManualClock
from store_controller.customers.models import Customer
from store_controller.customers.status import CustomerStatus
from store_controller.payments.member import texts
from store_controller.payments.member.models import MemberAccountRow, MemberLedgerRow
from store_controller.payments.member.provider import MemberAccountProvider
from store_controller.payments.member.setup import ensure_member
from store_controller.payments.port import PaymentRequest, PaymentStatus
from tests.store_controller.payments.member import phone

pytestmark = pytest.mark.anyio
KEY = b"test-identity-hash-key-0123456789"
MEMBER = "191212121212"  # Skatteverket test number (Tolvan Tolvansson)
OTHER = "199006022397"  # Skatteverket test number, not a member
WHEN = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def provider_for(sessions: sessionmaker[Session], config: BankIdConfig) -> MemberAccountProvider:
    return MemberAccountProvider(
        client_factory=lambda: BankIdClient.from_config(config),
        sessions=sessions,
        hash_key=KEY,
        store_name="Byabutiken i Demoby",
        clock=ManualClock(WHEN),
        collect_interval=1.0,
        timeout=30.0,
    )


@pytest.fixture
async def provider(
    sessions: sessionmaker[Session], bankid_config: BankIdConfig
) -> AsyncIterator[MemberAccountProvider]:
    with sessions.begin() as session:
        ensure_member(
            session, personal_number=MEMBER, name="Tolvan", hash_key=KEY, limit_ore=500_00, at=WHEN
        )
    provider = provider_for(sessions, bankid_config)
    yield provider
    await provider.aclose()


async def sign(
    provider: MemberAccountProvider, bankid: EmbeddedSimulator, amount: Money, who: str
) -> tuple[str, PaymentStatus]:
    ref, status, _ = await sign_order(provider, bankid, amount, who)
    return ref, status


async def sign_order(
    provider: MemberAccountProvider, bankid: EmbeddedSimulator, amount: Money, who: str
) -> tuple[str, PaymentStatus, Order]:
    ref = str(uuid.uuid4())
    state = await provider.request(PaymentRequest(ref, amount, "Byabutik"))
    assert state.status is PaymentStatus.PENDING
    order = bankid.simulator.store.pending()[-1]
    phone.approve(bankid, order.ref, who)
    final = await provider.settled(ref)
    return ref, final.status, order


def ledger(sessions: sessionmaker[Session]) -> list[tuple[str, int]]:
    with sessions() as session:
        rows = session.scalars(select(MemberLedgerRow).order_by(MemberLedgerRow.id))
        return [(row.sale_id, row.amount_ore) for row in rows]


def balance(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        account = session.scalars(select(MemberAccountRow)).one()
        return account.balance_ore


async def test_a_member_signs_the_total_and_is_charged_once(
    provider: MemberAccountProvider, bankid: EmbeddedSimulator, sessions: sessionmaker[Session]
) -> None:
    ref, status, order = await sign_order(provider, bankid, Money(99_30), MEMBER)
    assert status is PaymentStatus.PAID
    request = order.request
    assert request.user_visible_data_format == "simpleMarkdownV1"
    assert request.user_visible_data is not None
    shown = base64.b64decode(request.user_visible_data).decode()
    assert shown == "# Byabutiken i Demoby\n\nKöp på medlemskonto: **99,30 kr**"
    again = await provider.request(PaymentRequest(ref, Money(99_30), "Byabutik"))
    assert again.status is PaymentStatus.PAID
    with sessions() as session:  # the sale names the member so the backoffice books it
        assert again.customer_hash == session.scalars(select(MemberAccountRow)).one().identity_hash
    assert ledger(sessions) == [(ref, 99_30)]
    assert balance(sessions) == 99_30


async def test_over_the_limit_is_refused_in_both_languages(
    provider: MemberAccountProvider, bankid: EmbeddedSimulator, sessions: sessionmaker[Session]
) -> None:
    ref, status = await sign(provider, bankid, Money(500_01), MEMBER)
    assert status is PaymentStatus.DECLINED
    state = await provider.status(ref)
    assert state.message is texts.OVER_LIMIT
    assert ledger(sessions) == []


async def test_someone_not_a_member_is_refused(
    provider: MemberAccountProvider, bankid: EmbeddedSimulator, sessions: sessionmaker[Session]
) -> None:
    ref, status = await sign(provider, bankid, Money(10_00), OTHER)
    assert status is PaymentStatus.DECLINED
    assert (await provider.status(ref)).message is texts.NOT_A_MEMBER
    with sessions.begin() as session:
        customer = session.scalars(select(Customer)).one()
        customer.status = CustomerStatus.BLOCKED
    ref, status = await sign(provider, bankid, Money(10_00), MEMBER)
    assert status is PaymentStatus.DECLINED
    assert ledger(sessions) == []


async def test_after_a_restart_the_ledger_is_the_truth(
    provider: MemberAccountProvider,
    bankid: EmbeddedSimulator,
    bankid_config: BankIdConfig,
    sessions: sessionmaker[Session],
) -> None:
    ref, _ = await sign(provider, bankid, Money(20_00), MEMBER)
    restarted = provider_for(sessions, bankid_config)
    try:
        assert (await restarted.status(ref)).status is PaymentStatus.PAID
        assert (await restarted.cancel(ref)).status is PaymentStatus.PAID
        unknown = await restarted.status(str(uuid.uuid4()))
        assert unknown.status is PaymentStatus.CANCELLED
    finally:
        await restarted.aclose()
    assert ledger(sessions) == [(ref, 20_00)]


async def test_cancel_withdraws_the_sign_order(
    provider: MemberAccountProvider, bankid: EmbeddedSimulator, sessions: sessionmaker[Session]
) -> None:
    ref = str(uuid.uuid4())
    await provider.request(PaymentRequest(ref, Money(5_00), "Byabutik"))
    order = bankid.simulator.store.pending()[-1]
    assert (await provider.cancel(ref)).status is PaymentStatus.CANCELLED
    assert bankid.simulator.store.get(order.ref) is None
    assert ledger(sessions) == []


def test_no_personal_number_in_the_database(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        ensure_member(
            session, personal_number=MEMBER, name="Tolvan", hash_key=KEY, limit_ore=100, at=WHEN
        )
    with sessions() as session:
        dump = "\n".join(
            str(row)
            for table in ("customers", "member_accounts")
            for row in session.execute(text(f"SELECT * FROM {table}"))
        )
    assert MEMBER not in dump
    assert MEMBER[2:] not in dump
