"""Keyboard-wedge decoding: Linux key events (US layout) to scanned codes, in pure code.

Key codes are the kernel's input-event codes (`linux/input-event-codes.h`, a stable ABI), so the
decoder needs no evdev and runs anywhere. Configure wedge scanners for a US keyboard layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EV_KEY = 1
KEY_UP, KEY_DOWN, KEY_HOLD = 0, 1, 2
KEY_ENTER, KEY_KPENTER, KEY_TAB = 28, 96, 15
KEY_LEFTSHIFT, KEY_RIGHTSHIFT, KEY_CAPSLOCK = 42, 54, 58
SHIFTS = frozenset({KEY_LEFTSHIFT, KEY_RIGHTSHIFT})
TERMINATORS = frozenset({KEY_ENTER, KEY_KPENTER})


def _row(first_code: int, plain: str, shifted: str) -> dict[int, tuple[str, str]]:
    return {first_code + i: (p, s) for i, (p, s) in enumerate(zip(plain, shifted, strict=True))}


# code -> (character, character with shift)
KEYMAP: dict[int, tuple[str, str]] = {
    **_row(2, "1234567890-=", "!@#$%^&*()_+"),
    **_row(16, "qwertyuiop[]", "QWERTYUIOP{}"),
    **_row(30, "asdfghjkl;'`", 'ASDFGHJKL:"~'),
    **_row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?"),
    57: (" ", " "),
    **_row(71, "789-456+1230.", "789-456+1230."),  # keypad
    98: ("/", "/"),
    55: ("*", "*"),
}


@dataclass
class WedgeDecoder:
    """Feed `(type, code, value)` of every input event; Enter completes a code.

    Shift is tracked from its own key events; Caps Lock toggles letters. Unknown keys are skipped.
    """

    max_length: int = 4096
    _chars: list[str] = field(default_factory=list)
    _shift: set[int] = field(default_factory=set)
    _caps: bool = False

    def feed(self, event_type: int, code: int, value: int) -> str | None:
        """A completed code, or None."""
        if event_type != EV_KEY:
            return None
        if code in SHIFTS:
            self._shift.discard(code) if value == KEY_UP else self._shift.add(code)
            return None
        if value != KEY_DOWN:
            return None
        if code == KEY_CAPSLOCK:
            self._caps = not self._caps
            return None
        if code in TERMINATORS:
            text, self._chars = "".join(self._chars), []
            return text or None
        self._type(code)
        return None

    def reset(self) -> None:
        self._chars.clear()
        self._shift.clear()

    def _type(self, code: int) -> None:
        pair = KEYMAP.get(code)
        if pair is None or len(self._chars) >= self.max_length:
            return
        plain, shifted = pair
        upper = bool(self._shift) != (self._caps and plain.isalpha())
        self._chars.append(shifted if upper else plain)


def decode_events(events: list[tuple[int, int, int]]) -> list[str]:
    """Every code completed by a sequence of `(type, code, value)` events."""
    decoder = WedgeDecoder()
    return [text for e in events if (text := decoder.feed(*e)) is not None]
