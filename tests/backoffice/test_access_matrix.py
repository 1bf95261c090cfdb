"""The access matrix: every route of the app × every kind of caller, generated from the routes.

A route must declare an access rule (`require(...)`, `signed_in()`, `PUBLIC` or the device
credential); one that declares none fails `test_every_route_has_an_access_rule`. The expected
answer for each caller comes from the rule and the role table (backoffice.access.roles), and the
real app must give it: refused means 401, 403, or 404 naming no store (as for a store that does
not exist)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from backoffice.access.roles import ROLE_PERMISSIONS, Role
from backoffice.access.rule import AccessRule
from backoffice.access.rules import rule_of
from backoffice.app import create_app
from backoffice.settings import BackofficeSettings
from tests.backoffice.world import World

CALLERS = ["anonymous", "admin", "owner", "volunteer", "bookkeeper", "other_owner", "revoked"]
ROLE_OF = {
    "admin": Role.ADMIN,
    "owner": Role.OWNER,
    "volunteer": Role.VOLUNTEER,
    "bookkeeper": Role.BOOKKEEPER,
}
NOT_API_ROUTES = {"/docs", "/docs/start.js", "/docs/oauth2-redirect", "/openapi.json"}
"""The API documentation (byabutik.runtime.apidocs, off in production): public by design."""
PATH_VALUES = {
    "slug": "a-1",
    "store_slug": "a-1",
    "sku": "x-1",
    "org_number": "111111-1111",
    "reason": "waste",
    "command_id": str(uuid.uuid4()),
    "sale_id": str(uuid.uuid4()),
    "session_id": "999999",
    "token_id": "999999",
    "alert_id": "1",
    "change_id": "999999",
    "supplier": "dagab",
    "import_id": "999999",
    "job_id": "999999",
    "token": "not-a-token",
    "delivery_id": "999999",
    "stocktake_id": "999999",
    "contact_id": "999999",
    "gtin": "07310865071805",
    "store_id": "999999",
    "device_id": "999999",
    "case_id": "999999",
    "person_id": "999999",
    "phone_id": "999999",
    "passkey_id": "999999",
    "identity_hash": "a" * 64,
    "name": "scan.js",
    "number": "999999",
    "invoice_id": "999999",
    "note_id": "999999",
}
QUERY: dict[str, str | int] = {
    "stores": "a-1",
    "store": "a-1",
    "start": "2026-05-01",
    "end": "2026-05-02",
    "year": 2026,
}


@dataclass(frozen=True)
class Endpoint:
    """One route as served: its full path, methods and dependencies (with the router's)."""

    path: str
    methods: frozenset[str]
    dependant: Dependant


def endpoints_and_others(app: FastAPI) -> tuple[list[Endpoint], set[str]]:
    """Every API route of the app, also inside included routers (FastAPI >= 0.16x keeps them
    nested), and the paths of everything else (mounts, plain routes)."""
    found: list[Endpoint] = []
    others: set[str] = set()
    for route in app.routes:
        if isinstance(route, APIRoute):
            found.append(Endpoint(route.path, frozenset(route.methods or ()), route.dependant))
        elif hasattr(route, "effective_route_contexts"):
            for context in route.effective_route_contexts():
                original = context.original_route
                if isinstance(original, APIRoute):
                    dependant = context.dependant or original.dependant
                    found.append(
                        Endpoint(context.path, frozenset(original.methods or ()), dependant)
                    )
                else:
                    others.add(str(getattr(context, "path", "") or original))
        else:
            others.add(str(getattr(route, "path", route)))
    return found, others


def rules(route: Endpoint) -> list[AccessRule]:
    found = []
    pending = list(route.dependant.dependencies)
    while pending:
        dependant = pending.pop()
        if (rule := rule_of(dependant.call)) is not None:
            found.append(rule)
        pending.extend(dependant.dependencies)
    return found


def api_routes() -> list[Endpoint]:
    app = create_app(BackofficeSettings(database_url="sqlite://"))
    return [r for r in endpoints_and_others(app)[0] if r.path not in NOT_API_ROUTES]


def test_every_route_has_an_access_rule() -> None:
    app = create_app(BackofficeSettings(database_url="sqlite://"))
    routes = api_routes()
    assert len(routes) > 50, "the routes were not found"
    missing = [f"{sorted(r.methods)} {r.path}" for r in routes if not rules(r)]
    assert not missing, f"routes without an access rule (backoffice.access): {missing}"
    mounts = {r.path for r in app.routes if isinstance(r, Mount)}
    others = endpoints_and_others(app)[1] - mounts
    assert others <= NOT_API_ROUTES, others - NOT_API_ROUTES


def expected(rule_set: list[AccessRule], caller: str) -> bool:
    """Whether `caller` gets past every rule of a route (the matrix's cell)."""
    for rule in rule_set:
        if rule.kind == "public":
            continue
        if rule.kind == "member":  # a member's own BankID session: never staff, never a token
            return False
        if rule.kind == "device" or caller in {"anonymous", "revoked"}:
            return False
        if rule.permission is None:  # signed_in(): a session, never a token
            return False
        if caller == "other_owner":
            return False
        role = ROLE_OF[caller]
        if rule.permission not in ROLE_PERMISSIONS[role]:
            return False
    return True


def refused(status: int, body: str) -> bool:
    return status in {401, 403} or (status == 404 and '"no store' in body)


def request(client: TestClient, route: Endpoint, token: str | None) -> tuple[int, str]:
    path = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: PATH_VALUES[m.group(1)], route.path)
    method = sorted(route.methods - {"HEAD"})[0]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = client.request(method, path, params=QUERY, headers=headers, follow_redirects=False)
    return answer.status_code, answer.text


def test_the_access_matrix(sqlite_world: World) -> None:
    table: list[str] = []
    with TestClient(sqlite_world.backoffice.app, raise_server_exceptions=False) as client:
        for route in api_routes():
            rule_set = rules(route)
            for caller in CALLERS:
                status, body = request(client, route, sqlite_world.tokens.get(caller))
                assert status < 500, f"{route.path} as {caller}: {status} {body[:200]}"
                allowed = expected(rule_set, caller)
                if allowed == refused(status, body):
                    table.append(
                        f"{sorted(route.methods)} {route.path} as {caller}: "
                        f"expected {'allowed' if allowed else 'refused'}, got {status}"
                    )
    assert not table, "\n".join(table)


@pytest.mark.parametrize("caller", ["owner", "bookkeeper"])
def test_a_store_of_another_association_looks_like_no_store(
    sqlite_world: World,
    caller: str,
) -> None:
    headers = {"Authorization": f"Bearer {sqlite_world.tokens[caller]}"}
    with TestClient(sqlite_world.backoffice.app) as client:
        theirs = client.get("/api/admin/stores/b-1/status", headers=headers)
        nowhere = client.get("/api/admin/stores/nowhere/status", headers=headers)
    assert (theirs.status_code, nowhere.status_code) == (404, 404)
    assert theirs.json()["detail"] == "no store b-1"
