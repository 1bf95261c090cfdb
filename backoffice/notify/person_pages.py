"""`/account/alerts`: a person's own alert settings per store (severities, channels, the e-mail,
SMS number and ntfy topic to use, quiet hours), kept as the person's contact at each store
(`contacts.person_id`), created on the first save; every save audited `contact.self`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from backoffice.access.principal import Principal, visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require, signed_in
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import BackofficeError
from backoffice.notify.messages_en import SETTINGS_EN
from backoffice.notify.models import Contact
from backoffice.notify.schemas import ContactWrite
from backoffice.notify.service import contact_of_person, contact_view, save_person_contact
from backoffice.people.models import Person
from backoffice.web import nav
from backoffice.web.messages_en import ENGLISH
from backoffice.web.templating import add_folder, render

ENGLISH.update(SETTINGS_EN)
add_folder(Path(__file__).parent / "templates")
nav.register("/account/alerts", "Mina larm", order=62, permission=Permission.ALERTS_HANDLE)

router = APIRouter(tags=["pages"])
SignedIn = Annotated[Principal, Depends(signed_in())]
Handle = Annotated[Access, Depends(require(Permission.ALERTS_HANDLE, from_path("slug")))]
SEVERITIES = [("critical", "Akut"), ("warning", "Varning"), ("info", "Information")]
CHANNELS = [("email", "E-post"), ("push", "Webbpush"), ("sms", "SMS"), ("ntfy", "ntfy")]


def _shown(contact: Contact | None, person: Person) -> dict[str, Any]:
    if contact is None:
        return {
            "active": False,
            "email": person.email,
            "phone": "",
            "ntfy_topic": "",
            "severities": ["critical", "warning"],
            "channels": ["email"],
            "quiet_from": "",
            "quiet_until": "",
        }
    return {
        "active": contact.active,
        "email": contact.email or "",
        "phone": contact.phone or "",
        "ntfy_topic": contact.ntfy_topic or "",
        "severities": contact.severities.split(","),
        "channels": contact.channels.split(","),
        "quiet_from": contact.quiet_from.strftime("%H:%M") if contact.quiet_from else "",
        "quiet_until": contact.quiet_until.strftime("%H:%M") if contact.quiet_until else "",
    }


def _page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    typed: dict[str, dict[str, Any]] | None = None,
) -> Response:
    person = session.get(Person, principal.person_id)
    assert person is not None
    stores = [
        s for s in visible_stores(session, principal) if principal.may(Permission.ALERTS_HANDLE, s)
    ]
    rows = []
    for store in stores:
        contact = contact_of_person(session, store.id, person.id)
        shown = (typed or {}).get(store.slug) or _shown(contact, person)
        rows.append({"store": store, "shown": shown, "error": (errors or {}).get(store.slug)})
    return render(
        request,
        "alert_settings.html",
        principal=principal,
        rows=rows,
        severities=SEVERITIES,
        channels=CHANNELS,
        saved=request.query_params.get("saved"),
        status_code=status_code,
    )


@router.get("/account/alerts")
def settings_page(request: Request, principal: SignedIn, session: SessionDep) -> Response:
    return _page(request, session, principal)


def _typed(form: Any) -> dict[str, Any]:
    return {
        "active": form.get("active") == "on",
        "email": str(form.get("email", "")).strip(),
        "phone": str(form.get("phone", "")).strip().replace(" ", ""),
        "ntfy_topic": str(form.get("ntfy_topic", "")).strip(),
        "severities": [str(v) for v in form.getlist("severities")],
        "channels": [str(v) for v in form.getlist("channels")],
        "quiet_from": str(form.get("quiet_from", "")),
        "quiet_until": str(form.get("quiet_until", "")),
    }


def _body(name: str, typed: dict[str, Any]) -> ContactWrite:
    values = {
        key: typed[key] or None
        for key in ("email", "phone", "ntfy_topic", "quiet_from", "quiet_until")
    }
    try:
        return ContactWrite.model_validate(
            {
                "name": name,
                **values,
                "severities": typed["severities"],
                "channels": typed["channels"],
            }
        )
    except ValidationError as exc:
        error = exc.errors(include_input=False)[0]
        where = ".".join(str(part) for part in error["loc"]) or "tysta timmar"
        raise BackofficeError(f"{where}: {error['msg']}") from None


@router.post("/account/alerts/{slug}")
async def save_settings(
    slug: str, request: Request, access: Handle, session: SessionDep, now: NowDep
) -> Response:
    principal, store = access.principal, access.store
    typed = _typed(await request.form())
    person = session.get(Person, principal.person_id)
    assert person is not None
    try:
        body = _body(person.name, typed)
        contact, before = save_person_contact(
            session, store.id, person.id, body, active=typed["active"]
        )
    except BackofficeError as exc:
        session.rollback()
        return _page(
            request,
            session,
            principal,
            status_code=400,
            errors={slug: exc.detail},
            typed={slug: typed},
        )
    record(
        session,
        actor=principal.actor,
        action="contact.self",
        now=now,
        store_id=store.id,
        target=str(contact.id),
        before=before,
        after=contact_view(contact),
    )
    session.commit()
    return RedirectResponse(f"/account/alerts?saved={slug}#store-{slug}", status_code=303)
