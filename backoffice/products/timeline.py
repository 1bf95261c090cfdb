"""A store's price timeline from price changes (pure): every store's changes merged with the
store's own, the latest at or before a moment is the price then."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from retail import wire

MAX_SCHEDULED = 10
"""The wire carries at most this many scheduled prices; later ones follow as they come due."""


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    store_id: int | None
    price_ore: int
    effective_at: datetime


@dataclass(frozen=True, slots=True)
class Timeline:
    price_ore: int
    scheduled: tuple[wire.ScheduledPrice, ...]


def timeline(changes: Iterable[Change], store_id: int | None, now: datetime) -> Timeline | None:
    """The price at `now` and what is scheduled after it, for `store_id` (None: every store's
    changes only); None when no change is in effect yet."""
    mine = sorted(
        (c for c in changes if c.store_id is None or c.store_id == store_id),
        key=lambda c: (c.effective_at, c.store_id is not None, c.id),
    )
    past = [c for c in mine if c.effective_at <= now]
    if not past:
        return None
    later: dict[datetime, int] = {}
    for change in mine[len(past) :]:
        later[change.effective_at] = change.price_ore
    scheduled = tuple(
        wire.ScheduledPrice(price_ore=price, effective_at=at)
        for at, price in sorted(later.items())[:MAX_SCHEDULED]
    )
    return Timeline(past[-1].price_ore, scheduled)
