"""Enrollment messages: the code's shape, the token's shape, the protocol version."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from retail.wire import (
    AlertCategory,
    DeviceCredential,
    DeviceHealth,
    EnrollmentRequest,
    Heartbeat,
    Visit,
)

TOKEN = "A" * 43


def test_a_request_carries_a_grouped_code() -> None:
    request = EnrollmentRequest(protocol=1, code="7KQ2-M9XD-AB12-ZZ99", software_version="0.1.0")
    assert request.code == "7KQ2-M9XD-AB12-ZZ99"


@pytest.mark.parametrize("code", ["7kq2-m9xd-ab12-zz99", "7KQ2M9XDAB12ZZ99", "7KQ2-M9XD-AB12"])
def test_a_malformed_code_is_refused(code: str) -> None:
    with pytest.raises(ValidationError):
        EnrollmentRequest(protocol=1, code=code, software_version="0.1.0")


def test_an_unsupported_protocol_is_refused() -> None:
    with pytest.raises(ValidationError, match="not supported"):
        EnrollmentRequest(protocol=99, code="7KQ2-M9XD-AB12-ZZ99", software_version="0.1.0")


def test_a_credential_round_trips_as_json() -> None:
    credential = DeviceCredential(protocol=1, store_id="byn-1", device_id=3, token=TOKEN)
    assert DeviceCredential.model_validate_json(credential.model_dump_json()) == credential


@pytest.mark.parametrize("token", ["short", "A" * 31, "A" * 40 + "/+="])
def test_a_credential_needs_a_long_url_safe_token(token: str) -> None:
    with pytest.raises(ValidationError):
        DeviceCredential(protocol=1, store_id="byn-1", device_id=3, token=token)


def test_visits_carry_door_times_and_alerts_the_new_categories() -> None:
    fields = Visit.model_fields
    assert "door_opened_at" in fields
    assert "door_closed_at" in fields
    assert {"lock_fault", "contact_tamper", "bankid_unavailable"} <= set(AlertCategory)


def test_a_heartbeat_lists_device_health() -> None:
    health = DeviceHealth(device="door-lock", ok=False, detail="relay not answering")
    assert Heartbeat.model_fields["devices"].default == ()
    assert not health.ok


def test_a_credential_says_how_far_the_store_got() -> None:
    credential = DeviceCredential(protocol=1, store_id="byn-1", device_id=3, token=TOKEN)
    assert credential.last_seq == 0
    assert credential.model_copy(update={"last_seq": 42}).last_seq == 42
