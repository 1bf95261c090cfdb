"""The access decision: one table of cases, the birthday edge, and the screen texts."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from store_controller.door import (
    AccessPolicy,
    AccessReason,
    AccessRequest,
    OpeningHours,
    age_on,
    decide,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEKDAYS = {
    day: ["07:00-22:00"] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
}
HOURS = OpeningHours.model_validate({**WEEKDAYS, "saturday": ["09:00-16:00"], "sunday": []})
ADULT = AccessRequest("hash-adult", date(1980, 5, 17), is_member=False)
MONDAY_NOON = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)  # 12:00 in Stockholm


def policy(**changes: Any) -> AccessPolicy:
    return AccessPolicy.model_validate({"hours": HOURS.model_dump(), **changes})


def request(**changes: Any) -> AccessRequest:
    fields = {
        "identity_hash": ADULT.identity_hash,
        "birth_date": ADULT.birth_date,
        "is_member": ADULT.is_member,
        **changes,
    }
    return AccessRequest(**fields)


@pytest.mark.parametrize(
    ("policy_changes", "request_changes", "when", "reason"),
    [
        ({}, {}, MONDAY_NOON, AccessReason.GRANTED),
        ({"lockdown": True}, {}, MONDAY_NOON, AccessReason.LOCKDOWN),
        ({}, {}, datetime(2026, 11, 30, 5, 59, tzinfo=UTC), AccessReason.CLOSED_NOW),
        ({}, {}, datetime(2026, 11, 29, 12, 0, tzinfo=UTC), AccessReason.CLOSED_NOW),
        ({"blocklist": ["hash-adult"]}, {}, MONDAY_NOON, AccessReason.BLOCKED),
        ({}, {"is_blocked": True}, MONDAY_NOON, AccessReason.BLOCKED),
        ({}, {"birth_date": date(2010, 1, 1)}, MONDAY_NOON, AccessReason.UNDER_AGE),
        ({"minimum_age": 15}, {"birth_date": date(2010, 1, 1)}, MONDAY_NOON, AccessReason.GRANTED),
        ({"members_only": True}, {}, MONDAY_NOON, AccessReason.MEMBERS_ONLY),
        ({"members_only": True}, {"is_member": True}, MONDAY_NOON, AccessReason.GRANTED),
        ({"max_people_inside": 8}, {"people_inside": 8}, MONDAY_NOON, AccessReason.STORE_FULL),
        ({"max_people_inside": 8}, {"people_inside": 7}, MONDAY_NOON, AccessReason.GRANTED),
        ({"max_people_inside": 8}, {"people_inside": None}, MONDAY_NOON, AccessReason.GRANTED),
        ({}, {"people_inside": 500}, MONDAY_NOON, AccessReason.GRANTED),
        # the order of refusals: lock-down, closed, then the personal reasons
        (
            {"lockdown": True, "blocklist": ["hash-adult"]},
            {},
            datetime(2026, 11, 29, 12, 0, tzinfo=UTC),
            AccessReason.LOCKDOWN,
        ),
        (
            {"blocklist": ["hash-adult"]},
            {},
            datetime(2026, 11, 29, 12, 0, tzinfo=UTC),
            AccessReason.CLOSED_NOW,
        ),
        (
            {"members_only": True},
            {"is_blocked": True, "birth_date": date(2015, 1, 1)},
            MONDAY_NOON,
            AccessReason.BLOCKED,
        ),
        (
            {"members_only": True, "max_people_inside": 1},
            {"birth_date": date(2015, 1, 1), "people_inside": 3},
            MONDAY_NOON,
            AccessReason.UNDER_AGE,
        ),
        (
            {"members_only": True, "max_people_inside": 1},
            {"people_inside": 3},
            MONDAY_NOON,
            AccessReason.MEMBERS_ONLY,
        ),
    ],
)
def test_decision_table(
    policy_changes: dict[str, Any],
    request_changes: dict[str, Any],
    when: datetime,
    reason: AccessReason,
) -> None:
    decision = decide(policy(**policy_changes), request(**request_changes), when)
    assert decision.reason is reason
    assert decision.granted is (reason is AccessReason.GRANTED)


@pytest.mark.parametrize(
    ("when", "granted"),
    [
        (datetime(2026, 11, 27, 22, 59, tzinfo=UTC), False),  # 23:59 on the eve, local
        (datetime(2026, 11, 27, 23, 0, tzinfo=UTC), True),  # 00:00 on the birthday, local
        (datetime(2026, 11, 28, 12, 0, tzinfo=UTC), True),
    ],
)
def test_turning_18_today_may_enter_from_local_midnight(when: datetime, granted: bool) -> None:
    always = AccessPolicy()
    teen = request(birth_date=date(2008, 11, 28))
    decision = decide(always, teen, when)
    assert decision.granted is granted
    assert decision.age == (18 if granted else 17)  # the age the visit stores


def test_summer_birthday_midnight_is_local_too() -> None:
    teen = request(birth_date=date(2008, 7, 1))
    assert not decide(AccessPolicy(), teen, datetime(2026, 6, 30, 21, 59, tzinfo=UTC)).granted
    assert decide(AccessPolicy(), teen, datetime(2026, 6, 30, 22, 0, tzinfo=UTC)).granted


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
        (date(2000, 12, 31), date(2018, 12, 30), 17),
        (date(2000, 12, 31), date(2018, 12, 31), 18),
        (date(2000, 1, 1), date(2000, 1, 1), 0),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


@pytest.mark.parametrize(
    ("when", "sv", "en"),
    [
        (
            datetime(2026, 11, 30, 5, 0, tzinfo=UTC),
            "Butiken är stängd just nu. Vi öppnar 07:00.",
            "The store is closed right now. We open at 07:00.",
        ),
        (
            datetime(2026, 11, 30, 22, 0, tzinfo=UTC),
            "Butiken är stängd just nu. Vi öppnar i morgon 07:00.",
            "The store is closed right now. We open tomorrow at 07:00.",
        ),
        (
            datetime(2026, 12, 5, 16, 0, tzinfo=UTC),  # Saturday 17:00
            "Butiken är stängd just nu. Vi öppnar på måndag 07:00.",
            "The store is closed right now. We open on Monday at 07:00.",
        ),
    ],
)
def test_closed_texts_say_when_we_open(when: datetime, sv: str, en: str) -> None:
    decision = decide(policy(), ADULT, when)
    assert (decision.text.sv, decision.text.en) == (sv, en)
    assert decision.next_opening is not None
    assert decision.next_opening.tzinfo == STOCKHOLM


def test_closed_for_long_names_the_date() -> None:
    closed_season = policy(
        hours={
            **HOURS.model_dump(),
            "exceptions": {f"2026-12-{d:02d}": [] for d in range(1, 32)},
        }
    )
    text = decide(closed_season, ADULT, datetime(2026, 11, 30, 22, 0, tzinfo=UTC)).text
    assert text.sv == "Butiken är stängd just nu. Vi öppnar den 1 januari 07:00."
    assert text.en == "The store is closed right now. We open on 1 January at 07:00."


def test_closed_with_no_opening_in_sight_says_only_that() -> None:
    week = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    never = AccessPolicy(hours=OpeningHours.model_validate({day: [] for day in week}))
    decision = decide(never, ADULT, MONDAY_NOON)
    assert decision.text.sv == "Butiken är stängd just nu."
    assert decision.next_opening is None


def test_texts_are_swedish_first_and_kind() -> None:
    granted = decide(policy(), ADULT, MONDAY_NOON)
    assert granted.text.in_language("sv") == "Välkommen in!"
    assert granted.text.in_language("en") == "Welcome!"
    assert granted.text.in_language("de") == "Välkommen in!"
    young = decide(policy(), request(birth_date=date(2012, 1, 1)), MONDAY_NOON)
    assert young.text.sv == "Du behöver vara 18 år för att gå in här."
    refusals: list[tuple[dict[str, Any], dict[str, Any]]] = [
        ({"lockdown": True}, {}),
        ({}, {"is_blocked": True}),
        ({"members_only": True}, {}),
        ({"max_people_inside": 1}, {"people_inside": 1}),
    ]
    for policy_changes, request_changes in refusals:
        text = decide(policy(**policy_changes), request(**request_changes), MONDAY_NOON).text
        assert 0 < len(text.sv) < 90
        assert 0 < len(text.en) < 90


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        decide(AccessPolicy(), ADULT, datetime(2026, 11, 30, 12, 0))


def test_policy_from_the_controller_toml() -> None:
    text = """
    [policy]
    timezone = "Europe/Stockholm"
    minimum_age = 16
    members_only = true
    max_people_inside = 6
    blocklist = ["3f2a"]
    [policy.hours]
    monday = ["07:00-22:00"]
    sunday = ["22:00-02:00"]
    [policy.hours.exceptions]
    2026-12-25 = []
    """
    parsed = AccessPolicy.model_validate(tomllib.loads(text)["policy"])
    assert parsed.minimum_age == 16
    assert "3f2a" in parsed.blocklist
    assert AccessPolicy.model_validate(parsed.model_dump(mode="json")) == parsed


@pytest.mark.parametrize(
    "bad",
    [
        {"timezone": "Europe/Smaland"},
        {"minimum_age": -1},
        {"max_people_inside": 0},
        {"lock_down": True},
    ],
)
def test_policy_rejects_nonsense(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        AccessPolicy.model_validate(bad)


policies = st.builds(
    AccessPolicy,
    hours=st.sampled_from([HOURS, OpeningHours()]),
    minimum_age=st.integers(0, 25),
    members_only=st.booleans(),
    blocklist=st.frozensets(st.sampled_from(["h1", "h2", "h3"]), max_size=2),
    max_people_inside=st.none() | st.integers(1, 10),
    lockdown=st.booleans(),
)
requests = st.builds(
    AccessRequest,
    identity_hash=st.sampled_from(["h1", "h2", "h3", "h4"]),
    birth_date=st.dates(date(1920, 1, 1), date(2026, 12, 31)),
    is_member=st.booleans(),
    is_blocked=st.booleans(),
    people_inside=st.none() | st.integers(0, 12),
)
instants = st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC))


@settings(max_examples=150, deadline=None)
@given(rules=policies, who=requests, when=instants)
def test_a_grant_satisfies_every_rule(
    rules: AccessPolicy, who: AccessRequest, when: datetime
) -> None:
    decision = decide(rules, who, when)
    if not decision.granted:
        assert decision.text.sv != "Välkommen in!"
        return
    assert not rules.lockdown
    assert rules.hours.is_open(when, STOCKHOLM)
    assert not who.is_blocked
    assert who.identity_hash not in rules.blocklist
    assert age_on(who.birth_date, when.astimezone(STOCKHOLM).date()) >= rules.minimum_age
    assert who.is_member or not rules.members_only
    limit, inside = rules.max_people_inside, who.people_inside
    assert limit is None or inside is None or inside < limit
