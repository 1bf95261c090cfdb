"""What the door screen and the phone page draw, as JSON documents (both languages)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from byabutik.runtime.timefmt import format_date_time
from store_controller.door import DoorState
from store_controller.entry.hours import HoursView
from store_controller.entry.login import Login
from store_controller.i18n import Text

DOOR_TOPIC = "door"
SIM_TOPIC = "sim-door"
IDLE = Text("Legitimera dig med BankID för att gå in", "Identify with BankID to enter")
DOOR_TEXT = {
    DoorState.LOCKED: Text("Dörren är låst", "The door is locked"),
    DoorState.UNLOCKED: Text("Dörren är upplåst: dra i dörren", "The door is unlocked: pull it"),
    DoorState.OPEN: Text("Dörren är öppen", "The door is open"),
    DoorState.HELD_OPEN: Text("Stäng dörren, tack", "Please close the door"),
    DoorState.FORCED_OPEN: Text("Larm: dörren öppnades utan behörighet", "Alarm: door forced"),
    DoorState.MAINTENANCE: Text("Dörren är öppen för underhåll", "Door open for maintenance"),
    DoorState.LOCKDOWN: Text("Butiken är stängd för inpassering", "The store is locked down"),
    DoorState.CONTACT_FAULT: Text("Dörrkontakten har ett fel", "The door contact is faulty"),
}


def qr_svg(data: str, *, scale: int = 6) -> str:
    """An inline `<svg>` of `data`, black on white with a quiet zone."""
    import segno  # loaded by the first QR code, not at start

    svg: str = segno.make(data, error="l").svg_inline(
        scale=scale, dark="#000", light="#fff", border=4
    )
    return svg


def login_document(login: Login) -> dict[str, Any]:
    """One login's screen: phase, message, QR (door screen) or autostart link (phone)."""
    message = login.message or (IDLE if login.phase == "idle" else None)
    return {
        "phase": login.phase,
        "message": message.as_dict() if message is not None else None,
        "qr_svg": qr_svg(login.qr_data) if login.qr_data else None,
        "qr_data": login.qr_data,  # the frame's text is what the QR shows; never the secret
        "autostart_url": login.autostart_url,
        "auto_start_token": login.auto_start_token,
        "retry": login.phase in ("failed", "unavailable", "refused"),
    }


def door_document(login: Login, state: DoorState, hours: HoursView | None = None) -> dict[str, Any]:
    """The door screen: the login, the door's state and (when known) the opening hours."""
    return {
        **login_document(login),
        "door": {"state": state.value, **DOOR_TEXT[state].as_dict()},
        "hours": None if hours is None else hours.as_dict(),
    }


FORCED_LATCHED = Text(
    "Larm: dörren bröts upp{at}. Larmet står kvar tills någon kvitterar det.",
    "Alarm: the door was forced{at}. The alarm stays until someone acknowledges it.",
)


def forced_alarm_text(forced_at: datetime | None, zone: ZoneInfo) -> Text:
    """The latched forced-door alarm, with when it happened on the store's wall clock."""
    if forced_at is None:
        return FORCED_LATCHED.format(at="")
    return Text(
        FORCED_LATCHED.sv.format(at=" " + format_date_time(forced_at, "sv", zone, seconds=True)),
        FORCED_LATCHED.en.format(at=" " + format_date_time(forced_at, "en", zone, seconds=True)),
    )


def sim_document(
    *, state: DoorState, energised: bool, door_open: bool, alarm: Text | None = None
) -> dict[str, Any]:
    """The simulated door page: relay, contact, the machine's state and a latched alarm."""
    return {
        "state": state.value,
        "state_text": DOOR_TEXT[state].as_dict(),
        "energised": energised,
        "door_open": door_open,
        "alarm": None if alarm is None else alarm.as_dict(),
    }
