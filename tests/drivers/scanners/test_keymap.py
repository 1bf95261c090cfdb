from __future__ import annotations

import pytest
from evdev import ecodes

from drivers.scanners.keymap import (
    EV_KEY,
    KEY_DOWN,
    KEY_HOLD,
    KEY_UP,
    KEYMAP,
    WedgeDecoder,
    decode_events,
)

SYN = (ecodes.EV_SYN, ecodes.SYN_REPORT, 0)
US_NAMES = {
    "1": "KEY_1", "0": "KEY_0", "-": "KEY_MINUS", "=": "KEY_EQUAL", "q": "KEY_Q", "p": "KEY_P",
    "[": "KEY_LEFTBRACE", "a": "KEY_A", ";": "KEY_SEMICOLON", "'": "KEY_APOSTROPHE",
    "`": "KEY_GRAVE", "\\": "KEY_BACKSLASH", "z": "KEY_Z", "/": "KEY_SLASH", " ": "KEY_SPACE",
}  # fmt: skip


def press(name: str, *, shift: bool = False) -> list[tuple[int, int, int]]:
    code = ecodes.ecodes[name]
    keys = [(EV_KEY, code, KEY_DOWN), SYN, (EV_KEY, code, KEY_UP), SYN]
    if shift:
        lshift = ecodes.KEY_LEFTSHIFT
        return [(EV_KEY, lshift, KEY_DOWN), *keys, (EV_KEY, lshift, KEY_UP)]
    return keys


def typed(text: str) -> list[tuple[int, int, int]]:
    events: list[tuple[int, int, int]] = []
    for ch in text:
        if ch.isdigit():
            events += press(f"KEY_{ch}")
        elif ch.isalpha():
            events += press(f"KEY_{ch.upper()}", shift=ch.isupper())
        elif ch == "-":
            events += press("KEY_MINUS")
        elif ch == "_":
            events += press("KEY_MINUS", shift=True)
    return [*events, *press("KEY_ENTER")]


@pytest.mark.parametrize("char", sorted(US_NAMES))
def test_table_matches_the_kernel_codes(char: str) -> None:
    assert KEYMAP[ecodes.ecodes[US_NAMES[char]]][0] == char


def test_decodes_digits_and_shifted_letters() -> None:
    events = typed("4006381333931") + typed("Ab12") + typed("SKU-0_x")
    assert decode_events(events) == ["4006381333931", "Ab12", "SKU-0_x"]


def test_right_shift_and_symbols() -> None:
    rshift = ecodes.KEY_RIGHTSHIFT
    events = [
        (EV_KEY, rshift, KEY_DOWN),
        *press("KEY_1"),
        *press("KEY_EQUAL"),
        (EV_KEY, rshift, KEY_UP),
    ]
    assert decode_events([*events, *press("KEY_1"), *press("KEY_KPENTER")]) == ["!+1"]


def test_caps_lock_toggles_letters_only() -> None:
    events = press("KEY_CAPSLOCK") + press("KEY_A") + press("KEY_1") + press("KEY_B", shift=True)
    assert decode_events([*events, *press("KEY_ENTER")]) == ["A1b"]


def test_autorepeat_unknown_keys_and_empty_lines_are_ignored() -> None:
    decoder = WedgeDecoder()
    assert decoder.feed(EV_KEY, ecodes.KEY_7, KEY_DOWN) is None
    assert decoder.feed(EV_KEY, ecodes.KEY_7, KEY_HOLD) is None
    assert decoder.feed(EV_KEY, ecodes.KEY_F1, KEY_DOWN) is None
    assert decoder.feed(ecodes.EV_MSC, ecodes.MSC_SCAN, 458788) is None
    assert decoder.feed(EV_KEY, ecodes.KEY_ENTER, KEY_DOWN) == "7"
    assert decoder.feed(EV_KEY, ecodes.KEY_ENTER, KEY_DOWN) is None


def test_reset_drops_a_partial_code() -> None:
    decoder = WedgeDecoder()
    decoder.feed(EV_KEY, ecodes.KEY_LEFTSHIFT, KEY_DOWN)
    decoder.feed(EV_KEY, ecodes.KEY_7, KEY_DOWN)
    decoder.reset()
    decoder.feed(EV_KEY, ecodes.KEY_8, KEY_DOWN)
    assert decoder.feed(EV_KEY, ecodes.KEY_ENTER, KEY_DOWN) == "8"
