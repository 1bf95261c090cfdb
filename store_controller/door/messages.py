"""What the door screen says about a decision: Swedish first, English on a tap. Short and kind."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class AccessReason(enum.StrEnum):
    """Why the door said yes or no; stored on the visit and shown on the screen."""

    GRANTED = "granted"
    LOCKDOWN = "lockdown"
    CLOSED_NOW = "closed_now"
    BLOCKED = "blocked"
    UNDER_AGE = "under_age"
    MEMBERS_ONLY = "members_only"
    STORE_FULL = "store_full"
    OUTSIDE_GROUP_HOURS = "outside_group_hours"
    """Open now only to members (their own hours), and this customer is not one."""


@dataclass(frozen=True, slots=True)
class ScreenText:
    sv: str
    en: str

    def in_language(self, language: str) -> str:
        """The text in `language` ("sv" or "en"); Swedish for anything else."""
        return self.en if language == "en" else self.sv


_MONTHS_SV = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS_SV = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
_DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_FIXED: dict[AccessReason, ScreenText] = {
    AccessReason.GRANTED: ScreenText("Välkommen in!", "Welcome!"),
    AccessReason.LOCKDOWN: ScreenText(
        "Butiken är tillfälligt stängd. Försök gärna igen senare.",
        "The store is closed for the moment. Please try again later.",
    ),
    AccessReason.BLOCKED: ScreenText(
        "Du kan tyvärr inte gå in här. Kontakta föreningen om du har frågor.",
        "Sorry, you cannot enter here. Please contact the association if you have questions.",
    ),
    AccessReason.MEMBERS_ONLY: ScreenText(
        "Butiken är öppen för föreningens medlemmar. Fråga oss gärna om medlemskap.",
        "The store is open to members of the association. Ask us about membership.",
    ),
    AccessReason.STORE_FULL: ScreenText(
        "Det är fullt i butiken just nu. Vänta en liten stund och försök igen.",
        "The store is full right now. Please wait a moment and try again.",
    ),
}


def screen_text(
    reason: AccessReason,
    *,
    local_now: datetime,
    minimum_age: int,
    next_opening: datetime | None,
) -> ScreenText:
    """The text for `reason`; times are local to the store, as `local_now` and `next_opening`."""
    if reason is AccessReason.UNDER_AGE:
        return ScreenText(
            f"Du behöver vara {minimum_age} år för att gå in här.",
            f"You need to be {minimum_age} or older to enter here.",
        )
    if reason is AccessReason.CLOSED_NOW:
        return _closed(local_now, next_opening)
    if reason is AccessReason.OUTSIDE_GROUP_HOURS:
        when = _closed(local_now, next_opening, "", "")
        return ScreenText(
            f"Just nu är butiken öppen bara för föreningens medlemmar.{when.sv}",
            f"Right now the store is open to members of the association only.{when.en}",
        )
    return _FIXED[reason]


def _closed(
    local_now: datetime,
    opening: datetime | None,
    sv: str = "Butiken är stängd just nu.",
    en: str = "The store is closed right now.",
) -> ScreenText:
    """`sv`/`en` followed by when the store opens (to everyone, for `OUTSIDE_GROUP_HOURS`)."""
    if opening is None:
        return ScreenText(sv, en)
    clock = f"{opening:%H:%M}"
    days = (opening.date() - local_now.date()).days
    if days == 0:
        return ScreenText(f"{sv} Vi öppnar {clock}.", f"{en} We open at {clock}.")
    if days == 1:
        return ScreenText(f"{sv} Vi öppnar i morgon {clock}.", f"{en} We open tomorrow at {clock}.")
    if days < 7:
        day_sv, day_en = _DAYS_SV[opening.weekday()], _DAYS_EN[opening.weekday()]
        return ScreenText(
            f"{sv} Vi öppnar på {day_sv} {clock}.", f"{en} We open on {day_en} at {clock}."
        )
    month_sv, month_en = _MONTHS_SV[opening.month - 1], _MONTHS_EN[opening.month - 1]
    return ScreenText(
        f"{sv} Vi öppnar den {opening.day} {month_sv} {clock}.",
        f"{en} We open on {opening.day} {month_en} at {clock}.",
    )
