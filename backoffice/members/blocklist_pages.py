"""The blocklist page of a store's association ("Spärrlista"): who is blocked, why, until
when, by whom and since when; block a person by typing their personnummer or by picking a
visit from the store's latest visits; unblock by the list, by number or by visit.

Forms are read by hand like the API's bodies (`backoffice.members.blocklist`): a refused
form is shown again without what was typed, and no answer ever holds the number."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from backoffice import free_text
from backoffice.access.roles import Permission
from backoffice.access.rules import Access
from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.members import blocklist
from backoffice.members.router import MembersView, MembersWrite
from backoffice.web.templating import language, render

router = APIRouter(tags=["pages"])

OUTCOMES = {
    "granted": "Insläppt",
    "closed_hours": "Stängt",
    "under_age": "För ung",
    "members_only": "Bara medlemmar",
    "blocked": "Spärrad",
    "store_full": "Fullt",
    "lock_down": "Låst",
    "identification_failed": "Ingen legitimering",
    "remote_unlock": "Fjärröppnad",
}
REFUSALS = {
    "give either personnummer or visit_id": "Skriv ett personnummer eller välj ett besök.",
    "visit_id is not a visit id": "Välj ett besök i listan.",
    "identity_hash is not an identity hash": "Välj en spärr i listan.",
    "say why": "Skriv en anledning.",
    "until is not a date (YYYY-MM-DD)": "Slutdatumet kunde inte läsas (ÅÅÅÅ-MM-DD).",
    "a block's end date lies in the future": "Slutdatumet måste ligga i framtiden.",
    "no such visit at this store": "Besöket finns inte i butiken.",
    "this visit has no identity (no BankID was used): it cannot be blocked": (
        "Besöket saknar legitimering (ingen BankID): det går inte att spärra."
    ),
    "personnummer is not a valid personal identity number": "Personnumret är inte giltigt.",
    "this person is not blocked": "Personen är inte spärrad.",
    "the store belongs to no association": "Butiken hör inte till någon förening.",
    "personnummer is longer than 40 characters": "Personnumret är för långt.",
    "why is longer than 500 characters": "Anledningen är längre än 500 tecken.",
    free_text.api_detail("why"): free_text.REFUSED,
}
"""The blocklist's refusals in Swedish (the API answers in English)."""
DONE = {"block": "Personen är spärrad i föreningens butiker.", "lift": "Spärren är hävd."}


async def _form(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=10)
    return {name: value for name, value in form.items() if isinstance(value, str)}


FormFields = Annotated[dict[str, str], Depends(_form)]


def _page(
    request: Request,
    session: Session,
    access: Access,
    now: datetime,
    *,
    error: str | None = None,
    message: str | None = None,
) -> Response:
    store = access.store
    return render(
        request,
        "members_blocklist.html",
        principal=access.principal,
        store=store,
        blocks=blocklist.listed(session, store) if store.association_id is not None else [],
        visits=blocklist.recent_visits(session, store),
        OUTCOMES=OUTCOMES,
        now=now,
        may_write=access.principal.may(Permission.MEMBERS_WRITE, store),
        error=error,
        message=message,
        status_code=400 if error else 200,
    )


@router.get("/stores/{slug}/blocklist")
def blocklist_page(
    request: Request, slug: str, access: MembersView, session: SessionDep, now: NowDep
) -> Response:
    done = DONE.get(request.query_params.get("done", ""))
    message = language(request, access.principal).gettext(done) if done else None
    return _page(request, session, access, now, message=message)


@router.post("/stores/{slug}/blocklist")
def block_page(
    *,
    request: Request,
    slug: str,
    access: MembersWrite,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    fields: FormFields,
) -> Response:
    return _change(
        request, access, session, settings=settings, now=now, fields=fields, lifting=False
    )


@router.post("/stores/{slug}/blocklist/lift")
def lift_page(
    *,
    request: Request,
    slug: str,
    access: MembersWrite,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    fields: FormFields,
) -> Response:
    return _change(
        request, access, session, settings=settings, now=now, fields=fields, lifting=True
    )


def _change(
    request: Request,
    access: Access,
    session: Session,
    *,
    settings: SettingsDep,
    now: datetime,
    fields: dict[str, str],
    lifting: bool,
) -> Response:
    store = access.store
    try:
        wanted = blocklist.read_request(fields, store=store, now=now, lifting=lifting)
        identity = blocklist.identity_of(session, settings, store, wanted, now)
        change = blocklist.lift if lifting else blocklist.block
        change(
            session, store, actor=access.principal.actor, request=wanted, identity=identity, now=now
        )
    except blocklist.BlockError as refused:
        session.rollback()
        lang = language(request, access.principal)
        text = refused.text
        if lang.code == "sv":
            text = REFUSALS.get(text, text)
        return _page(request, session, access, now, error=text)
    what = "lift" if lifting else "block"
    return RedirectResponse(f"/stores/{store.slug}/blocklist?done={what}", status_code=303)
