"""Owners' notes on a customer ("Anteckningar"): short texts kept per association and identity
hash, with who wrote them and when. Owners add and delete (members.write), bookkeepers read.

A note never keeps a personnummer (refused, the field is blanked); its text stays out of the
audit log (`member.note`, `member.note_delete`: the note's id and length, target the hash
prefix). The person's export lists the notes and an erasure deletes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from backoffice import free_text
from backoffice.audit.service import Actor, record
from backoffice.db.base import Base
from backoffice.web.messages_en import ENGLISH
from retail import contains_personnummer

MAX_TEXT = 1000
EMPTY = "Skriv en anteckning."
TOO_LONG = "En anteckning får vara högst 1000 tecken."
ENGLISH[EMPTY] = "Write a note."
ENGLISH[TOO_LONG] = "A note is at most 1000 characters."


class CustomerNote(Base):
    """One owner's note on a customer of an association."""

    __tablename__ = "customer_notes"
    __table_args__ = (Index("ix_customer_notes_member", "association_id", "identity_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"))
    identity_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(String(MAX_TEXT))
    by: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime]


class NoteError(ValueError):
    """A note that cannot be kept, in Swedish; `blank`: the text carried a personnummer."""

    def __init__(self, message: str, *, blank: bool = False) -> None:
        super().__init__(message)
        self.blank = blank

    @property
    def api_detail(self) -> str:
        if self.blank:
            return free_text.api_detail("text")
        return ENGLISH.get(str(self), str(self))


def as_dict(note: CustomerNote) -> dict[str, Any]:
    return {"id": note.id, "text": note.text, "by": note.by, "at": note.at.isoformat()}


def notes_of(session: Session, association: int, identity_hash: str) -> list[CustomerNote]:
    """The customer's notes, newest first."""
    return list(
        session.scalars(
            select(CustomerNote)
            .where(
                CustomerNote.association_id == association,
                CustomerNote.identity_hash == identity_hash,
            )
            .order_by(CustomerNote.at.desc(), CustomerNote.id.desc())
        )
    )


def clean(text: str) -> str:
    """The text as kept (trimmed, line ends unified); raises NoteError."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if contains_personnummer(text):
        raise NoteError(free_text.REFUSED, blank=True)
    if not text:
        raise NoteError(EMPTY)
    if len(text) > MAX_TEXT:
        raise NoteError(TOO_LONG)
    return text


def add_note(
    session: Session,
    association: int,
    identity_hash: str,
    text: str,
    *,
    by: Actor,
    now: datetime,
    store_id: int | None = None,
) -> CustomerNote:
    """Keep a note (flushed, not committed) and audit it. Raises NoteError."""
    note = CustomerNote(
        association_id=association,
        identity_hash=identity_hash,
        text=clean(text),
        by=by.label[:120],
        at=now,
    )
    session.add(note)
    session.flush()
    record(
        session,
        actor=by,
        action="member.note",
        now=now,
        store_id=store_id,
        association_id=association,
        target=identity_hash[:12],
        after={"id": note.id, "chars": len(note.text)},
    )
    return note


def delete_note(
    session: Session,
    association: int,
    identity_hash: str,
    note_id: int,
    *,
    by: Actor,
    now: datetime,
    store_id: int | None = None,
) -> bool:
    """Delete one of the customer's notes and audit it; False when there is no such note."""
    note = session.get(CustomerNote, note_id)
    if note is None or (note.association_id, note.identity_hash) != (association, identity_hash):
        return False
    record(
        session,
        actor=by,
        action="member.note_delete",
        now=now,
        store_id=store_id,
        association_id=association,
        target=identity_hash[:12],
        before={"id": note.id, "by": note.by, "at": note.at.isoformat(), "chars": len(note.text)},
    )
    session.delete(note)
    session.flush()
    return True


def export(session: Session, association: int, identity_hash: str) -> list[dict[str, Any]]:
    return [
        {"text": n.text, "by": n.by, "at": n.at.isoformat()}
        for n in reversed(notes_of(session, association, identity_hash))
    ]


def erase(session: Session, association: int, identity_hash: str) -> int:
    """Delete every note on the person; how many."""
    result = session.execute(
        delete(CustomerNote).where(
            CustomerNote.association_id == association,
            CustomerNote.identity_hash == identity_hash,
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
