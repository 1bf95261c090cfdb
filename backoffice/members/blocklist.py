"""The blocklist of an association, as an owner keeps it: block a person by typing their
personnummer (hashed at once with the stores' identity key, never stored, logged or repeated)
or from a visit in the store's visit log ("whoever entered at 02:13"), with a reason and an
optional end date; unblock the same ways.

Requests are read field by field here rather than by a pydantic model: FastAPI's default 422
repeats the body it could not read, and the body holds a personnummer. Every refusal is a
`BlockError` whose text names the field and never its value."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice import free_text
from backoffice.audit.service import Actor, record
from backoffice.members import blocks
from backoffice.members.models import MemberBlock
from backoffice.settings import ENV_PREFIX, BackofficeSettings
from backoffice.stores.models import Store
from backoffice.visits.models import Visit
from retail import Personnummer, contains_personnummer
from retail.errors import PersonnummerError

MAX_BODY_BYTES = 4096
HASH_PREFIX = 12
"""What an audit record and a page name of a person: never the whole hash, never the number."""
KEY_SETTING = f"{ENV_PREFIX}BANKID__IDENTITY_KEY_FILE"
RECENT_VISITS = 40


class BlockError(Exception):
    """A request the blocklist refuses: `status` for the API, the text for people (no values)."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


@dataclass(frozen=True)
class BlockRequest:
    """Who (a typed number, a visit, or a listed hash), why, and until when."""

    personnummer: str | None
    visit_id: uuid.UUID | None
    identity_hash: str | None
    why: str
    until: datetime | None


def json_fields(raw: bytes) -> Mapping[str, object]:
    """A JSON object's fields, or a refusal that never quotes the body."""
    if len(raw) > MAX_BODY_BYTES:
        raise BlockError(413, "the request is too large")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BlockError(422, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise BlockError(422, "the body is a JSON object")
    return data


def read_request(
    fields: Mapping[str, object], *, store: Store, now: datetime, lifting: bool
) -> BlockRequest:
    """Check each field by hand: exactly one of personnummer / visit_id (/ identity_hash when
    lifting), a reason, and (when blocking) an optional end after now."""
    number = _text(fields, "personnummer", 40)
    visit = _text(fields, "visit_id", 40)
    listed = _text(fields, "identity_hash", 64) if lifting else None
    if sum(value is not None for value in (number, visit, listed)) != 1:
        raise BlockError(422, "give either personnummer or visit_id")
    visit_id = None
    if visit is not None:
        try:
            visit_id = uuid.UUID(visit)
        except ValueError:
            raise BlockError(422, "visit_id is not a visit id") from None
    if listed is not None and not (len(listed) == 64 and set(listed) <= set("0123456789abcdef")):
        raise BlockError(422, "identity_hash is not an identity hash")
    why = _text(fields, "why", 500) or ""
    if not why:
        raise BlockError(422, "say why")
    if contains_personnummer(why):
        raise BlockError(422, free_text.api_detail("why"))
    until = None if lifting else _until(fields, store, now)
    return BlockRequest(number, visit_id, listed, why, until)


def identity_of(
    session: Session,
    settings: BackofficeSettings,
    store: Store,
    request: BlockRequest,
    now: datetime,
) -> str:
    """The keyed identity hash the request names (the typed number is dropped here)."""
    if request.identity_hash is not None:
        return request.identity_hash
    if request.visit_id is not None:
        visit = session.get(Visit, (store.id, request.visit_id))
        if visit is None:
            raise BlockError(404, "no such visit at this store")
        if visit.identity_hash is None:
            raise BlockError(
                422, "this visit has no identity (no BankID was used): it cannot be blocked"
            )
        return visit.identity_hash
    assert request.personnummer is not None
    try:
        key = settings.bankid.identity_key()
    except (ValueError, OSError):
        raise BlockError(
            503, f"the identity-hash key is not configured: set {KEY_SETTING}"
        ) from None
    try:
        return Personnummer.parse(request.personnummer, today=now.date()).keyed_hash(key)
    except PersonnummerError:
        raise BlockError(422, "personnummer is not a valid personal identity number") from None


def block(
    session: Session,
    store: Store,
    *,
    actor: Actor,
    request: BlockRequest,
    identity: str,
    now: datetime,
) -> MemberBlock:
    """Block `identity` in the store's association; audited with a hash prefix only."""
    association = _association(store)
    held = blocks.block(
        session,
        association,
        identity,
        by=actor.label[:120],
        why=request.why,
        at=now,
        until=request.until,
    )
    record(
        session,
        actor=actor,
        action="member.block",
        now=now,
        store_id=store.id,
        target=identity[:HASH_PREFIX],
        after={
            "why": held.reason,
            "until": None if held.blocked_until is None else held.blocked_until.isoformat(),
            "from": _source(request),
        },
    )
    session.commit()
    return held


def lift(
    session: Session,
    store: Store,
    *,
    actor: Actor,
    request: BlockRequest,
    identity: str,
    now: datetime,
) -> MemberBlock:
    """Lift the block on `identity`; a person not blocked is a refusal (nothing to lift)."""
    lifted = blocks.unblock(session, _association(store), identity)
    if lifted is None:
        session.rollback()
        raise BlockError(404, "this person is not blocked")
    record(
        session,
        actor=actor,
        action="member.unblock",
        now=now,
        store_id=store.id,
        target=identity[:HASH_PREFIX],
        before={"why": lifted.reason},
        after={"why": request.why, "from": _source(request)},
    )
    session.commit()
    return lifted


def listed(session: Session, store: Store) -> list[MemberBlock]:
    """The association's blocks, newest first (ended ones too, marked by `applies_at`)."""
    return list(
        session.scalars(
            select(MemberBlock)
            .where(MemberBlock.association_id == _association(store))
            .order_by(MemberBlock.blocked_at.desc())
        )
    )


def recent_visits(session: Session, store: Store, limit: int = RECENT_VISITS) -> list[Visit]:
    """The store's latest visits with an identity: the ones that can be blocked."""
    return list(
        session.scalars(
            select(Visit)
            .where(Visit.store_id == store.id, Visit.identity_hash.is_not(None))
            .order_by(Visit.occurred_at.desc())
            .limit(limit)
        )
    )


def _association(store: Store) -> int:
    if store.association_id is None:
        raise BlockError(409, "the store belongs to no association")
    return store.association_id


def _source(request: BlockRequest) -> Literal["personnummer", "visit", "list"]:
    if request.personnummer is not None:
        return "personnummer"
    return "visit" if request.visit_id is not None else "list"


def _text(fields: Mapping[str, object], name: str, longest: int) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BlockError(422, f"{name} is text")
    value = value.strip()
    if len(value) > longest:
        raise BlockError(422, f"{name} is longer than {longest} characters")
    return value or None


def _until(fields: Mapping[str, object], store: Store, now: datetime) -> datetime | None:
    """An ISO moment with its offset, or a date: the block holds through that day in the
    store's time zone."""
    text = _text(fields, "until", 40)
    if text is None:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day + timedelta(days=1), time(), ZoneInfo(store.time_zone))
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise BlockError(422, "until is not a date (YYYY-MM-DD)") from None
    if moment.tzinfo is None:
        raise BlockError(422, "until needs its UTC offset")
    if moment <= now:
        raise BlockError(422, "a block's end date lies in the future")
    return moment
