"""`require(permission, stores=...)`: the access rule every person-facing route declares.

The dependency authenticates the caller (a personal API token as `Authorization: Bearer bbt_...`,
or the session cookie), checks CSRF on every state-changing request made with the cookie, resolves
the stores the request is about (`from_path("slug")`, `from_query("stores")`, ...) and checks the
permission on each. It answers 401 to the anonymous, 404 (the same as for a store that does not
exist) for a store the caller has no role in, and 403 for a role that does not allow it.

Routes that are not for people say so: `PUBLIC` (health, receipts, callbacks), and the device
routes depend on `backoffice.deps.DeviceDep`. tests/backoffice/test_access_matrix.py fails for
a route that declares none of them.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from backoffice.access.principal import Principal, grants_from, principal_of
from backoffice.access.roles import ASSOCIATION_WIDE, Permission
from backoffice.access.rule import AccessRule
from backoffice.deps import get_session
from backoffice.errors import BackofficeError, ForbiddenError, NotFoundError, UnauthenticatedError
from backoffice.people import sessions as web_sessions
from backoffice.people import tokens
from backoffice.people.models import Person
from backoffice.settings import BackofficeSettings
from backoffice.stores.models import Store

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"

StoreResolver = Callable[[Request, Session], Sequence[str] | None]
"""The slugs of the stores a request is about (None: the rule is association-wide)."""


@dataclass(frozen=True, slots=True)
class Access:
    """A caller allowed on `stores` (empty for association-wide rules)."""

    principal: Principal
    stores: tuple[Store, ...]

    @property
    def store(self) -> Store:
        return self.stores[0]


class SignInRequiredError(UnauthenticatedError):
    """401 for the API; a page request (HTML, GET) is sent to the sign-in page instead."""


class CsrfError(ForbiddenError):
    pass


def cookie_name(settings: BackofficeSettings) -> str:
    return "byabutik_session" if settings.mode == "dev" else "__Host-byabutik_session"


def timeouts(settings: BackofficeSettings) -> web_sessions.Timeouts:
    return web_sessions.Timeouts(settings.session_idle, settings.session_absolute)


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def _now(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


LAST_USED_GRAIN = timedelta(minutes=1)
"""A token's last use is kept to the minute: writing it on every call cost each API request a
commit of its own (a stocktake scan took twice as long; bench/stocktake_bench.py)."""


def _stale(last_used: datetime | None, now: datetime) -> bool:
    if last_used is None:
        return True
    if last_used.tzinfo is None:  # SQLite gives naive UTC back
        last_used = last_used.replace(tzinfo=UTC)
    return not timedelta(0) <= now - last_used < LAST_USED_GRAIN


def authenticate(request: Request, session: Session) -> Principal | None:
    """The caller, or None when no credential is presented; 401 for a bad one."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    settings: BackofficeSettings = request.app.state.settings
    now = _now(request)
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    principal: Principal | None = None
    if scheme.lower() == "bearer" and value.strip():
        found = tokens.bearer(session, value.strip(), now)
        if found is None or found.person.disabled_at is not None:
            raise UnauthenticatedError("this API token is unknown, expired or revoked")
        token = found.token
        if _stale(token.last_used_at, now):
            token.last_used_at = now
            session.commit()
        principal = principal_of(
            session,
            found.person,
            via="token",
            address=client_address(request),
            passkey=found.passkey,
            grants=grants_from(found.grants),
            scopes=tokens.parse_scopes(token.scopes),
            token_id=token.id,
            token_name=token.name,
        )
    elif cookie := request.cookies.get(cookie_name(settings)):
        row = web_sessions.live(session, cookie, now, timeouts(settings))
        person = session.get(Person, row.person_id) if row else None
        if row is None or row.pending_second_factor or person is None or person.disabled_at:
            return None
        principal = principal_of(
            session,
            person,
            via="session",
            address=client_address(request),
            session_id=row.id,
            second_factor_at=row.second_factor_at,
            csrf_token=row.csrf_token,
        )
    request.state.principal = principal
    return principal


async def check_csrf(request: Request, principal: Principal) -> None:
    """A cookie-authenticated state change must carry the session's CSRF token (header or form
    field). Tokens in headers cannot be sent by another site, so they need none."""
    if principal.via != "session" or request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        field = (await request.form()).get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    expected = principal.csrf_token or ""
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfError("the form is out of date or came from another site; reload and try again")


