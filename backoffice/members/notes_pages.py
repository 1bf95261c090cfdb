"""The "Anteckningar" forms of the customer page: an owner adds a note or deletes one
(members.write, CSRF by the shell). A refused note is shown on the page again, its text kept,
or blanked when it carried a personnummer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from backoffice.deps import NowDep, SessionDep
from backoffice.members import notes
from backoffice.members import router as api
from backoffice.members.notes_router import NoteId
from backoffice.members.pages import _done, customer_page
from backoffice.web.templating import language

router = APIRouter(tags=["pages"])


@router.post("/stores/{slug}/members/{identity_hash}/notes")
def add_note_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    access: api.MembersWrite,
    session: SessionDep,
    now: NowDep,
    text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    association = api._known(session, access, identity_hash)
    try:
        notes.add_note(
            session,
            association,
            identity_hash,
            text,
            by=access.principal.actor,
            now=now,
            store_id=access.store.id,
        )
    except notes.NoteError as problem:
        session.rollback()
        said = language(request, access.principal).gettext(str(problem))
        kept = "" if problem.blank else text
        return customer_page(
            request, session, access, identity_hash, now=now, error=said, note=kept
        )
    session.commit()
    return _done(access.store.slug, identity_hash, "note")


@router.post("/stores/{slug}/members/{identity_hash}/notes/{note_id}/delete")
def delete_note_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    note_id: NoteId,
    access: api.MembersWrite,
    session: SessionDep,
    now: NowDep,
) -> Response:
    association = api._known(session, access, identity_hash)
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
    return _done(access.store.slug, identity_hash, "note_delete")
