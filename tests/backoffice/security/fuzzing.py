"""A backoffice for the border fuzz tests (one per module, on SQLite), the input strategies they
share and the check every answer passes: never a 5xx; a refusal is a 4xx that says why and
never repeats a personnummer it was sent.

Examples are derandomized (the same ones each run, so no test is flaky); FUZZ_EXAMPLES=500 and
FUZZ_RANDOM=1 fuzz longer and wider by hand."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import SecretStr

from backoffice.members.me_models import MemberSession
from backoffice.members.me_session import cookie_name
from backoffice.payments.config import SwishStatusSettings
from backoffice.signin.config import BankIdSignInSettings
from retail import Personnummer, wire
from tests.backoffice.members.test_member_pages import device, push
from tests.backoffice.stock.test_stock_pages import signed_in
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import T0, Clock, World, build
from tests.store_controller.sync.harness import ADMIN, running_backoffice

KEY = b"fuzz-test-identity-hash-key-0123456789"
IDENTIFIER = "0123456789abcdef0123456789abcdef"
NUMBERS = ("191212121212", "19121212-1212", "121212-1212", "1212121212")
"""Skatteverket's test number in the ways it is typed: none may come back in a refusal."""
MEMBER = Personnummer.parse(NUMBERS[0]).keyed_hash(KEY)
STORE = "a-1"
API = f"/api/admin/stores/{STORE}"

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))


def fuzz(examples: int = EXAMPLES) -> settings:
    """Hypothesis settings for one endpoint: bounded, deterministic unless FUZZ_RANDOM=1."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=os.environ.get("FUZZ_RANDOM") != "1",
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- strategies -------------------------------------------------------------------------------

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\r",
        "\n\r\n",
        '"',
        "'; DROP TABLE x; --",
        "\ufeff",
        "\u202e",
        "\ud7ff",
        "😀" * 10,
        "Å" * 5000,
        "x" * 70_000,
        "%00",
        "{{7*7}}",
        "<script>",
        "-1",
        "1e309",
        "NaN",
        "9" * 40,
        *NUMBERS,
    ]
)
TEXT = st.one_of(NASTY_TEXT, st.text(max_size=60), st.text(min_size=200, max_size=2000))
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
)
JSONISH = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
RAW = st.one_of(
    st.binary(max_size=300),
    st.binary(min_size=2000, max_size=20_000),
    st.sampled_from([b"", b"\x00" * 100, b"\xff\xfe", b"PK\x03\x04" + b"\x00" * 60, b"{}" * 3]),
)


def mutated(valid: bytes) -> st.SearchStrategy[bytes]:
    """The valid body with a slice cut, doubled, replaced or spliced with random bytes."""

    @st.composite
    def one(draw: st.DrawFn) -> bytes:
        data = bytearray(valid)
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data)))
            end = draw(st.integers(at, min(len(data), at + 40)))
            how = draw(st.sampled_from(["cut", "double", "bytes", "text"]))
            if how == "cut":
                del data[at:end]
            elif how == "double":
                data[at:at] = data[at:end] * draw(st.integers(2, 50))
            elif how == "bytes":
                data[at:end] = draw(st.binary(max_size=20))
            else:
                data[at:end] = draw(TEXT).encode("utf-8", "surrogatepass")[:3000]
        return bytes(data)

    return one()


def object_with(valid: dict[str, Any]) -> st.SearchStrategy[Any]:
    """The valid JSON object with fields dropped, retyped, added; or anything JSON at all."""

    @st.composite
    def one(draw: st.DrawFn) -> Any:
        body = dict(valid)
        for key in draw(st.lists(st.sampled_from(sorted(valid)), max_size=len(valid))):
            if draw(st.booleans()):
                body.pop(key, None)
            else:
                body[key] = draw(JSONISH)
        if draw(st.booleans()):
            body[draw(st.text(max_size=10))] = draw(JSONISH)
        return body

    return st.one_of(one(), one(), JSONISH)


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def duplicated_keys(valid: dict[str, Any], key: str, other: Any) -> bytes:
    """`{"key": other, ..., "key": valid}`: a JSON object naming one key twice."""
    rest = ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in valid.items())
    return f"{{{json.dumps(key)}: {json.dumps(other)}, {rest}}}".encode()


# --- the check --------------------------------------------------------------------------------

_ALERT = re.compile(r'role="alert"[^>]*>(.*?)</', re.S)


def refusal_text(answer: httpx.Response) -> str:
    """What a refusal says: the JSON detail, or the page's alert (else the whole page)."""
    if answer.headers.get("content-type", "").startswith("application/json"):
        return json.dumps(answer.json(), ensure_ascii=False)
    alerts = _ALERT.findall(answer.text)
    return " ".join(alerts) if alerts else answer.text