_STORE = select(Store).where(Store.slug == bindparam("slug"))
_STORES = select(Store).where(Store.slug.in_(bindparam("slugs", expanding=True)))
"""Built once: building a statement cost more than running it (bench/stocktake_bench.py)."""


def _stores(session: Session, principal: Principal, slugs: Sequence[str]) -> tuple[Store, ...]:
    rows = (
        session.scalars(_STORE, {"slug": slugs[0]})
        if len(slugs) == 1
        else session.scalars(_STORES, {"slugs": sorted(set(slugs))})
    )
    found = {s.slug: s for s in rows}
    missing = sorted(
        {slug for slug in slugs if slug not in found or not principal.sees(found[slug])}
    )
    if missing:
        raise NotFoundError(f"no store {', '.join(missing)}")
    return tuple(found[slug] for slug in dict.fromkeys(slugs))


def from_path(name: str = "slug") -> StoreResolver:
    def resolve(request: Request, _session: Session) -> Sequence[str]:
        return [str(request.path_params[name])]

    resolve.__doc__ = f"path:{name}"
    return resolve


def from_query(name: str, *, optional: bool = False) -> StoreResolver:
    """Slugs from query parameter `name` (repeated or comma-separated); with `optional` an
    absent parameter makes the rule association-wide."""

    def resolve(request: Request, _session: Session) -> Sequence[str] | None:
        slugs = [s for v in request.query_params.getlist(name) for s in v.split(",") if s]
        if not slugs:
            if optional:
                return None
            raise BackofficeError(f"name at least one store ({name}=slug)")
        return slugs

    resolve.__doc__ = f"query:{name}"
    return resolve


def require(
    permission: Permission,
    stores: StoreResolver | None = None,
    *,
    shared: Permission | None = None,
    anywhere: bool = False,
) -> Callable[..., Awaitable[Access]]:
    """The dependency for a route that needs `permission` on the stores `stores` finds. When it
    finds none (an optional store left out): the association-wide `shared` (or `permission`
    itself when association-wide), or with `anywhere` `permission` in some store (the route
    then shows only what the caller may see of each store)."""

    async def dependency(
        request: Request, session: Annotated[Session, Depends(get_session)]
    ) -> Access:
        try:
            return await _decide(request, session)
        except BaseException:  # a refused upload: close its files (the route never runs)
            await request.close()
            raise

    async def _decide(request: Request, session: Session) -> Access:
        principal = authenticate(request, session)
        if principal is None:
            raise SignInRequiredError("sign in, or send a personal API token as Bearer")
        await check_csrf(request, principal)
        slugs = stores(request, session) if stores else None
        if slugs is None:
            wide = shared or permission
            allowed = principal.may(wide) if wide in ASSOCIATION_WIDE else False
            if anywhere and not allowed:  # the route lists what the caller sees of every store
                allowed = principal.may_somewhere(permission)
            if not allowed:
                raise ForbiddenError(f"your role does not allow {wide.value}")
            return Access(principal, ())
        found = _stores(session, principal, slugs)
        for store in found:
            if not principal.may(permission, store):
                raise ForbiddenError(f"your role in {store.slug} does not allow {permission.value}")
        return Access(principal, found)

    where = (stores.__doc__ or "") if stores else ""
    dependency.__access__ = AccessRule("person", permission, where)  # type: ignore[attr-defined]
    return dependency


def signed_in() -> Callable[..., Awaitable[Principal]]:
    """Any person signed in with a session (their own pages; API tokens are refused);
    CSRF checked as for `require`."""

    async def dependency(
        request: Request, session: Annotated[Session, Depends(get_session)]
    ) -> Principal:
        principal = authenticate(request, session)
        if principal is None:
            raise SignInRequiredError("sign in first")
        if principal.via != "session":
            raise ForbiddenError("your own account is managed when signed in, not with a token")
        try:
            await check_csrf(request, principal)
        except BaseException:  # a refused upload: close its files (the route never runs)
            await request.close()
            raise
        return principal

    dependency.__access__ = AccessRule("person")  # type: ignore[attr-defined]
    return dependency


def public() -> None:
    """Marks a route anyone may call (it checks whatever it needs itself)."""


public.__access__ = AccessRule("public")  # type: ignore[attr-defined]
PUBLIC = Depends(public)


def rule_of(call: Any) -> AccessRule | None:
    rule = getattr(call, "__access__", None)
    return rule if isinstance(rule, AccessRule) else None
