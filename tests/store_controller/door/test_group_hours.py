"""Opening hours per customer group: everyone's hours, members' own hours and members-only days,
on a manual clock in Europe/Stockholm, across both daylight-saving changes of 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from retail import wire
from store_controller.core.clock import ManualClock
from store_controller.door import AccessPolicy, AccessReason, AccessRequest, decide

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
EVERYONE = {**{d: ["07:00-22:00"] for d in DAYS}, "sunday": []}
MEMBERS = {**{d: ["05:00-23:00"] for d in DAYS}, "sunday": ["10:00-18:00"]}
MEMBER = AccessRequest("hash-member", date(1970, 1, 1), is_member=True)
GUEST = AccessRequest("hash-guest", date(1970, 1, 1), is_member=False)


def policy(**changes: Any) -> AccessPolicy:
    return AccessPolicy.model_validate({"hours": EVERYONE, "member_hours": MEMBERS, **changes})


def at(clock: ManualClock, who: AccessRequest, the_policy: AccessPolicy | None = None) -> Any:
    return decide(the_policy or policy(), who, clock.now())


def test_members_enter_at_six_everyone_else_hears_it_is_members_time() -> None:
    clock = ManualClock(datetime(2026, 11, 30, 5, 0, tzinfo=UTC))  # Monday 06:00 in Stockholm
    assert at(clock, MEMBER).granted
    guest = at(clock, GUEST)
    assert guest.reason is AccessReason.OUTSIDE_GROUP_HOURS
    assert guest.text.sv == (
        "Just nu är butiken öppen bara för föreningens medlemmar. Vi öppnar 07:00."
    )
    assert guest.text.en == (
        "Right now the store is open to members of the association only. We open at 07:00."
    )
    clock.advance(3600)  # 07:00: everyone
    assert at(clock, GUEST).granted
    assert at(clock, MEMBER).granted


def test_evening_members_until_23_then_closed_to_both_with_each_groups_next_opening() -> None:
    clock = ManualClock(datetime(2026, 11, 30, 21, 30, tzinfo=UTC))  # Monday 22:30
    assert at(clock, MEMBER).granted
    guest = at(clock, GUEST)
    assert guest.reason is AccessReason.OUTSIDE_GROUP_HOURS
    assert guest.text.sv.endswith("Vi öppnar i morgon 07:00.")
    clock.advance(3600)  # 23:30: closed to everyone, the plain closed text
    member, guest = at(clock, MEMBER), at(clock, GUEST)
    assert member.reason is guest.reason is AccessReason.CLOSED_NOW
    assert member.text.sv == "Butiken är stängd just nu. Vi öppnar i morgon 05:00."
    assert guest.text.sv == "Butiken är stängd just nu. Vi öppnar i morgon 07:00."


def test_members_only_sunday() -> None:
    clock = ManualClock(datetime(2026, 11, 29, 11, 0, tzinfo=UTC))  # Sunday 12:00
    assert at(clock, MEMBER).granted
    guest = at(clock, GUEST)
    assert guest.reason is AccessReason.OUTSIDE_GROUP_HOURS
    assert guest.next_opening == datetime(2026, 11, 30, 7, 0, tzinfo=guest.next_opening.tzinfo)
    assert guest.text.en.endswith("We open tomorrow at 07:00.")
    clock.advance(7 * 3600)  # 19:00: members' Sunday is over
    assert at(clock, MEMBER).reason is AccessReason.CLOSED_NOW


@pytest.mark.parametrize(
    ("utc", "member", "guest"),
    [
        # winter (CET, UTC+1): 04:30 local is before the members' 05:00
        (datetime(2026, 3, 23, 3, 30, tzinfo=UTC), "closed_now", "closed_now"),
        # summer (CEST, UTC+2): the same UTC instant is 05:30 local
        (datetime(2026, 3, 30, 3, 30, tzinfo=UTC), "granted", "outside_group_hours"),
        (datetime(2026, 3, 30, 5, 0, tzinfo=UTC), "granted", "granted"),  # 07:00 CEST
        # the fall-back Sunday (25 Oct) is members only; 10:00 CET is 09:00 UTC
        (datetime(2026, 10, 25, 8, 59, tzinfo=UTC), "closed_now", "closed_now"),
        (datetime(2026, 10, 25, 9, 0, tzinfo=UTC), "granted", "outside_group_hours"),
    ],
)
def test_daylight_saving_moves_the_hours_with_the_wall_clock(
    utc: datetime, member: str, guest: str
) -> None:
    clock = ManualClock(utc)
    assert at(clock, MEMBER).reason.value == member
    assert at(clock, GUEST).reason.value == guest


def test_members_night_into_the_spring_forward_gap() -> None:
    """Saturday 28 March: members until 02:30, a time that never comes (02:00 -> 03:00)."""
    night = policy(member_hours={"saturday": ["05:00-02:30"], "sunday": []})
    clock = ManualClock(datetime(2026, 3, 29, 0, 45, tzinfo=UTC))  # 01:45 CET
    assert at(clock, MEMBER, night).granted
    assert at(clock, GUEST, night).reason is AccessReason.OUTSIDE_GROUP_HOURS
    clock.advance(15 * 60)  # 01:00 UTC = 03:00 CEST: the end moved to the first real minute
    assert at(clock, MEMBER, night).reason is AccessReason.CLOSED_NOW


def test_without_member_hours_the_store_decides_as_before() -> None:
    plain = AccessPolicy.model_validate({"hours": EVERYONE})
    clock = ManualClock(datetime(2026, 11, 30, 5, 0, tzinfo=UTC))
    assert at(clock, MEMBER, plain).reason is AccessReason.CLOSED_NOW
    clock.advance(timedelta(hours=2).total_seconds())
    assert at(clock, MEMBER, plain).granted
    assert at(clock, GUEST, plain).granted


def test_members_only_flag_and_lockdown_still_come_first() -> None:
    clock = ManualClock(datetime(2026, 11, 30, 11, 0, tzinfo=UTC))  # Monday noon
    assert at(clock, GUEST, policy(members_only=True)).reason is AccessReason.MEMBERS_ONLY
    assert at(clock, MEMBER, policy(lockdown=True)).reason is AccessReason.LOCKDOWN


def test_the_wire_sends_member_hours_only_when_set_and_only_to_a_controller_naming_it() -> None:
    plain = wire.AccessPolicy.of(1, wire.PolicyRules())
    assert wire.MEMBER_HOURS not in plain.rules
    rules = wire.PolicyRules.model_validate({"hours": EVERYONE, "member_hours": MEMBERS})
    sent = wire.AccessPolicy.of(2, rules)
    assert sent.for_features(frozenset({wire.MEMBER_HOURS})).rules == sent.rules
    older = sent.for_features(frozenset())
    assert wire.MEMBER_HOURS not in older.rules
    assert older.rules["hours"] == sent.rules["hours"]
    # this door reads both; what an older door reads is the rules without the key
    assert AccessPolicy.model_validate(sent.rules).member_hours is not None
    assert AccessPolicy.model_validate(older.rules).member_hours is None
    assert sent.typed() == rules


def test_a_closed_holiday_holds_for_members_unless_their_hours_name_the_date() -> None:
    christmas = {**EVERYONE, "exceptions": {"2026-12-25": [], "2026-12-24": ["07:00-13:00"]}}
    clock = ManualClock(datetime(2026, 12, 25, 11, 0, tzinfo=UTC))  # Friday noon, Christmas Day
    assert at(clock, MEMBER, policy(hours=christmas)).reason is AccessReason.CLOSED_NOW
    own = {**MEMBERS, "exceptions": {"2026-12-25": ["10:00-14:00"]}}
    assert at(clock, MEMBER, policy(hours=christmas, member_hours=own)).granted
    clock.set_wall_time(datetime(2026, 12, 24, 5, 0, tzinfo=UTC))  # Christmas Eve 06:00
    assert at(clock, MEMBER, policy(hours=christmas)).reason is AccessReason.CLOSED_NOW
