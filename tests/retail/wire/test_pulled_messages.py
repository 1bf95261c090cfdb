"""The messages stores pull and the payment record refuse what cannot be true, naming why."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from retail.wire.members import MemberStandings
from retail.wire.payments import PaymentRecord, PaymentRecordState
from retail.wire.policy import PolicyRules, WeeklyHours
from retail.wire.stock import StockChanges

A = "a" * 64
B = "b" * 64


def refused(model: type, payload: object, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        model.model_validate_json(json.dumps(payload))  # type: ignore[attr-defined]


def test_a_member_comes_once_and_an_erased_person_has_no_standing() -> None:
    ok = MemberStandings.model_validate_json(json.dumps({"members": [{"identity_hash": A}]}))
    assert ok.members[0].identity_hash == A
    refused(MemberStandings, {"members": [{"identity_hash": A}, {"identity_hash": A}]}, "once")
    refused(MemberStandings, {"members": [{"identity_hash": A}], "erased": [A]}, "erased")
    assert MemberStandings.model_validate_json(json.dumps({"erased": [B]})).erased == (B,)


def test_a_payment_state_is_never_seen_before_its_request() -> None:
    record = {
        "sale_id": "6f1c2a4e-0000-4000-8000-000000000001",
        "provider": "swish",
        "state": "paid",
        "amount_ore": 2500,
        "requested_at": "2026-12-05T10:00:00Z",
        "occurred_at": "2026-12-05T09:59:59Z",
    }
    refused(PaymentRecord, record, "before the request")
    record["occurred_at"] = "2026-12-05T10:00:01Z"
    assert PaymentRecord.model_validate_json(json.dumps(record)).amount_ore == 2500


def test_a_payment_is_final_once_the_provider_has_answered() -> None:
    final = {state for state in PaymentRecordState if state.final}
    assert final == {"paid", "declined", "cancelled", "error"}
    assert set(PaymentRecordState) - final == {"created", "unresolved"}


@pytest.mark.parametrize(
    ("interval", "why"),
    [("7-22", "HH:MM-HH:MM"), ("07:00-24:30", "no such time"), ("08:00-08:00", "at least")],
)
def test_opening_hours_are_real_intervals(interval: str, why: str) -> None:
    refused(WeeklyHours, {"monday": [interval]}, why)


def test_the_policy_names_a_known_zone_and_hashes_only() -> None:
    hours = WeeklyHours.model_validate_json(json.dumps({"tuesday": ["07:00-22:00"]}))
    assert hours.on_weekday(1) == ["07:00-22:00"]
    refused(PolicyRules, {"timezone": "Europe/Nowhere"}, "unknown time zone")
    refused(PolicyRules, {"blocklist": ["19121212-1212"]}, "keyed hash")
    chosen = PolicyRules.model_validate_json(json.dumps({"timezone": "Europe/Helsinki"}))
    assert chosen.timezone == "Europe/Helsinki"
    assert PolicyRules.model_validate_json(json.dumps({"blocklist": [A]})).blocklist == [A]


def movement(book_id: int) -> dict[str, object]:
    return {
        "book_id": book_id,
        "occurred_at": "2026-12-05T10:00:00Z",
        "product_key": "07310865004703",
        "quantity_delta": 6,
        "book_kind": "delivery",
    }


def test_stock_changes_lie_in_their_window_once_each_in_order() -> None:
    ok = StockChanges.model_validate_json(
        json.dumps({"since": 0, "cursor": 2, "movements": [movement(1), movement(2)]})
    )
    assert [m.book_id for m in ok.movements] == [1, 2]
    refused(StockChanges, {"since": 0, "cursor": 1, "movements": [movement(2)]}, "after")
    refused(StockChanges, {"since": 3, "cursor": 2}, "after")
    twice = {"since": 0, "cursor": 2, "movements": [movement(2), movement(1)]}
    refused(StockChanges, twice, "book order")
