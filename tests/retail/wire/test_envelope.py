from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from retail.wire import (
    MAX_BATCH_ENTRIES,
    PROTOCOL_VERSION,
    SUPPORTED_PROTOCOL_VERSIONS,
    PaymentRecord,
    PushAck,
    PushBatch,
    PushEnvelope,
    check_protocol,
    highest_contiguous,
)
from tests.retail.wire.factories import batch, payment_record


def test_current_version_is_supported() -> None:
    assert PROTOCOL_VERSION in SUPPORTED_PROTOCOL_VERSIONS
    assert check_protocol(PROTOCOL_VERSION) == PROTOCOL_VERSION


def test_unsupported_version_is_named() -> None:
    with pytest.raises(ValueError, match=r"protocol 99 is not supported \(supported: 1, 2, 3\)"):
        check_protocol(99)


def test_batch_with_every_kind_round_trips() -> None:
    original = batch(8, first_seq=41)
    again = PushBatch.model_validate_json(original.model_dump_json())
    assert again == original
    assert [entry.payload.kind for entry in again.entries] == [
        "sale",
        "stock_movement",
        "visit",
        "alert",
        "heartbeat",
        "unknown_barcode",
        "z_report",
        "command_ack",
    ]


def test_batch_rejects_an_unsupported_version() -> None:
    data = batch().model_dump(mode="json")
    with pytest.raises(ValidationError, match="protocol 4 is not supported"):
        PushBatch.model_validate(data | {"protocol": 4})


def test_an_envelope_checks_each_entry_alone() -> None:
    data = batch(3).model_dump(mode="json")
    data["entries"][1]["created_at"] = 1764331200
    envelope = PushEnvelope.model_validate(data)
    valid, refused = envelope.checked()
    assert [e.seq for e in valid] == [1, 3]
    [bad] = refused
    assert (bad.seq, bad.kind) == (2, data["entries"][1]["payload"]["kind"])
    assert bad.reason.startswith("created_at: ")
    assert bad.entry == data["entries"][1]  # as sent


def with_payment_record(protocol: int, seq: int, entries: int = 3) -> dict[str, Any]:
    """A batch of `entries` as sent in `protocol`, entry `seq` a payment record."""
    data = batch(entries).model_dump(mode="json") | {"protocol": protocol}
    data["entries"][seq - 1]["payload"] = payment_record().model_dump(mode="json")
    return data


def test_a_payment_record_flows_from_protocol_3_on() -> None:
    valid, refused = PushEnvelope.model_validate(with_payment_record(3, seq=2)).checked()
    assert [e.seq for e in valid] == [1, 2, 3]
    assert valid[1].payload == payment_record()
    assert refused == []


@pytest.mark.parametrize("protocol", [1, 2])
def test_an_older_batch_has_its_payment_record_refused_and_the_rest_kept(protocol: int) -> None:
    data = with_payment_record(protocol, seq=2)
    valid, refused = PushEnvelope.model_validate(data).checked()
    assert [e.seq for e in valid] == [1, 3]
    assert not any(isinstance(e.payload, PaymentRecord) for e in valid)
    [payment] = refused
    assert (payment.seq, payment.kind) == (2, "payment")
    assert payment.reason == "payload.kind: payment is a kind of protocol 3 on"
    assert payment.entry == data["entries"][1]  # as sent, for the quarantine


def test_refused_entries_of_an_older_batch_come_in_sequence_order() -> None:
    data = with_payment_record(2, seq=1)
    data["entries"][2]["created_at"] = 1764331200
    valid, refused = PushEnvelope.model_validate(data).checked()
    assert [e.seq for e in valid] == [2]
    assert [(r.seq, r.kind) for r in refused] == [(1, "payment"), (3, "visit")]
    assert refused[1].reason.startswith("created_at: ")


def test_an_envelope_still_refuses_what_makes_a_batch() -> None:
    data = batch(2).model_dump(mode="json")
    data["entries"][1]["seq"] = 7
    with pytest.raises(ValidationError, match="consecutive"):
        PushEnvelope.model_validate(data)
    with pytest.raises(ValidationError, match="seq"):
        PushEnvelope.model_validate(data | {"entries": [{"created_at": 1, "payload": {}}]})


def test_an_ack_names_quarantined_entries_from_version_2_on() -> None:
    ack = PushAck(protocol=2, store_id="byn-1", acked_through=3, quarantined=(2,))
    assert ack.as_json()["quarantined"] == [2]
    assert "quarantined" not in PushAck(protocol=1, store_id="byn-1", acked_through=3).as_json()
    with pytest.raises(ValidationError, match="protocol 2 on"):
        PushAck(protocol=1, store_id="byn-1", acked_through=3, quarantined=(2,))


def test_batch_rejects_gaps_and_reordering() -> None:
    data = batch(3).model_dump(mode="json")
    data["entries"][1]["seq"] = 5
    with pytest.raises(ValidationError, match="consecutive"):
        PushBatch.model_validate(data)
    data["entries"][1]["seq"] = 1
    with pytest.raises(ValidationError, match="consecutive"):
        PushBatch.model_validate(data)


def test_batch_size_bounds() -> None:
    with pytest.raises(ValidationError, match="at least 1"):
        PushBatch(protocol=1, store_id="byn", entries=())
    data = batch(1).model_dump(mode="json")
    entry = data["entries"][0]
    data["entries"] = [entry | {"seq": n + 1} for n in range(MAX_BATCH_ENTRIES + 1)]
    with pytest.raises(ValidationError, match=f"at most {MAX_BATCH_ENTRIES}"):
        PushBatch.model_validate(data)


def test_unknown_payload_kind_is_rejected() -> None:
    data = batch(1).model_dump(mode="json")
    data["entries"][0]["payload"]["kind"] = "coffee"
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        PushBatch.model_validate(data)


def test_ack() -> None:
    ack = PushAck(protocol=1, store_id="byn", acked_through=41)
    assert PushAck.model_validate_json(ack.model_dump_json()) == ack
    with pytest.raises(ValidationError, match="not supported"):
        PushAck(protocol=0, store_id="byn", acked_through=0)
    with pytest.raises(ValidationError):
        PushAck(protocol=1, store_id="byn", acked_through=-1)


def test_highest_contiguous() -> None:
    assert highest_contiguous(set()) == 0
    assert highest_contiguous({1, 2, 3, 5}) == 3
    assert highest_contiguous({2, 3}) == 0
    assert highest_contiguous({41, 42, 44}, start=40) == 42


@settings(deadline=None)
@given(st.sets(st.integers(1, 60)))
def test_highest_contiguous_property(held: set[int]) -> None:
    top = highest_contiguous(held)
    assert set(range(1, top + 1)) <= held
    assert top + 1 not in held
