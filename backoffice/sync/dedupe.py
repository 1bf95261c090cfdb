"""Helpers for applying reported facts: skip what a store already reported under another seq."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

T = TypeVar("T")
K = TypeVar("K")


def fresh(
    *,
    session: Session,
    store_column: InstrumentedAttribute[int],
    key_column: InstrumentedAttribute[Any],
    store_id: int,
    items: Iterable[T],
    key: Callable[[T], K],
) -> list[T]:
    """`items` whose key is neither stored for this store nor repeated earlier in `items`.

    The (store, seq) key already makes a replayed entry harmless; this guards the business key
    (a sale id) against a controller that queued the same fact twice under two sequence numbers.
    """
    items = list(items)
    if not items:
        return []
    keys = {key(item) for item in items}
    seen: set[Any] = set(
        session.scalars(select(key_column).where(store_column == store_id, key_column.in_(keys)))
    )
    kept: list[T] = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept
