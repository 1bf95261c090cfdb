"""Helpers for applying reported facts: skip what a store already reported under another seq."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import InstrumentedAttribute, Session

from backoffice.db.bulk import among
from backoffice.db.dialect import pg_connection
from backoffice.sync import statements

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
    stored: set[Any] | None = None,
) -> list[T]:
    """`items` whose key is neither stored for this store nor repeated earlier in `items`.

    The (store, seq) key already makes a replayed entry harmless; this guards the business key
    (a sale id) against a controller that queued the same fact twice under two sequence numbers.
    """
    items = list(items)
    if not items:
        return []
    if stored is None:
        query = select(key_column).where(
            store_column == store_id, key_column.in_({key(item) for item in items})
        )
        stored = set(session.scalars(query))
    keys = [key(item) for item in items]
    if not stored and len(set(keys)) == len(keys):
        return items  # nothing stored, nothing repeated: the common push, each key hashed once
    seen = set(stored)
    kept: list[T] = []
    for item, item_key in zip(items, keys, strict=True):
        if item_key not in seen:
            seen.add(item_key)
            kept.append(item)
    return kept


Wanted = tuple[InstrumentedAttribute[int], InstrumentedAttribute[Any], set[Any]]


def stored_keys(*, session: Session, store_id: int, wanted: Sequence[Wanted]) -> list[set[Any]]:
    """For each (store column, key column, keys): the keys stored for this store; one round
    trip for all of them (a batch asks for its sales, movements and visits at once)."""
    connection = pg_connection(session)
    if connection is not None:
        return statements.stored_keys(
            connection,
            store_id,
            [
                (k.expression.table.name, s.expression.name, k.expression.name, keys)
                for s, k, keys in wanted
            ],
        )
    found: list[set[Any]] = [set() for _ in wanted]
    queries = [
        select(literal(n).label("n"), key_column.label("key")).where(
            store_column == store_id, among(session, key_column, keys)
        )
        for n, (store_column, key_column, keys) in enumerate(wanted)
        if keys
    ]
    if queries:
        for n, key in session.execute(union_all(*queries)):
            found[n].add(key)
    return found