def check(answer: httpx.Response, *, whole_page: bool = False) -> None:
    """Never a server error; a refusal says why, and never repeats a personnummer."""
    assert answer.status_code < 500, (answer.status_code, answer.text[:2000])
    if 400 <= answer.status_code < 500:
        said = answer.text if whole_page else refusal_text(answer)
        assert said.strip(), answer.status_code
        for number in NUMBERS:
            assert number not in said, said[:2000]


# --- the backoffice ---------------------------------------------------------------------------


@dataclass
class Fuzzed:
    world: World
    api: TestClient
    """The admin's bearer token on every request."""
    device: str
    owner: TestClient
    owner_csrf: str
    member: TestClient
    member_csrf: str
    association_id: int
    visit_id: uuid.UUID

    def pull(self, path: str, **params: Any) -> httpx.Response:
        return self.api.get(
            f"/api/sync/v1/{path}",
            params=params,
            headers={"Authorization": f"Bearer {self.device}"},
        )


def _member_client(world: World) -> tuple[TestClient, str]:
    """A member signed in with BankID (their session made as a completed sign-in makes it)."""
    token, form_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with world.backoffice.sessions.begin() as session:
        session.add(
            MemberSession(
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                identity_hash=MEMBER,
                csrf_token=form_token,
                created_at=world.clock.now,
                last_seen_at=world.clock.now,
            )
        )
    client = TestClient(world.backoffice.app)
    name = cookie_name(world.backoffice.app.state.settings)
    client.cookies.set(name, token)
    return client, form_token


def running(folder: Path) -> Iterator[Fuzzed]:
    key = folder / "identity.key"
    key.write_bytes(KEY)
    clock = Clock()
    swish = SwishStatusSettings(callback_identifier=SecretStr(IDENTIFIER))
    with running_backoffice(
        f"sqlite:///{folder / 'bo.db'}",
        clock=clock,
        bankid=BankIdSignInSettings(identity_key_file=key),
        swish=swish,
    ) as backoffice:
        world = build(backoffice, clock)
        api = TestClient(backoffice.app, headers=ADMIN)
        token = device(world)
        came = wire.Visit(
            visit_id=uuid.uuid4(),
            occurred_at=T0,
            outcome=wire.VisitOutcome.GRANTED,
            identity_hash=MEMBER,
            age=71,
        )
        push(world, token, [came], start=1)
        approved = api.put(f"{API}/members/{MEMBER}/approval", json={"credit_limit_ore": 100_000})
        assert approved.status_code == 200, approved.text
        details = {
            "org_number": "769600-1234",
            "address": "Byvägen 1, 686 00 Byn",
            "bankgiro": "991-2346",
            "swish_number": "1231234567",
        }
        assert api.put(f"{API}/association/invoicing", json=details).status_code == 200
        for sku, gtin in (("mjolk", "7310865071804"), ("chips", "7310500088013")):
            body = {"sku": sku, "name": sku.title(), "price_ore": 1895, "vat_class": "food",
                    "gtins": [gtin]}  # fmt: skip
            assert api.put(f"/api/admin/products/{sku}", json=body).status_code == 200
        mapping = {"gtin": "EAN", "price": "Cirkapris", "name": "Benämning", "cost_price": "Netto"}
        assert api.put("/api/admin/pricefiles/mappings/dagab", json=mapping).status_code == 200
        clock.advance(hours=1)
        owner = signed_in(world, "owner")
        member, member_csrf = _member_client(world)
        yield Fuzzed(
            world=world,
            api=api,
            device=token,
            owner=owner,
            owner_csrf=csrf(owner),
            member=member,
            member_csrf=member_csrf,
            association_id=1,
            visit_id=came.visit_id,
        )
