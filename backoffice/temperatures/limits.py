"""The limits a thermometer is held to, as its controller reports them in the heartbeat (its
`[monitoring.limits]`), kept with every reading. A thermometer whose controller reports none
(none configured, or a controller older than the limits on the wire) has no limits here either:
the backoffice does not guess them from the name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backoffice.temperatures.models import TemperatureReading


@dataclass(frozen=True, slots=True)
class Limits:
    min_centi: int | None
    max_centi: int | None

    @property
    def known(self) -> bool:
        return self.min_centi is not None or self.max_centi is not None

    def outside(self, centi: int) -> bool:
        return (self.min_centi is not None and centi < self.min_centi) or (
            self.max_centi is not None and centi > self.max_centi
        )


NONE = Limits(None, None)


def of_reading(reading: TemperatureReading) -> Limits:
    return Limits(reading.min_centi, reading.max_centi)


def of_heartbeat(temperature: Mapping[str, Any]) -> Limits:
    """From one entry of a stored heartbeat body's `temperatures`."""
    low, high = temperature.get("min_centi"), temperature.get("max_centi")
    return Limits(None if low is None else int(low), None if high is None else int(high))
