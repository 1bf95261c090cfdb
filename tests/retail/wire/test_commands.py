from datetime import timedelta

import pytest
from pydantic import ValidationError

from retail.wire import (
    Command,
    CommandAck,
    CommandList,
    LockDown,
    ReloadSettings,
    RemoteUnlock,
    Resync,
)
from tests.retail.wire.factories import NOW, SALE_ID, command


@pytest.mark.parametrize(
    "body", [RemoteUnlock(seconds=10), LockDown(on=False), ReloadSettings(), Resync()]
)
def test_every_command_round_trips(body: RemoteUnlock | LockDown | ReloadSettings | Resync) -> None:
    original = command(body=body)
    listing = CommandList(commands=(original,))
    assert CommandList.model_validate_json(listing.model_dump_json()) == listing
    assert Command.model_validate_json(original.model_dump_json()).body == body


def test_unknown_action_is_rejected() -> None:
    data = command().model_dump(mode="json")
    data["body"] = {"action": "self_destruct"}
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        Command.model_validate(data)


def test_remote_unlock_is_short() -> None:
    with pytest.raises(ValidationError):
        RemoteUnlock(seconds=31)
    assert RemoteUnlock().seconds == 5


def test_a_command_expires_after_issue() -> None:
    with pytest.raises(ValidationError, match="expires after"):
        command(expires_at=NOW - timedelta(seconds=1))


def test_ack_detail_is_safe_text() -> None:
    ack = CommandAck(command_id=SALE_ID, status="rejected", at=NOW, detail="door open")
    assert ack.detail == "door open"
    with pytest.raises(ValidationError, match="personal identity number"):
        CommandAck(command_id=SALE_ID, status="done", at=NOW, detail="by 196408233234")
