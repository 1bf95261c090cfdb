"""The notes API of a customer (`/api/admin/stores/{slug}/members/{hash}/notes`): owners add
and delete (members.write), bookkeepers read (members.view); a note carrying a personnummer,
an empty or too long one is refused (422)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, Field

from backoffice.deps import NowDep, SessionDep
from backoffice.members import notes
from backoffice.members.router import MemberHash, MembersView, MembersWrite, _known

router = APIRouter(prefix="/api/admin/stores/{slug}/members", tags=["members"])
NoteId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/{identity_hash}/notes")
def get_notes(
    *, access: MembersView, session: SessionDep, identity_hash: MemberHash
) -> list[dict[str, Any]]:
    """The customer's notes, newest first."""
    association = _known(session, access, identity_hash)
    return [notes.as_dict(n) for n in notes.notes_of(session, association, identity_hash)]


class NoteInput(BaseModel):
    text: Annotated[str, Field(max_length=4000)]


@router.post("/{identity_hash}/notes", status_code=201)
def add_note(
    *,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
    identity_hash: MemberHash,
    body: NoteInput,
) -> dict[str, Any]:
    association = _known(session, access, identity_hash)
    try:
        note = notes.add_note(
            session,
            association,
            identity_hash,
            body.text,
            by=access.principal.actor,
            now=now,
            store_id=access.store.id,
        )
    except notes.NoteError as refused:
        session.rollback()
        raise HTTPException(status_code=422, detail=refused.api_detail) from None
    session.commit()
    return notes.as_dict(note)


@router.delete("/{identity_hash}/notes/{note_id}")
def delete_note(
    *,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
    identity_hash: MemberHash,
    note_id: NoteId,
) -> dict[str, Any]:
    association = _known(session, access, identity_hash)
    deleted = notes.delete_note(
        session,
        association,
        identity_hash,
        note_id,
        by=access.principal.actor,
        now=now,
        store_id=access.store.id,
    )
    if not deleted:
        raise HTTPException(status_code=404, detail="no such note")
    session.commit()
    return {"id": note_id, "deleted": True}
