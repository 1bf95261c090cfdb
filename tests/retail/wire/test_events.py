from typing import Any

import pytest
from pydantic import ValidationError

from retail.wire import Heartbeat, StockMovement, Temperature, Visit, VisitOutcome
from tests.retail.wire.factories import CUSTOMER, NOW, SALE_ID, every_payload


def movement(**changes: Any) -> StockMovement:
    fields: dict[str, Any] = {
        "movement_id": SALE_ID,
        "occurred_at": NOW,
        "product_key": "23012340",
        "weight_delta_g": -750,
        "reason": "sale",
    }
    return StockMovement.model_validate(fields | changes)


def test_weight_movement() -> None:
    assert movement().weight_delta_g == -750
    assert movement().quantity_delta == 0


def test_a_movement_changes_something() -> None:
    with pytest.raises(ValidationError, match="changes a quantity or a weight"):
        movement(weight_delta_g=0)


def test_movement_reason_is_known() -> None:
    with pytest.raises(ValidationError):
        movement(reason="theft-ish")


@pytest.mark.parametrize(
    ("outcome", "granted"),
    [
        (VisitOutcome.GRANTED, True),
        (VisitOutcome.REMOTE_UNLOCK, True),
        (VisitOutcome.UNDER_AGE, False),
        (VisitOutcome.LOCK_DOWN, False),
    ],
)
def test_visit_granted(outcome: VisitOutcome, granted: bool) -> None:
    visit = Visit(
        visit_id=SALE_ID, occurred_at=NOW, outcome=outcome, identity_hash=CUSTOMER, age=17
    )
    assert visit.granted is granted


def test_visit_identity_is_a_hash_only() -> None:
    with pytest.raises(ValidationError):
        Visit.model_validate(
            {
                "visit_id": str(SALE_ID),
                "occurred_at": "2026-11-28T12:00:00Z",
                "outcome": "granted",
                "identity_hash": "19640823-3234",
            }
        )


def test_heartbeat_bounds() -> None:
    heartbeat = every_payload()[4]
    assert isinstance(heartbeat, Heartbeat)
    data = heartbeat.model_dump(mode="json")
    with pytest.raises(ValidationError, match="at most 16"):
        Heartbeat.model_validate(data | {"temperatures": [data["temperatures"][0]] * 17})
    with pytest.raises(ValidationError):
        Heartbeat.model_validate(data | {"software_version": "1.0 beta"})
    with pytest.raises(ValidationError):
        Temperature(sensor="frys", centi_celsius=20_000)


def test_outbox_kinds_are_distinct() -> None:
    kinds = [payload.kind for payload in every_payload()]
    assert len(set(kinds)) == len(kinds) == 8


def test_a_reading_carries_its_limits_and_an_older_controllers_reading_still_parses() -> None:
    old = Temperature.model_validate({"sensor": "kyl", "centi_celsius": 420})
    assert (old.min_centi, old.max_centi) == (None, None)
    new = Temperature.model_validate(
        {"sensor": "kyl", "centi_celsius": 420, "min_centi": 0, "max_centi": 800}
    )
    assert (new.min_centi, new.max_centi) == (0, 800)
    with pytest.raises(ValidationError, match="min_centi"):
        Temperature(sensor="kyl", centi_celsius=420, min_centi=800, max_centi=0)
    with pytest.raises(ValidationError):
        Temperature(sensor="kyl", centi_celsius=420, max_centi=20_000)


def test_a_visit_carries_name_and_birth_date_only_when_known() -> None:
    plain = Visit(visit_id=SALE_ID, occurred_at=NOW, outcome=VisitOutcome.GRANTED)
    assert "name" not in plain.model_dump(mode="json")
    assert "birth_date" not in plain.model_dump_json()  # an older backoffice takes it as before
    named = Visit.model_validate(
        {**plain.model_dump(), "identity_hash": CUSTOMER, "name": "Tolvan Tolvansson",
         "birth_date": "1912-12-12"}
    )  # fmt: skip
    sent = named.model_dump(mode="json")
    assert (sent["name"], sent["birth_date"]) == ("Tolvan Tolvansson", "1912-12-12")
    assert Visit.model_validate(sent) == named
    without = {k: v for k, v in sent.items() if k not in ("name", "birth_date")}
    assert Visit.model_validate(without).name is None
    with pytest.raises(ValidationError, match="name"):  # a name comes with an identity
        Visit.model_validate({**sent, "identity_hash": None})
    with pytest.raises(ValidationError, match="name"):  # never a personnummer as a name
        Visit.model_validate({**sent, "name": "Tolvan 19121212-1212"})
    with pytest.raises(ValidationError, match="birth_date"):
        Visit.model_validate({**sent, "birth_date": "1812-12-12"})
