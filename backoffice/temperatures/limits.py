"""The limits a thermometer is held to, as the backoffice knows them: by its name, the same as
the demo store's `[monitoring.limits]` (a freezer "frys"/"freezer" at most -15 °C, the short
tolerance above -18 °C; anything else a fridge, 0 to 8 °C). The controller's own limits are
not reported in the heartbeat yet."""

from __future__ import annotations

from dataclasses import dataclass

FREEZER_WORDS = ("frys", "freez", "frost")


@dataclass(frozen=True, slots=True)
class Limits:
    min_centi: int | None
    max_centi: int | None

    def outside(self, centi: int) -> bool:
        return (self.min_centi is not None and centi < self.min_centi) or (
            self.max_centi is not None and centi > self.max_centi
        )


FREEZER = Limits(None, -1500)
FRIDGE = Limits(0, 800)


def limits_for(sensor: str) -> Limits:
    name = sensor.lower()
    return FREEZER if any(word in name for word in FREEZER_WORDS) else FRIDGE
