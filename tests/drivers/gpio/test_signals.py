from __future__ import annotations

import threading
import time
from typing import Any

from drivers.gpio.signals import Buzzer, IndicatorLed
from tests.waits import WAIT_S


def is_on(signal: Buzzer | IndicatorLed) -> bool:
    return signal.is_on


def test_buzzer_on_off(mock_factory: Any) -> None:
    buzzer = Buzzer(name="buzzer", pin=23, pin_factory=mock_factory)
    pin = mock_factory.pin(23)
    assert not is_on(buzzer)
    buzzer.on()
    assert pin.state
    assert is_on(buzzer)
    buzzer.off()
    assert not pin.state
    buzzer.close()


def test_beep_pattern_runs_in_the_background(mock_factory: Any) -> None:
    buzzer = Buzzer(name="buzzer", pin=23, pin_factory=mock_factory)
    pin = mock_factory.pin(23)
    pin.clear_states()
    done = threading.Event()
    buzzer.beep(n=3, on_s=0.01, off_s=0.01)
    deadline = time.monotonic() + WAIT_S
    while not done.is_set() and time.monotonic() < deadline:
        done.wait(0.01)
        if [bool(s.state) for s in pin.states].count(True) == 3 and not pin.state:
            done.set()
    assert done.is_set()
    assert [bool(s.state) for s in pin.states][-6:] == [True, False] * 3
    buzzer.close()


def test_active_low_led(mock_factory: Any) -> None:
    led = IndicatorLed(name="red", pin=25, pin_factory=mock_factory, active_high=False)
    pin = mock_factory.pin(25)
    assert pin.state  # off = HIGH on an active-low LED
    led.on()
    assert not pin.state
    assert is_on(led)
    led.close()
