"""The access policy of a store as one typed model: what the backoffice edits and the door reads.

On the wire it travels as `AccessPolicy.rules` (a JSON object), so a controller that still reads
the rules itself keeps working; `PolicyRules.model_validate(policy.rules)` is the typed view, and
`AccessPolicy.of(version, rules)` builds one. Hours are local wall-clock intervals "HH:MM-HH:MM"
(an end at or before the start runs past midnight; "00:00-24:00" is the whole day), per weekday,
with dated exceptions replacing a day (an empty list: closed that day).

`member_hours` (optional) are the hours of the customer group "members" (approved account
holders): a member may enter when either `hours` or `member_hours` are open, everyone else only
in `hours`. So "everyone 07-22, members 05-23" is `hours` 07-22 and `member_hours` 05-23, and
members-only hours on a day are that day closed in `hours` and open in `member_hours`. A
controller from before it refuses the whole policy when the key is present (its door policy
forbids unknown keys), so the key is left out when unset (`wire_rules`) and sent only to a
controller that names `MEMBER_HOURS` among the features of its catalog pull (`for_features`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, field_validator

from retail.wire.common import StrictBool, StrictInt, WireModel

_INTERVAL = re.compile(r"^([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})$")
_HASH = re.compile(r"^[0-9a-f]{16,128}$")
MEMBER_HOURS = "member_hours"
"""The feature a controller names on its catalog pull (`?features=`) when its door reads
`member_hours`."""
CATALOG_FEATURES = frozenset({MEMBER_HOURS})
"""The features that change what a catalog pull answers (a controller gaining one pulls from
revision 0); other named features (`ERASED`) are ignored there."""
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _interval(text: str) -> str:
    match = _INTERVAL.match(text)
    if match is None:
        raise ValueError("an interval is written HH:MM-HH:MM, e.g. 07:00-22:00")
    sh, sm, eh, em = (int(g) for g in match.groups())
    if sh > 23 or eh > 24 or sm > 59 or em > 59 or (eh == 24 and em != 0):
        raise ValueError("no such time of day in an interval")
    if (sh, sm) == (eh, em):
        raise ValueError("an interval lasts at least a minute")
    return text


Interval = Annotated[str, AfterValidator(_interval)]
Intervals = Annotated[list[Interval], Field(max_length=6)]
ALL_DAY: list[str] = ["00:00-24:00"]


class WeeklyHours(WireModel):
    """Opening intervals per weekday and dated exceptions (the default: around the clock)."""

    monday: Intervals = ALL_DAY
    tuesday: Intervals = ALL_DAY
    wednesday: Intervals = ALL_DAY
    thursday: Intervals = ALL_DAY
    friday: Intervals = ALL_DAY
    saturday: Intervals = ALL_DAY
    sunday: Intervals = ALL_DAY
    exceptions: dict[date, Intervals] = Field(default_factory=dict, max_length=120)

    def on_weekday(self, weekday: int) -> list[str]:
        """The intervals of weekday `weekday` (0 = Monday)."""
        intervals: list[str] = getattr(self, WEEKDAYS[weekday])
        return intervals


def _hash(value: str) -> str:
    if _HASH.match(value) is None:
        raise ValueError("a blocklist entry is a keyed hash in lowercase hex")
    return value


class PolicyRules(WireModel):
    """Who may enter a store, and when (the same JSON the controller's door policy reads).

    Defaults suit a village store open around the clock with an 18-year age limit.
    """

    timezone: str = "Europe/Stockholm"
    hours: WeeklyHours = WeeklyHours()
    minimum_age: Annotated[StrictInt, Field(ge=0, le=120)] = 18
    members_only: StrictBool = False
    blocklist: list[Annotated[str, AfterValidator(_hash)]] = Field(
        default_factory=list, max_length=200
    )
    max_people_inside: Annotated[StrictInt, Field(ge=1, le=500)] | None = None
    lockdown: StrictBool = False
    member_hours: WeeklyHours | None = None
    """Hours of the customer group "members", beside everyone's `hours` (None: the same)."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("unknown time zone") from error
        return value

    def wire_rules(self) -> dict[str, object]:
        """The rules as JSON, `member_hours` left out when unset (older controllers refuse it)."""
        exclude = {MEMBER_HOURS} if self.member_hours is None else None
        return self.model_dump(mode="json", exclude=exclude)
