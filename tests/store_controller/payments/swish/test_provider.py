"""`SwishPaymentProvider`: the checkout's port on Swish (the simulator over mTLS, or a fake)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from byabutik.runtime.clock import FakeClock
from retail import Money
from retail.wire import PaymentMethod
from store_controller.payments.port import PaymentRequest, PaymentStatus, PaymentUnavailableError
from store_controller.payments.swish.provider import SwishPaymentProvider, SwishPaymentRejected
from swish_merchant.client import SwishClient
from swish_merchant.config import SwishConfig
from swish_merchant.models import instruction_id, payer_alias
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.conftest import free_port
from tests.swish_merchant.conftest import UNREACHABLE_CALLBACK

pytestmark = pytest.mark.anyio
TOTAL = Money.kronor(87, 90)


def _request(**fields: object) -> PaymentRequest:
    values: dict[str, object] = {
        "reference": str(uuid.uuid4()),
        "amount": TOTAL,
        "message": "Byabutik dev-store",
        **fields,
    }
    return PaymentRequest(**values)  # type: ignore[arg-type]


@pytest.fixture
async def provider(
    sim: EmbeddedSwishSimulator, clock: FakeClock
) -> AsyncIterator[SwishPaymentProvider]:
    config = sim.config(callback_url=UNREACHABLE_CALLBACK)
    swish = SwishPaymentProvider.from_config(config, monotonic=clock.monotonic)
    yield swish
    await swish.aclose()


async def test_paid_only_after_swish_says_paid(
    provider: SwishPaymentProvider, sim: EmbeddedSwishSimulator, clock: FakeClock
) -> None:
    request = _request(age_limit=18)
    state = await provider.request(request)
    assert (state.status, state.method, state.provider) == (
        PaymentStatus.PENDING,
        PaymentMethod.SWISH,
        "swish",
    )
    assert state.qr_data is not None
    assert state.qr_data.startswith("D")
    payment = sim.simulator.store.by_token(state.qr_data)
    assert payment.body["ageLimit"] == 18
    assert payment.body["message"] == "Byabutik dev store"  # "-" is not allowed by Swish
    sim.simulator.store.pay(payment.id)
    assert (await provider.status(request.reference)).status is PaymentStatus.PENDING  # throttled
    clock.advance(1.0)
    paid = await provider.status(request.reference)
    assert paid.status is PaymentStatus.PAID
    assert paid.confirmed_at is not None
    assert paid.provider_reference == sim.simulator.store.get(payment.id).payment_reference


@pytest.mark.parametrize(
    ("act", "expected"),
    [
        ("decline", PaymentStatus.DECLINED),
        ("fail", PaymentStatus.ERROR),
    ],
)
async def test_declined_and_failed(
    provider: SwishPaymentProvider,
    sim: EmbeddedSwishSimulator,
    clock: FakeClock,
    act: str,
    expected: PaymentStatus,
) -> None:
    request = _request()
    await provider.request(request)
    request_id = instruction_id(request.reference)
    if act == "decline":
        sim.simulator.store.decline(request_id)
    else:
        sim.simulator.store.fail(request_id, "FF10")
    clock.advance(1.0)
    assert (await provider.status(request.reference)).status is expected


async def test_the_same_sale_twice_and_after_a_restart_is_one_payment(
    provider: SwishPaymentProvider, sim: EmbeddedSwishSimulator, clock: FakeClock
) -> None:
    request = _request()
    first = await provider.request(request)
    again = await provider.request(request)
    assert again.provider_reference == first.provider_reference
    restarted = SwishPaymentProvider.from_config(
        sim.config(callback_url=UNREACHABLE_CALLBACK), monotonic=clock.monotonic
    )
    try:
        adopted = await restarted.request(request)
        assert adopted.status is PaymentStatus.PENDING
        sim.simulator.store.pay(instruction_id(request.reference))
        assert (await restarted.status(request.reference)).status is PaymentStatus.PENDING
        clock.advance(1.0)
        assert (await restarted.status(request.reference)).status is PaymentStatus.PAID
    finally:
        await restarted.aclose()
    assert len(sim.simulator.store.payments()) == 1


async def test_status_of_an_unknown_reference_is_a_key_error(
    provider: SwishPaymentProvider,
) -> None:
    with pytest.raises(KeyError):
        await provider.status(str(uuid.uuid4()))


async def test_cancel_withdraws_and_paid_stays_paid(
    provider: SwishPaymentProvider, sim: EmbeddedSwishSimulator
) -> None:
    pending = _request()
    await provider.request(pending)
    assert (await provider.cancel(pending.reference)).status is PaymentStatus.CANCELLED
    assert (await provider.cancel(pending.reference)).status is PaymentStatus.CANCELLED
    paid = _request()
    await provider.request(paid)
    sim.simulator.store.pay(instruction_id(paid.reference))
    assert (await provider.cancel(paid.reference)).status is PaymentStatus.PAID


async def test_refusals_carry_the_customer_text(provider: SwishPaymentProvider) -> None:
    with pytest.raises(SwishPaymentRejected) as caught:
        await provider.request(_request(message="VR02"))
    assert caught.value.codes == ("VR02",)
    assert "rätt person" in caught.value.customer_text.sv


async def test_unreachable_swish_is_payment_unavailable(sim: EmbeddedSwishSimulator) -> None:
    config = sim.config(
        base_url=f"https://127.0.0.1:{free_port()}/swish-cpcapi/api/",
        callback_url=UNREACHABLE_CALLBACK,
    )
    swish = SwishPaymentProvider.from_config(config)
    try:
        with pytest.raises(PaymentUnavailableError) as caught:
            await swish.request(_request())
        assert "Swish" in caught.value.customer_text.en  # type: ignore[attr-defined]
    finally:
        await swish.aclose()


def _fake_swish(answer: Callable[[httpx.Request], httpx.Response]) -> SwishPaymentProvider:
    client = SwishClient(
        base_url="https://swish.invalid/swish-cpcapi/api/",
        ssl_context=None,
        payee_alias="1234679304",
        callback_url="https://backoffice.invalid/api/swish/callback",
        transport=httpx.MockTransport(answer),
    )
    return SwishPaymentProvider(client, poll_interval=0.0)


def _payment(request: httpx.Request, **fields: object) -> httpx.Response:
    body = {"id": request.url.path.rsplit("/", 1)[-1], "status": "CREATED", "amount": 87.90}
    return httpx.Response(200, content=json.dumps({**body, **fields}))


@pytest.mark.parametrize(
    "answer",
    [
        lambda r: _payment(r, status="PAID", amount=1.00, paymentReference="X"),  # other amount
        lambda r: _payment(r, status="PAID"),  # no payment reference
        lambda r: _payment(r, status="WHATEVER"),
        lambda r: httpx.Response(500),
        lambda r: httpx.Response(200, content=b"<html>proxy</html>"),
        lambda r: httpx.Response(302, headers={"Location": "https://elsewhere"}),
    ],
)
async def test_never_paid_without_a_proper_paid_from_swish(
    answer: Callable[[httpx.Request], httpx.Response],
) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            return httpx.Response(201, headers={"PaymentRequestToken": "tok"})
        return answer(request)

    swish = _fake_swish(route)
    request = _request()
    try:
        await swish.request(request)
        try:
            state = await swish.status(request.reference)
        except PaymentUnavailableError:
            return
        assert state.status is not PaymentStatus.PAID
    finally:
        await swish.aclose()


async def test_status_reads_swish_with_backoff_not_at_every_tick() -> None:
    clock = FakeClock(start=0.0)
    gets: list[float] = []

    def route(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            return httpx.Response(201, headers={"PaymentRequestToken": "tok"})
        gets.append(clock.monotonic())
        return _payment(request)

    client = SwishClient(
        base_url="https://swish.invalid/swish-cpcapi/api/",
        ssl_context=None,
        payee_alias="1234679304",
        callback_url="https://backoffice.invalid/api/swish/callback",
        transport=httpx.MockTransport(route),
    )
    swish = SwishPaymentProvider(client, monotonic=clock.monotonic)
    request = _request()
    try:
        await swish.request(request)
        for _ in range(40):  # the checkout ticks every 0.5 s
            clock.advance(0.5)
            assert (await swish.status(request.reference)).status is PaymentStatus.PENDING
    finally:
        await swish.aclose()
    assert gets == [1.0, 2.5, 5.0, 8.5, 13.5, 18.5]


async def test_refund_of_a_paid_sale_once(
    provider: SwishPaymentProvider, sim: EmbeddedSwishSimulator, clock: FakeClock
) -> None:
    request = _request()
    await provider.request(request)
    with pytest.raises(ValueError, match="only a paid payment"):
        await provider.refund(request.reference, amount=Money(100))
    sim.simulator.store.pay(instruction_id(request.reference))
    clock.advance(1.0)
    first = await provider.refund(request.reference, amount=Money.kronor(10), message="Retur")
    again = await provider.refund(request.reference, amount=Money.kronor(10), message="Retur")
    assert first.id == again.id
    assert first.status == "CREATED"  # Swish pays refunds later, with a callback
    clock.advance(5.0)
    assert (await provider.client.refund(first.id)).status == "PAID"
    with pytest.raises(SwishPaymentRejected) as caught:
        await provider.refund(request.reference, amount=TOTAL, number=2)
    assert caught.value.codes == ("RF08",)


async def test_after_a_restart_status_and_cancel_ask_swish(
    provider: SwishPaymentProvider, sim: EmbeddedSwishSimulator, clock: FakeClock
) -> None:
    paid, pending = _request(), _request()
    await provider.request(paid)
    await provider.request(pending)
    sim.simulator.store.pay(instruction_id(paid.reference))
    restarted = SwishPaymentProvider.from_config(
        sim.config(callback_url=UNREACHABLE_CALLBACK), monotonic=clock.monotonic
    )
    try:
        recovered = await restarted.status(paid.reference)
        assert (recovered.status, recovered.amount) == (PaymentStatus.PAID, TOTAL)
        assert (await restarted.cancel(pending.reference)).status is PaymentStatus.CANCELLED
        with pytest.raises(KeyError):
            await restarted.cancel(str(uuid.uuid4()))
    finally:
        await restarted.aclose()


async def test_ecommerce_with_the_phone_number_people_type(
    provider: SwishPaymentProvider, sim: EmbeddedSwishSimulator
) -> None:
    request = _request()
    state = await provider.request(request, payer_alias="070-123 45 67")
    assert state.qr_data is None
    payment = sim.simulator.store.get(instruction_id(request.reference))
    assert payment.body["payerAlias"] == "46701234567"
    with pytest.raises(SwishPaymentRejected):
        await provider.request(_request(), payer_alias="ring mig")


@pytest.mark.parametrize(
    ("typed", "alias"),
    [
        ("+46 70 123 45 67", "46701234567"),
        ("0046701234567", "46701234567"),
        ("0701234567", "46701234567"),
    ],
)
def test_payer_alias(typed: str, alias: str) -> None:
    assert payer_alias(typed) == alias


async def test_the_client_is_built_at_first_use(tmp_path: Path) -> None:
    missing = SwishConfig(certificate=tmp_path / "later.p12", ca_file=tmp_path / "ca.pem")
    swish = SwishPaymentProvider.from_config(missing)  # the simulator may not have written them yet
    try:
        with pytest.raises(PaymentUnavailableError) as caught:
            await swish.request(_request())
        assert "configuration" in caught.value.owner_reason  # type: ignore[attr-defined]
    finally:
        await swish.aclose()
