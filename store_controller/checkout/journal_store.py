"""Appending to the journal inside a caller's transaction (the writer holds BEGIN IMMEDIATE)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session

from store_controller.checkout.chain import GENESIS_HASH, canonical_json, link_hash
from store_controller.checkout.models import JournalEntryRow


def begin_immediate(session: Session) -> None:
    """Take SQLite's write lock now, so receipt numbers and the chain head are serialized."""
    bind = session.get_bind()
    dialect = bind.dialect.name if isinstance(bind, Engine | Connection) else ""
    if dialect == "sqlite":
        session.execute(text("BEGIN IMMEDIATE"))


def chain_head(session: Session) -> str:
    """The hash of the newest entry (the genesis hash when the journal is empty)."""
    last = session.scalar(
        select(JournalEntryRow.hash).order_by(JournalEntryRow.seq.desc()).limit(1)
    )
    return last or GENESIS_HASH


def append_entry(
    session: Session,
    *,
    kind: str,
    register_id: str,
    body: dict[str, Any],
    created_at: datetime,
    receipt_number: int | None = None,
) -> JournalEntryRow:
    """Add the next entry of the chain (flushed, so its `seq` is known)."""
    prev = chain_head(session)
    body_text = canonical_json(body)
    entry = JournalEntryRow(
        kind=kind,
        register_id=register_id,
        receipt_number=receipt_number,
        body=body_text,
        prev_hash=prev,
        hash=link_hash(prev, body_text),
        created_at=created_at,
    )
    session.add(entry)
    session.flush()
    return entry
