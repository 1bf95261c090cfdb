"""Appending to the journal inside a caller's transaction (the writer holds BEGIN IMMEDIATE)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.engine import Dialect

from store_controller.checkout.chain import GENESIS_HASH, canonical_json, link_hash
from store_controller.db import tables
from store_controller.db.prepared import Prepared, Target, prepared

_COLUMNS = ("kind", "register_id", "receipt_number", "body", "prev_hash", "hash", "created_at")


class JournalEntry(NamedTuple):
    """An entry just appended: its position and its link (a named tuple: made at every sale,
    and a frozen dataclass's `__init__` costs twice as much)."""

    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class _Statements:
    head: Prepared
    append: Prepared


def head_hash() -> ColumnElement[str]:
    """The hash of the newest entry, the genesis hash when the journal is empty: a scalar
    expression, for a writer that reads the head with its other reads in one statement."""
    journal = tables.journal_entries
    newest = select(journal.c.hash).order_by(journal.c.seq.desc()).limit(1).scalar_subquery()
    return func.coalesce(newest, GENESIS_HASH)


def _statements(dialect: Dialect) -> _Statements:
    journal = tables.journal_entries
    return _Statements(
        head=Prepared(select(head_hash()), dialect),
        append=Prepared(insert(journal), dialect, _COLUMNS, rows=True),
    )


def chain_head(connection: Target) -> str:
    """The hash of the newest entry (the genesis hash when the journal is empty)."""
    (head,) = prepared(connection, _statements).head.execute(connection, {}).fetchone()
    return str(head)


def append_entry(
    connection: Target,
    *,
    kind: str,
    register_id: str,
    body: dict[str, Any] | str,
    created_at: datetime,
    receipt_number: int | None = None,
    prev: str | None = None,
) -> JournalEntry:
    """Add the next entry of the chain in the connection's open transaction; `body` as a str is
    its canonical text (`canonical_json`) made by the caller; `prev` is the head (`head_hash`)
    when the caller has read it in this transaction."""
    if prev is None:
        prev = chain_head(connection)
    body_text = body if isinstance(body, str) else canonical_json(body)
    digest = link_hash(prev, body_text)
    row = (kind, register_id, receipt_number, body_text, prev, digest, created_at)
    cursor = prepared(connection, _statements).append.execute_rows(connection, [row])
    return JournalEntry(seq=int(cursor.lastrowid), hash=digest)
