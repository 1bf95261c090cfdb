"""Times people read: local wall-clock time in the store's time zone, written for the language.

Records carry UTC and timers use the monotonic clock (ARCHITECTURE, Time); whatever a person
reads (an alert text, a screen) is converted here: "5 dec. 2026 kl. 14:05" in Swedish,
"5 Dec 2026, 14:05" in English, with the zone's abbreviation where it helps (CET/CEST).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Language = Literal["sv", "en"]
DEFAULT_ZONE = "Europe/Stockholm"

_MONTHS = {
    "sv": (
        "jan.",
        "feb.",
        "mars",
        "apr.",
        "maj",
        "juni",
        "juli",
        "aug.",
        "sep.",
        "okt.",
        "nov.",
        "dec.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def _zone(zone: ZoneInfo | str) -> ZoneInfo:
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)


def local(at: datetime, zone: ZoneInfo | str = DEFAULT_ZONE) -> datetime:
    """`at` (timezone-aware) on the wall clock of `zone`."""
    if at.tzinfo is None:
        raise ValueError("a naive datetime has no known instant: give it a time zone")
    return at.astimezone(_zone(zone))


def format_date_time(
    at: datetime,
    language: Language,
    zone: ZoneInfo | str = DEFAULT_ZONE,
    *,
    seconds: bool = False,
    with_zone: bool = False,
) -> str:
    """The date and time of `at` as a person in `zone` reads it, in `language`."""
    wall = local(at, zone)
    clock = wall.strftime("%H:%M:%S" if seconds else "%H:%M")
    month = _MONTHS[language][wall.month - 1]
    text = (
        f"{wall.day} {month} {wall.year} kl. {clock}"
        if language == "sv"
        else f"{wall.day} {month} {wall.year}, {clock}"
    )
    return f"{text} {wall.tzname()}" if with_zone else text


def format_time(at: datetime, zone: ZoneInfo | str = DEFAULT_ZONE) -> str:
    """The wall-clock time of `at` in `zone`, 24-hour "14:05" (the same in both languages)."""
    return local(at, zone).strftime("%H:%M")


def wall_time_of(monotonic_at: float, *, now: datetime, monotonic_now: float) -> datetime:
    """The wall-clock instant of a monotonic reading, from one pair of readings taken now."""
    return now - timedelta(seconds=monotonic_now - monotonic_at)
