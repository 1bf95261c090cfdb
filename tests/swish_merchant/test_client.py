"""The Swish client against the simulator over HTTPS with mutual TLS."""

from __future__ import annotations

import uuid

import pytest

from byabutik.runtime.clock import FakeClock
from retail import Money
from swish_merchant.client import SwishClient
from swish_merchant.errors import (
    AlreadyExists,
    NotCancellable,
    NotFound,
    ValidationFailed,
)
from swish_merchant.messages import OUTCOME_CODES, VALIDATION_CODES
from swish_merchant.models import SwishStatus, instruction_id
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator

pytestmark = pytest.mark.anyio
PRICE = Money.kronor(49, 50)


def _sale() -> str:
    return str(uuid.uuid4())


async def test_mcommerce_request_gives_a_token_and_is_paid_from_the_phone(
    client: SwishClient, sim: EmbeddedSwishSimulator
) -> None:
    sale = _sale()
    created = await client.create_payment_request(reference=sale, amount=PRICE, message="Kassa 1")
    assert created.id == instruction_id(sale)
    assert len(created.id) == 32
    assert created.id == created.id.upper()
    assert created.token
    assert created.location.endswith(f"/swish-cpcapi/api/v1/paymentrequests/{created.id}")
    read = await client.payment_request(created.id)
    assert (read.status, read.amount, read.payment_reference) == (SwishStatus.CREATED, PRICE, None)
    assert read.payee_payment_reference == uuid.UUID(sale).hex
    sim.simulator.store.by_token(f"D{created.token}")  # what the kiosk's QR holds
    sim.simulator.store.pay(created.id)
    paid = await client.payment_request(created.id)
    assert paid.status is SwishStatus.PAID
    assert paid.payment_reference
    assert paid.date_paid is not None
    assert paid.amount == PRICE


async def test_declined(client: SwishClient, sim: EmbeddedSwishSimulator) -> None:
    created = await client.create_payment_request(reference=_sale(), amount=PRICE)
    sim.simulator.store.decline(created.id)
    read = await client.payment_request(created.id)
    assert read.status is SwishStatus.DECLINED
    assert read.payment_reference is None


async def test_ecommerce_asks_the_phone_number_and_gives_no_token(
    client: SwishClient, sim: EmbeddedSwishSimulator
) -> None:
    created = await client.create_payment_request(
        reference=_sale(), amount=PRICE, payer_alias="46701234567"
    )
    assert created.token is None
    assert (await client.payment_request(created.id)).payer_alias == "46701234567"
    with pytest.raises(ValidationFailed) as caught:
        await client.create_payment_request(
            reference=_sale(), amount=PRICE, payer_alias="46701234567"
        )
    assert caught.value.codes == ("RP06",)


@pytest.mark.parametrize("code", VALIDATION_CODES)
async def test_each_validation_code_from_the_message_trigger(
    client: SwishClient, code: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await client.create_payment_request(reference=_sale(), amount=PRICE, message=code)
    error = caught.value
    assert error.http_status == 422
    assert error.code == code
    assert error.customer_text.sv
    assert error.customer_text.en
    assert error.customer_text.sv != error.customer_text.en
    assert "unknown" not in error.owner_reason


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"amount": Money(0)}, "AM06"),
        ({"amount": Money(100_000_000_000_000)}, "AM02"),
        ({"payer_alias": "12"}, "BE18"),
        ({"message": "x" * 51}, "RP02"),
        ({"message": "50% <off>"}, "RP02"),
    ],
)
async def test_real_validation(client: SwishClient, fields: dict[str, object], code: str) -> None:
    values: dict[str, object] = {"reference": _sale(), "amount": PRICE, **fields}
    with pytest.raises(ValidationFailed) as caught:
        await client.create_payment_request(**values)  # type: ignore[arg-type]
    assert code in caught.value.codes


async def test_a_plain_http_callback_url_is_refused(sim: EmbeddedSwishSimulator) -> None:
    config = sim.config(callback_url="http://127.0.0.1:9/cb")
    async with SwishClient.from_config(config) as swish:
        with pytest.raises(ValidationFailed) as caught:
            await swish.create_payment_request(reference=_sale(), amount=PRICE)
    assert caught.value.codes == ("RP03",)


@pytest.mark.parametrize("code", OUTCOME_CODES)
async def test_each_outcome_code_ends_as_error(
    client: SwishClient, clock: FakeClock, code: str
) -> None:
    created = await client.create_payment_request(reference=_sale(), amount=PRICE, message=code)
    assert (await client.payment_request(created.id)).status is SwishStatus.CREATED
    clock.advance(2.0)
    read = await client.payment_request(created.id)
    assert (read.status, read.error_code) == (SwishStatus.ERROR, code)
    assert read.error_message


