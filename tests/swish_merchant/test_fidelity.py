"""The Swish simulator refuses, delays and remembers like the real service (swish.md sections 2.1,
6, 9), over real HTTPS with mutual TLS, and the client treats each case so."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import httpx
import pytest
import zxingcpp
from PIL import Image

from byabutik.runtime.clock import FakeClock
from retail import Money
from swish_merchant import SwishClient, ValidationFailed
from swish_merchant.errors import InvalidRequest
from swish_merchant.simulator.certs import SwishPki
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.conftest import free_port
from tests.swish_merchant.conftest import FAST_RETRIES, UNREACHABLE_CALLBACK
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio
PRICE = Money.kronor(49, 90)


async def _paid(client: SwishClient, sim: EmbeddedSwishSimulator) -> tuple[str, str]:
    created = await client.create_payment_request(reference=str(uuid.uuid4()), amount=PRICE)
    sim.simulator.store.pay(created.id)
    paid = await client.payment_request(created.id)
    assert paid.payment_reference is not None
    return created.id, paid.payment_reference


async def test_a_request_for_another_merchants_number_is_refused(
    sim: EmbeddedSwishSimulator, clock: FakeClock
) -> None:
    config = sim.config(callback_url=UNREACHABLE_CALLBACK, payee_alias="1231181189")
    async with SwishClient.from_config(config, clock=clock) as other:
        with pytest.raises(ValidationFailed) as caught:
            await other.create_payment_request(reference=str(uuid.uuid4()), amount=PRICE)
    assert caught.value.codes == ("ACMT07",)
    assert sim.simulator.store.payments() == []  # nothing was created


async def test_a_refund_for_another_merchants_number_is_refused(
    client: SwishClient, sim: EmbeddedSwishSimulator, clock: FakeClock
) -> None:
    _, reference = await _paid(client, sim)
    config = sim.config(callback_url=UNREACHABLE_CALLBACK, payee_alias="1231181189")
    async with SwishClient.from_config(config, clock=clock) as other:
        with pytest.raises(ValidationFailed) as caught:
            await other.create_refund(
                reference="r-1", original_payment_reference=reference, amount=Money(100)
            )
    assert caught.value.codes == ("ACMT07",)


async def test_a_refund_is_created_then_paid_later_with_a_callback(
    client: SwishClient, sim: EmbeddedSwishSimulator, clock: FakeClock
) -> None:
    _, reference = await _paid(client, sim)
    refund = await client.create_refund(
        reference="sale-1/refund-1", original_payment_reference=reference, amount=Money(1000)
    )
    first = await client.refund(refund.id)
    assert (first.status, first.payment_reference, first.is_final) == ("CREATED", None, False)
    callbacks = sim.simulator.callbacks
    assert not any(d.object_id == refund.id for d in callbacks.deliveries)
    done = await client.wait_for_refund(refund.id, within=30.0)  # the fake clock moves
    assert done.status == "PAID"
    assert done.payment_reference is not None
    assert callbacks.wait_for(lambda ds: any(d.object_id == refund.id for d in ds))


async def test_a_refund_the_bank_refuses_ends_in_error_and_can_be_made_again(
    client: SwishClient, sim: EmbeddedSwishSimulator
) -> None:
    _, reference = await _paid(client, sim)
    failing = await client.create_refund(
        reference="s/refund-1", original_payment_reference=reference, amount=PRICE, message="FF10"
    )
    done = await client.wait_for_refund(failing.id, within=30.0)
    assert (done.status, done.error_code, done.is_final) == ("ERROR", "FF10", True)
    again = await client.create_refund(
        reference="s/refund-2", original_payment_reference=reference, amount=PRICE
    )
    assert (await client.wait_for_refund(again.id, within=30.0)).status == "PAID"


@pytest.mark.parametrize("transparent", [False, True])
async def test_the_commerce_qr_code_is_a_png_the_swish_app_can_scan(
    client: SwishClient, transparent: bool
) -> None:
    created = await client.create_payment_request(reference=str(uuid.uuid4()), amount=PRICE)
    assert created.token is not None
    png = await client.commerce_qr(
        created.token, format="png", size=400, border=2, transparent=transparent
    )
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert 300 <= image.width <= 400
    background = Image.new("RGBA", image.size, "white")
    flat = Image.alpha_composite(background, image.convert("RGBA")).convert("L")
    [code] = zxingcpp.read_barcodes(flat)
    assert code.text == f"D{created.token}"


async def test_the_commerce_qr_code_as_svg(client: SwishClient) -> None:
    svg = await client.commerce_qr("abc123token", format="svg")
    assert svg.lstrip().startswith(b"<?xml")
    assert b"<svg" in svg


async def test_bad_qr_requests_are_refused(
    client: SwishClient, sim: EmbeddedSwishSimulator
) -> None:
    with pytest.raises(InvalidRequest):
        await client.commerce_qr("", format="png")
    async with httpx.AsyncClient(
        verify=False, timeout=WAIT_S
    ) as http:  # the service needs no certificate
        url = f"{sim.root_url}/qrg-swish/api/v1/commerce"
        for body in (
            {"token": "t", "format": "jpg"},
            {"token": "t", "format": "png", "size": 10},
            {"format": "svg"},
            ["t"],
        ):
            response = await http.post(url, json=body)
            assert response.status_code == 400, body
            assert response.json()["error"]


async def test_payments_and_refunds_survive_a_restart(
    swish_pki: SwishPki, tmp_path: Path, clock: FakeClock
) -> None:
    state = tmp_path / "state.sqlite3"

    def start() -> EmbeddedSwishSimulator:
        return EmbeddedSwishSimulator.start(
            cert_dir=tmp_path / "swish",
            port=free_port(),
            pki=swish_pki,
            clock=clock,
            callback_delays=FAST_RETRIES,
            tick_interval=0.02,
            state_file=state,
        )

    first = start()
    try:
        async with SwishClient.from_config(
            first.config(callback_url=UNREACHABLE_CALLBACK), clock=clock
        ) as client:
            paid_id, reference = await _paid(client, first)
            pending = await client.create_payment_request(reference=str(uuid.uuid4()), amount=PRICE)
            refund = await client.create_refund(
                reference="r/1", original_payment_reference=reference, amount=Money(500)
            )
    finally:
        first.stop()
    second = start()
    try:
        async with SwishClient.from_config(
            second.config(callback_url=UNREACHABLE_CALLBACK), clock=clock
        ) as client:
            again = await client.payment_request(paid_id)
            assert (again.status, again.payment_reference) == ("PAID", reference)
            assert (await client.payment_request(pending.id)).status == "CREATED"
            assert (await client.refund(refund.id)).status == "CREATED"
            assert (await client.wait_for_refund(refund.id, within=30.0)).status == "PAID"
            with pytest.raises(ValidationFailed) as caught:  # what was refunded is remembered
                await client.create_refund(
                    reference="r/2", original_payment_reference=reference, amount=PRICE
                )
            assert caught.value.codes == ("RF08",)
    finally:
        second.stop()
