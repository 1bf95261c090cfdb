"""The store settings page and its JSON API: the store's details and opening hours (with
exceptions), each save audited with before and after, sent to the store through the catalog
pull, and shown as applied once the store's heartbeat reports that revision."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.orm import Session

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.devices.features import store_lacks
from backoffice.errors import BackofficeError
from backoffice.stock.public_models import is_public
from backoffice.stores import messages_en  # noqa: F401 - registers the page's English
from backoffice.stores.details import (
    DetailsRead,
    StoreDetails,
    current_rules,
    parse_day_line,
    read_details,
    save_details,
    save_rules,
)
from backoffice.stores.models import Store
from backoffice.web.templating import add_folder, render
from retail import wire
from retail.wire.policy import WEEKDAYS

router = APIRouter(tags=["pages"])
add_folder(Path(__file__).parent / "templates")
ViewDep = Annotated[Access, Depends(require(Permission.STORE_VIEW, from_path("slug")))]
WriteDep = Annotated[Access, Depends(require(Permission.SETTINGS_WRITE, from_path("slug")))]
DAY_NAMES = ("Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag")


def _audited_save(
    session: Session, access: Access, store: Store, details: StoreDetails, now: Any
) -> int:
    before = read_details(session, store).model_dump(mode="json", exclude={"applied"})
    revision = save_details(session, store, details, now)
    record(
        session,
        actor=access.principal.actor,
        action="store.details",
        now=now,
        store_id=store.id,
        target=store.slug,
        before=before,
        after=details.model_dump(mode="json"),
    )
    session.commit()
    return revision


@router.get("/api/admin/stores/{slug}/details")
def get_details(slug: str, access: ViewDep, session: SessionDep) -> DetailsRead:
    return read_details(session, access.store)


@router.put("/api/admin/stores/{slug}/details")
def put_details(
    slug: str, body: StoreDetails, access: WriteDep, session: SessionDep, now: NowDep
) -> dict[str, int]:
    return {"revision": _audited_save(session, access, access.store, body, now)}


def _hours_text(intervals: list[str]) -> str:
    return ", ".join(intervals) if intervals else "stängt"


def _form_details(form: dict[str, str]) -> StoreDetails:
    days: dict[str, Any] = {}
    for day in WEEKDAYS:
        words = form.get(day, "").replace(",", " ").split()
        days[day] = [] if words in ([], ["stängt"], ["closed"]) else words
    exceptions = dict(
        parse_day_line(line) for line in form.get("exceptions", "").splitlines() if line.strip()
    )
    try:
        return StoreDetails.model_validate(
            {
                "name": form.get("name", "").strip(),
                "legal_name": form.get("legal_name", "").strip(),
                "org_number": form.get("org_number", "").strip(),
                "address": form.get("address", "").strip(),
                "time_zone": form.get("time_zone", "").strip() or "Europe/Stockholm",
                "customer_contact": form.get("customer_contact", "").strip(),
                "hours": {**days, "exceptions": exceptions},
            }
        )
    except ValidationError as exc:
        error = exc.errors(include_input=False)[0]
        where = ".".join(str(part) for part in error["loc"])
        raise BackofficeError(f"{where}: {error['msg']}") from None


def _page(
    request: Request,
    session: Session,
    access: Access,
    *,
    status_code: int = 200,
    error: str | None = None,
    typed: dict[str, str] | None = None,
    policy_error: str | None = None,
) -> Response:
    details = read_details(session, access.store)
    rules = current_rules(session, access.store)
    shown = {
        "name": details.name,
        "legal_name": details.legal_name,
        "org_number": details.org_number,
        "address": details.address,
        "time_zone": details.time_zone,
        "customer_contact": details.customer_contact,
        "minimum_age": str(rules.minimum_age),
        "max_people_inside": ""
        if rules.max_people_inside is None
        else str(rules.max_people_inside),
        "members_only": "on" if rules.members_only else "",
        "lockdown": "on" if rules.lockdown else "",
        "exceptions": "\n".join(
            f"{day.isoformat()} {_hours_text(spans)}"
            for day, spans in sorted(details.hours.exceptions.items())
        ),
    }
    for number, day in enumerate(WEEKDAYS):
        shown[day] = _hours_text(details.hours.on_weekday(number))
        own = rules.member_hours
        shown[f"member_{day}"] = "" if own is None else ", ".join(own.on_weekday(number))
    return render(
        request,
        "store_settings.html",
        principal=access.principal,
        store=access.store,
        details=details,
        shown={**shown, **(typed or {})},
        days=list(zip(WEEKDAYS, DAY_NAMES, strict=True)),
        may_write=access.principal.may(Permission.SETTINGS_WRITE, access.store),
        public_page=is_public(session, access.store.id),
        member_hours_unread=rules.member_hours is not None
        and store_lacks(session, access.store.id, wire.MEMBER_HOURS),
        error=error,
        policy_error=policy_error,
        status_code=status_code,
    )


@router.get("/stores/{slug}/settings")
def settings_page(slug: str, request: Request, access: ViewDep, session: SessionDep) -> Response:
    return _page(request, session, access)


@router.post("/stores/{slug}/settings")
async def settings_form(
    slug: str, request: Request, access: WriteDep, session: SessionDep, now: NowDep
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        _audited_save(session, access, access.store, _form_details(form), now)
    except BackofficeError as exc:
        session.rollback()
        return _page(request, session, access, status_code=400, error=exc.detail, typed=form)
    return RedirectResponse(f"/stores/{slug}/settings?saved=1", status_code=303)


POLICY_FIELDS = ("minimum_age", "members_only", "lockdown", "max_people_inside")
MEMBER_FIELDS = tuple(f"member_{day}" for day in WEEKDAYS)


def _policy_view(rules: wire.PolicyRules) -> dict[str, Any]:
    return rules.model_dump(mode="json", include={*POLICY_FIELDS, "member_hours"})


def _member_hours(form: dict[str, str], rules: wire.PolicyRules) -> dict[str, Any] | None:
    """Members' own hours from the form: a weekday left empty (or "stängt") adds nothing to
    everyone's hours; every day empty is no member hours at all. Dated exceptions of members'
    hours are kept as saved (the JSON API sets them)."""
    days: dict[str, Any] = {}
    for day, field in zip(WEEKDAYS, MEMBER_FIELDS, strict=True):
        words = form.get(field, "").replace(",", " ").split()
        days[day] = [] if words in ([], ["stängt"], ["closed"]) else words
    kept = {} if rules.member_hours is None else rules.member_hours.exceptions
    if not any(days.values()) and not kept:
        return None
    return {**days, "exceptions": {day.isoformat(): spans for day, spans in kept.items()}}


def _form_rules(form: dict[str, str], rules: wire.PolicyRules) -> wire.PolicyRules:
    """The editor's fields over the store's current rules (hours and blocklist kept)."""
    age, most = form.get("minimum_age", "").strip(), form.get("max_people_inside", "").strip()
    if not age.isdigit():
        raise BackofficeError("minimum_age: ange en ålder i hela år, 0-120")
    if most and not most.isdigit():
        raise BackofficeError("max_people_inside: ange ett antal personer, eller lämna tomt")
    try:
        return wire.PolicyRules.model_validate(
            {
                **rules.model_dump(mode="json"),
                "minimum_age": int(age),
                "members_only": form.get("members_only") == "on",
                "lockdown": form.get("lockdown") == "on",
                "max_people_inside": int(most) if most else None,
                "member_hours": _member_hours(form, rules),
            }
        )
    except ValidationError as exc:
        error = exc.errors(include_input=False)[0]
        where = ".".join(str(part) for part in error["loc"])
        raise BackofficeError(f"{_member_field(where)}: {error['msg']}") from None


def _member_field(where: str) -> str:
    """`member_hours.monday.0` as the form names it (`member_monday`)."""
    parts = where.split(".")
    if parts[0] == "member_hours" and len(parts) > 1 and parts[1] in WEEKDAYS:
        return f"member_{parts[1]}"
    return where


@router.post("/stores/{slug}/settings/policy")
async def policy_form(
    slug: str, request: Request, access: WriteDep, session: SessionDep, now: NowDep
) -> Response:
    """Minimum age, members only, lock-down and the most people inside: one new policy version,
    audited with before and after, sent to the store at its next catalog pull."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    store = access.store
    before = current_rules(session, store)
    try:
        rules = _form_rules(form, before)
    except BackofficeError as exc:
        typed = {key: form.get(key, "") for key in (*POLICY_FIELDS, *MEMBER_FIELDS)}
        return _page(
            request, session, access, status_code=400, policy_error=exc.detail, typed=typed
        )
    save_rules(session, store, rules, now)
    record(
        session,
        actor=access.principal.actor,
        action="store.policy",
        now=now,
        store_id=store.id,
        target=store.slug,
        before=_policy_view(before),
        after=_policy_view(rules),
    )
    session.commit()
    return RedirectResponse(f"/stores/{slug}/settings?saved=1#policy", status_code=303)


class MemberHoursBody(BaseModel):
    """`PUT .../member-hours`: the members' own hours (weekly and dated), or null for none."""

    model_config = ConfigDict(extra="forbid")

    member_hours: wire.WeeklyHours | None


@router.get("/api/admin/stores/{slug}/member-hours")
def get_member_hours(slug: str, access: ViewDep, session: SessionDep) -> MemberHoursBody:
    return MemberHoursBody(member_hours=current_rules(session, access.store).member_hours)


@router.put("/api/admin/stores/{slug}/member-hours")
def put_member_hours(
    slug: str, body: MemberHoursBody, access: WriteDep, session: SessionDep, now: NowDep
) -> dict[str, int]:
    """Members' own hours, beside everyone's: a new policy version, audited, sent to the store
    (to a controller that reads them; an older one keeps everyone's hours for members)."""
    store = access.store
    before = current_rules(session, store)
    rules = before.model_copy(update={"member_hours": body.member_hours})
    revision = save_rules(session, store, rules, now)
    record(
        session,
        actor=access.principal.actor,
        action="store.member_hours",
        now=now,
        store_id=store.id,
        target=store.slug,
        before=_policy_view(before),
        after=_policy_view(rules),
    )
    session.commit()
    return {"revision": revision}