async def test_an_unanswered_request_times_out_with_tm01(
    client: SwishClient, clock: FakeClock
) -> None:
    created = await client.create_payment_request(reference=_sale(), amount=PRICE)
    clock.advance(329)
    assert (await client.payment_request(created.id)).status is SwishStatus.CREATED
    clock.advance(1)
    read = await client.payment_request(created.id)
    assert (read.status, read.error_code) == (SwishStatus.ERROR, "TM01")


async def test_wait_for_payment_polls_with_backoff(
    client: SwishClient, sim: EmbeddedSwishSimulator, clock: FakeClock
) -> None:
    sim.simulator.store.scenario = "pay"
    created = await client.create_payment_request(reference=_sale(), amount=PRICE)
    read = await client.wait_for_payment(created.id, within=60)
    assert read.status is SwishStatus.PAID
    assert clock.sleeps == [1.0, 1.5]


async def test_wait_for_payment_gives_up_at_the_deadline(
    client: SwishClient, clock: FakeClock
) -> None:
    created = await client.create_payment_request(reference=_sale(), amount=PRICE)
    read = await client.wait_for_payment(created.id, within=20)
    assert read.status is SwishStatus.CREATED
    assert sum(clock.sleeps) == pytest.approx(20)
    assert max(clock.sleeps) <= 5.0


async def test_cancel_only_while_created(client: SwishClient, sim: EmbeddedSwishSimulator) -> None:
    created = await client.create_payment_request(reference=_sale(), amount=PRICE)
    cancelled = await client.cancel_payment_request(created.id)
    assert cancelled.status is SwishStatus.CANCELLED
    with pytest.raises(NotCancellable) as caught:
        await client.cancel_payment_request(created.id)
    assert caught.value.code == "RP07"
    paid = await client.create_payment_request(reference=_sale(), amount=PRICE)
    sim.simulator.store.pay(paid.id)
    with pytest.raises(NotCancellable):
        await client.cancel_payment_request(paid.id)
    assert (await client.payment_request(paid.id)).status is SwishStatus.PAID


async def test_the_same_sale_is_never_a_second_request(
    client: SwishClient, sim: EmbeddedSwishSimulator
) -> None:
    sale = _sale()
    first = await client.create_payment_request(reference=sale, amount=PRICE)
    with pytest.raises(AlreadyExists):
        await client.create_payment_request(reference=sale, amount=PRICE)
    assert [p.id for p in sim.simulator.store.payments()] == [first.id]


async def test_unknown_ids_are_not_found(client: SwishClient) -> None:
    with pytest.raises(NotFound):
        await client.payment_request(instruction_id("never"))


async def test_refund_of_a_paid_request(client: SwishClient, sim: EmbeddedSwishSimulator) -> None:
    sale = _sale()
    created = await client.create_payment_request(reference=sale, amount=PRICE)
    sim.simulator.store.pay(created.id)
    paid = await client.payment_request(created.id)
    assert paid.payment_reference is not None
    refund = await client.create_refund(
        reference=f"{sale}/1",
        original_payment_reference=paid.payment_reference,
        amount=Money.kronor(20),
        message="Retur",
    )
    read = await client.refund(refund.id)
    assert (read.status, read.amount) == ("CREATED", Money.kronor(20))  # asynchronous
    assert read.original_payment_reference == paid.payment_reference
    assert not read.is_final
    done = await client.wait_for_refund(refund.id, within=30.0)
    assert (done.status, done.is_final) == ("PAID", True)
    assert done.payment_reference is not None
    with pytest.raises(AlreadyExists):
        await client.create_refund(
            reference=f"{sale}/1",
            original_payment_reference=paid.payment_reference,
            amount=Money.kronor(20),
        )
    with pytest.raises(ValidationFailed) as caught:
        await client.create_refund(
            reference=f"{sale}/2",
            original_payment_reference=paid.payment_reference,
            amount=Money.kronor(30),
        )
    assert caught.value.codes == ("RF08",)


async def test_refund_of_an_unknown_payment(client: SwishClient) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await client.create_refund(reference="r", original_payment_reference="0" * 32, amount=PRICE)
    assert caught.value.codes == ("RF02",)


async def test_age_limit_reaches_swish_and_a_young_payer_fails_vr01(
    client: SwishClient, sim: EmbeddedSwishSimulator
) -> None:
    created = await client.create_payment_request(reference=_sale(), amount=PRICE, age_limit=18)
    sim.simulator.store.pay(created.id, payer_age=16)
    read = await client.payment_request(created.id)
    assert (read.status, read.error_code) == (SwishStatus.ERROR, "VR01")
