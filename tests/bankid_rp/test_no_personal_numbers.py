"""A personal number never appears in log output or exception texts, client or simulator side."""

from __future__ import annotations

import logging

import pytest

from bankid_rp import errors
from bankid_rp.client import BankIdClient
from bankid_rp.flow import OrderFlow
from bankid_rp.identity import PersonalNumber
from bankid_rp.models import Requirement
from byabutik.runtime.clock import FakeClock
from tests.bankid_rp.conftest import RunningSimulator

pytestmark = pytest.mark.anyio
DIGITS = "199006022397"
PNO = PersonalNumber(DIGITS)


def assert_clean(text: str) -> None:
    assert DIGITS not in text
    assert DIGITS[2:] not in text
    assert f"{DIGITS[2:8]}-{DIGITS[8:]}" not in text


async def test_a_whole_order_logs_no_personal_number(
    client: BankIdClient,
    sim: RunningSimulator,
    client_clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sim.simulator.store.default_scenario = "success"
    order = await client.auth(end_user_ip="127.0.0.1", requirement=Requirement(personal_number=PNO))
    with pytest.raises(errors.AlreadyInProgress) as caught:
        await client.auth(end_user_ip="127.0.0.1", requirement=Requirement(personal_number=PNO))
    assert_clean(str(caught.value))
    assert_clean(repr(caught.value))
    phone = await client.phone_auth(personal_number=PNO, call_initiator="RP")
    final = await OrderFlow(client, phone, clock=client_clock).wait()
    assert final.state == "complete"
    assert final.completion is not None
    assert_clean(repr(final))
    assert_clean(repr(final.completion))
    assert_clean(repr(order))
    assert caplog.records, "the client and the simulator log their work"
    for record in caplog.records:
        assert_clean(record.getMessage())
        assert_clean(repr(record.__dict__))
    assert_clean(caplog.text)
