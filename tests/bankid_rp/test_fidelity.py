"""The simulator answers like the real BankID service (reference bankid.md sections 3.1-3.3),
over real HTTPS with mutual TLS, and the client reads the real format."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest

from bankid_rp.client import BankIdClient
from bankid_rp.config import BankIdConfig
from bankid_rp.identity import PersonalNumber
from bankid_rp.models import CompletionData, Requirement
from bankid_rp.tls import ssl_context_from_config
from tests.bankid_rp.conftest import RunningSimulator
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio
PNO = PersonalNumber("199006022397")


async def phone(sim: RunningSimulator, path: str, body: dict[str, object]) -> None:
    async with httpx.AsyncClient(base_url=sim.root_url, verify=False, timeout=WAIT_S) as http:
        response = await http.post(path, json=body)
    assert response.status_code == 200, response.text


async def raw_collect(config: BankIdConfig, order_ref: str) -> dict[str, object]:
    """The collect answer exactly as it travels, read with the RP certificate (mTLS)."""
    context = ssl_context_from_config(config)
    async with httpx.AsyncClient(
        base_url=config.effective_base_url, verify=context, timeout=WAIT_S
    ) as http:
        response = await http.post("collect", json={"orderRef": order_ref})
    assert response.status_code == 200, response.text
    data: dict[str, object] = response.json()
    return data


async def hints_until_complete(client: BankIdClient, order_ref: str) -> list[str]:
    hints: list[str] = []
    for _ in range(10):
        result = await client.collect(order_ref)
        if result.status != "pending":
            return [*hints, result.status]
        assert result.hint_code is not None
        hints.append(result.hint_code)
    raise AssertionError(f"never completed: {hints}")


async def test_completion_data_travels_in_the_real_format_and_the_client_reads_it(
    client: BankIdClient, sim: RunningSimulator, config: BankIdConfig
) -> None:
    order = await client.auth(end_user_ip="198.51.100.4", requirement=Requirement(mrtd=True))
    await phone(sim, "/phone/api/autostart", {"autoStartToken": order.auto_start_token})
    await phone(sim, f"/phone/api/orders/{order.order_ref}/approve", {})
    raw = await raw_collect(config, order.order_ref)
    assert raw["status"] == "complete"
    assert "hintCode" not in raw
    data = raw["completionData"]
    assert isinstance(data, dict)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}Z", data["bankIdIssueDate"])
    assert data["device"]["ipAddress"] == "198.51.100.4"
    assert re.fullmatch(r"[A-Za-z0-9+/]{27}=", data["device"]["uhi"])
    assert data["stepUp"] == {"mrtd": True}
    assert "risk" not in data  # only with returnRisk
    parsed = CompletionData.model_validate(data)
    assert parsed.bank_id_issue_date == dt.date.fromisoformat(data["bankIdIssueDate"][:10])
    assert parsed.step_up is not None
    assert parsed.step_up.mrtd


async def test_a_failed_document_check_is_reported_as_step_up_false(
    client: BankIdClient, sim: RunningSimulator, config: BankIdConfig
) -> None:
    order = await client.auth(end_user_ip="198.51.100.4", requirement=Requirement(mrtd=True))
    await phone(sim, f"/phone/api/orders/{order.order_ref}/scan-live", {})
    await phone(sim, f"/phone/api/orders/{order.order_ref}/approve", {"mrtdPassed": False})
    raw = await raw_collect(config, order.order_ref)
    data = raw["completionData"]
    assert isinstance(data, dict)
    assert data["stepUp"] == {"mrtd": False}
    parsed = CompletionData.model_validate(data)
    assert parsed.step_up is not None
    assert parsed.step_up.mrtd is False


async def test_without_mrtd_there_is_no_step_up_at_all(
    client: BankIdClient, sim: RunningSimulator, config: BankIdConfig
) -> None:
    order = await client.auth(end_user_ip="198.51.100.4")
    await phone(sim, "/phone/api/autostart", {"autoStartToken": order.auto_start_token})
    await phone(sim, f"/phone/api/orders/{order.order_ref}/approve", {})
    data = (await raw_collect(config, order.order_ref))["completionData"]
    assert isinstance(data, dict)
    assert "stepUp" not in data


@pytest.mark.parametrize(
    ("issue_date", "expected"),
    [("2024-02-12Z", dt.date(2024, 2, 12)), ("2024-02-12", dt.date(2024, 2, 12))],
)
def test_the_client_reads_the_issue_date_with_or_without_its_z(
    issue_date: str, expected: dt.date
) -> None:
    data = CompletionData.model_validate(
        {
            "user": {
                "personalNumber": "199006022397",
                "name": "A B",
                "givenName": "A",
                "surname": "B",
            },
            "device": {"ipAddress": "192.0.2.1", "uhi": "x"},
            "bankIdIssueDate": issue_date,
            "signature": "",
            "ocspResponse": "",
        }
    )
    assert data.bank_id_issue_date == expected


@pytest.mark.parametrize("issue_date", ["2024-02-12T10:00:00Z", "12/02/2024", "2024-13-01Z"])
def test_an_issue_date_in_another_format_is_refused(issue_date: str) -> None:
    with pytest.raises(ValueError, match=r"bankIdIssueDate|date"):
        CompletionData.model_validate(
            {
                "user": {
                    "personalNumber": "199006022397",
                    "name": "A B",
                    "givenName": "A",
                    "surname": "B",
                },
                "device": {"ipAddress": "192.0.2.1"},
                "bankIdIssueDate": issue_date,
                "signature": "",
                "ocspResponse": "",
            }
        )


async def test_autostart_with_mrtd_shows_each_step_in_the_real_order(
    client: BankIdClient, sim: RunningSimulator
) -> None:
    order = await client.auth(end_user_ip="192.0.2.7", requirement=Requirement(mrtd=True))
    first = await client.collect(order.order_ref)
    assert first.hint_code == "outstandingTransaction"
    await phone(sim, "/phone/api/autostart", {"autoStartToken": order.auto_start_token})
    seen = [(await client.collect(order.order_ref)).hint_code for _ in range(4)]
    assert seen == ["started", "userMrtd", "userSign", "userSign"]
    await phone(sim, f"/phone/api/orders/{order.order_ref}/approve", {})
    assert (await client.collect(order.order_ref)).status == "complete"


async def test_a_qr_scan_goes_straight_to_the_security_code(
    client: BankIdClient, sim: RunningSimulator
) -> None:
    order = await client.auth(end_user_ip="192.0.2.7")
    assert (await client.collect(order.order_ref)).hint_code == "outstandingTransaction"
    await phone(sim, f"/phone/api/orders/{order.order_ref}/scan-live", {})
    assert (await client.collect(order.order_ref)).hint_code == "userSign"


async def test_a_phone_order_asks_to_confirm_the_call_before_the_security_code(
    client: BankIdClient, sim: RunningSimulator
) -> None:
    order = await client.phone_auth(
        personal_number=PNO, call_initiator="RP", requirement=Requirement(mrtd=True)
    )
    assert (await client.collect(order.order_ref)).hint_code == "outstandingTransaction"
    await phone(sim, f"/phone/api/orders/{order.order_ref}/open", {})
    seen = [(await client.collect(order.order_ref)).hint_code for _ in range(3)]
    assert seen == ["userCallConfirm", "userMrtd", "userSign"]


@pytest.mark.parametrize("phone_order", [False, True])
async def test_scripted_success_walks_the_same_order(
    client: BankIdClient, sim: RunningSimulator, phone_order: bool
) -> None:
    if phone_order:
        ref = (await client.phone_auth(personal_number=PNO, call_initiator="user")).order_ref
    else:
        ref = (await client.auth(end_user_ip="192.0.2.7")).order_ref
    sim.simulator.store.set_scenario(ref, "success")
    expected_first = "userCallConfirm" if phone_order else "started"
    assert await hints_until_complete(client, ref) == [
        "outstandingTransaction",
        expected_first,
        "userSign",
        "complete",
    ]
