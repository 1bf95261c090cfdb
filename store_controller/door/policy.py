"""The access policy of one store, as data, and the pure decision at the door."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from store_controller.door.messages import AccessReason, ScreenText, screen_text
from store_controller.door.schedule import Interval, OpeningHours


class AccessPolicy(BaseModel):
    """Who may enter one store, and when. Defaults suit a village store open around the clock.

    * `timezone`: an IANA zone; opening hours and birthdays are read on its wall clock.
    * `hours`: weekly intervals and dated exceptions (see `OpeningHours`).
    * `minimum_age`: whole years a customer must have reached on the store's local date.
    * `members_only`: only members of the association may enter (otherwise any BankID holder).
    * `blocklist`: keyed identity hashes refused at the door, as the backoffice sends them.
    * `max_people_inside`: refuse entry at this many people inside, where sensors can count;
      `None` means no limit. An unknown count never refuses anyone.
    * `lockdown`: nobody enters (leaving stays free; the door machine enforces it too).
    * `member_hours`: the hours of the customer group "members" (approved account holders),
      beside everyone's `hours`: a member enters when either is open, anyone else only in
      `hours` (None: members have everyone's hours). Members-only hours on a day: that day
      closed in `hours`, open here. A non-member then hears it is members' time now. A dated
      exception in `hours` (Christmas Day closed) holds for members too, unless `member_hours`
      has its own exception for that date.

    TOML (the controller's defaults; the backoffice will send the same shape as JSON)::

        [policy]
        timezone = "Europe/Stockholm"
        minimum_age = 18
        members_only = false
        max_people_inside = 8
        blocklist = []
        lockdown = false
        [policy.hours]
        monday = ["07:00-22:00"]
        # ... see OpeningHours
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    timezone: str = "Europe/Stockholm"
    hours: OpeningHours = OpeningHours()
    minimum_age: int = Field(default=18, ge=0, le=120)
    members_only: bool = False
    blocklist: frozenset[str] = frozenset()
    max_people_inside: int | None = Field(default=None, ge=1)
    lockdown: bool = False
    member_hours: OpeningHours | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def open_for(
        self, is_member: bool, now_utc: datetime, *, local_day: date | None = None
    ) -> bool:
        """Is the store open to this customer group at `now_utc`? (`local_day`: its date in the
        store's zone, when the caller has it already.)"""
        zone = self.zone
        if local_day is None:
            local_day = now_utc.astimezone(zone).date()
        if self.hours.is_open(now_utc, zone, today=local_day):
            return True
        members = self._members_own()
        return is_member and members is not None and members.is_open(now_utc, zone, today=local_day)

    def next_opening_for(self, is_member: bool, now_utc: datetime) -> datetime | None:
        """When the store next opens to this customer group (local time), within 60 days."""
        zone = self.zone
        found = [self.hours.next_opening(now_utc, zone)]
        members = self._members_own()
        if is_member and members is not None:
            found.append(members.next_opening(now_utc, zone))
        return min((f for f in found if f is not None), default=None)

    def _members_own(self) -> OpeningHours | None:
        """`member_hours` with everyone's dated exceptions closed unless it names the date."""
        own = self.member_hours
        if own is None or not self.hours.exceptions:
            return own
        closed: dict[date, list[Interval]] = {day: [] for day in self.hours.exceptions}
        return own.model_copy(update={"exceptions": {**closed, **own.exceptions}})


@dataclass(frozen=True, slots=True)
class AccessRequest:
    """One customer at the door, after BankID: never the personnummer itself.

    `birth_date` is computed by the caller from the personnummer; `is_blocked` is the status of
    the local customer record; `people_inside` is None when no sensor counts.
    """

    identity_hash: str
    birth_date: date
    is_member: bool
    is_blocked: bool = False
    people_inside: int | None = None


@dataclass(frozen=True, slots=True)
class AccessDecision:
    """The answer at the door: a reason code to store, a text to show, when the store opens."""

    reason: AccessReason
    text: ScreenText
    next_opening: datetime | None = None
    age: int | None = None
    """The customer's whole years on the store's local date at the decision."""

    @property
    def granted(self) -> bool:
        return self.reason is AccessReason.GRANTED


def age_on(birth_date: date, day: date) -> int:
    """Whole years completed on `day`. Someone born on 29 February has their birthday on 1 March
    in years without one, as Swedish law counts it."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def decide(policy: AccessPolicy, request: AccessRequest, now_utc: datetime) -> AccessDecision:
    """Decide whether `request` may enter at `now_utc` (timezone-aware).

    Checks, first refusal wins: lock-down, opening hours (closed to everyone, then outside the
    customer's group's hours: members' time for a non-member), blocklist, age, membership,
    crowding. Closed comes before the personal reasons so the screen never tells bystanders more
    than needed.
    """
    if now_utc.tzinfo is None:
        raise ValueError("now_utc must be timezone-aware")
    local_now = now_utc.astimezone(policy.zone)
    local_day = local_now.date()  # once a decision: the hours and the age are read on it
    age = age_on(request.birth_date, local_day)
    reason = _reason(policy, request, now_utc, local_day, age)
    opening = None
    if reason in (AccessReason.CLOSED_NOW, AccessReason.OUTSIDE_GROUP_HOURS):
        opening = policy.next_opening_for(request.is_member, now_utc)
    text = screen_text(
        reason, local_now=local_now, minimum_age=policy.minimum_age, next_opening=opening
    )
    return AccessDecision(reason, text, opening, age)


def _reason(  # noqa: PLR0911 - a list of refusals in order
    policy: AccessPolicy, request: AccessRequest, now_utc: datetime, local_day: date, age: int
) -> AccessReason:
    if policy.lockdown:
        return AccessReason.LOCKDOWN
    if not policy.open_for(request.is_member, now_utc, local_day=local_day):
        return (
            AccessReason.OUTSIDE_GROUP_HOURS
            if policy.open_for(True, now_utc, local_day=local_day)
            else (AccessReason.CLOSED_NOW)
        )
    if request.is_blocked or request.identity_hash in policy.blocklist:
        return AccessReason.BLOCKED
    if age < policy.minimum_age:
        return AccessReason.UNDER_AGE
    if policy.members_only and not request.is_member:
        return AccessReason.MEMBERS_ONLY
    limit, inside = policy.max_people_inside, request.people_inside
    if limit is not None and inside is not None and inside >= limit:
        return AccessReason.STORE_FULL
    return AccessReason.GRANTED
