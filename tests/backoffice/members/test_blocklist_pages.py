"""The blocklist page as an owner uses it on a phone: block a person by typing their
personnummer (never shown again, not even in a refusal), block whoever came in on a visit of
the log, see who is blocked with reason, end date, who and when, and unblock from the list.
Bookkeepers read, volunteers and other associations see nothing; CSRF; audited."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backoffice.signin.config import BankIdSignInSettings
from retail import Personnummer, wire
from tests.backoffice.members.test_member_pages import actions, device, push
from tests.backoffice.stock.test_stock_pages import signed_in
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import T0, Clock, World, build
from tests.store_controller.sync.harness import running_backoffice

KEY = b"page-test-identity-hash-key-0123456789"
NUMBER = "191212121212"  # Skatteverket's test number
TYPED = "19121212-1212"
PAGE = "/stores/a-1/blocklist"
SOMEONE = "d" * 64


@pytest.fixture
def keyed_world(tmp_path: Path) -> Iterator[World]:
    key = tmp_path / "identity.key"
    key.write_bytes(KEY)
    clock = Clock()
    with running_backoffice(
        f"sqlite:///{tmp_path / 'bo.db'}",
        clock=clock,
        bankid=BankIdSignInSettings(identity_key_file=key),
    ) as backoffice:
        yield build(backoffice, clock)


def visit(identity: str | None) -> wire.Visit:
    return wire.Visit(
        visit_id=uuid.uuid4(),
        occurred_at=T0,
        outcome=wire.VisitOutcome.GRANTED if identity else wire.VisitOutcome.IDENTIFICATION_FAILED,
        identity_hash=identity,
        age=34 if identity else None,
    )


def test_the_owner_blocks_by_number_and_by_visit_and_unblocks(keyed_world: World) -> None:
    world = keyed_world
    someone, anonymous = visit(SOMEONE), visit(None)
    push(world, device(world), [someone, anonymous], start=1)
    owner = signed_in(world, "owner")
    page = owner.get(PAGE)
    assert page.status_code == 200
    assert "Ingen är spärrad." in page.text
    assert str(someone.visit_id) in page.text  # the visit log's entries to pick from
    assert str(anonymous.visit_id) not in page.text  # nobody to block there
    assert 'href="/stores/a-1/blocklist" aria-current="page"' in page.text
    form = {"csrf_token": csrf(owner)}
    seen: list[str] = []

    assert owner.post(PAGE, data={"personnummer": TYPED, "why": "snatteri"}).status_code == 403
    for fields, words in (
        ({"personnummer": TYPED}, "Skriv en anledning."),
        ({"personnummer": "19121212-1213", "why": "snatteri"}, "Personnumret är inte giltigt."),
        ({"personnummer": TYPED, "why": "x", "until": "2020-01-01"}, "Slutdatumet måste ligga"),
        ({"why": "snatteri"}, "Skriv ett personnummer eller välj ett besök."),
    ):
        refused = owner.post(PAGE, data={**form, **fields})
        assert refused.status_code == 400
        assert words in refused.text
        seen.append(refused.text)

    done = owner.post(
        PAGE, data={**form, "personnummer": TYPED, "why": "snatteri", "until": "2026-06-30"}
    )
    assert done.status_code == 200  # after the redirect
    assert "Personen är spärrad i föreningens butiker." in done.text
    member = Personnummer.parse(NUMBER).keyed_hash(KEY)
    assert member[:12] in done.text
    assert "snatteri" in done.text  # the reason
    assert "owner" in done.text  # who
    seen.append(done.text)

    by_visit = owner.post(PAGE, data={**form, "visit_id": str(someone.visit_id), "why": "hot"})
    assert "Personen är spärrad" in by_visit.text
    assert SOMEONE[:12] in by_visit.text
    no_one = owner.post(PAGE, data={**form, "visit_id": str(anonymous.visit_id), "why": "hot"})
    assert no_one.status_code == 400
    assert "Besöket saknar legitimering (ingen BankID)" in no_one.text

    api = TestClient(world.backoffice.app).get(
        "/api/admin/stores/a-1/blocklist",
        headers={"Authorization": f"Bearer {world.tokens['owner']}"},
    )
    assert {row["identity_hash"] for row in api.json()} == {member, SOMEONE}

    bookkeeper = signed_in(world, "bookkeeper")
    read = bookkeeper.get(PAGE)
    assert read.status_code == 200
    assert "snatteri" in read.text
    assert "Häv spärren" not in read.text
    lift = {"csrf_token": csrf(bookkeeper), "identity_hash": member, "why": "x"}
    assert bookkeeper.post(f"{PAGE}/lift", data=lift).status_code == 403
    assert signed_in(world, "volunteer").get(PAGE).status_code == 403
    assert signed_in(world, "other_owner").get(PAGE).status_code == 404

    lifted = owner.post(f"{PAGE}/lift", data={**form, "identity_hash": SOMEONE, "why": "ursäkt"})
    assert "Spärren är hävd." in lifted.text
    by_number = owner.post(f"{PAGE}/lift", data={**form, "personnummer": NUMBER, "why": "fel"})
    assert "Spärren är hävd." in by_number.text
    assert "Ingen är spärrad." in by_number.text
    seen.append(by_number.text)

    owner.cookies.set("byabutik_lang", "en")
    english = owner.post(PAGE, data={**form, "personnummer": TYPED})
    assert "say why" in english.text
    seen.append(english.text)
    for text in seen:
        for typed in (NUMBER, TYPED, NUMBER[2:], "19121212-1213"):
            assert typed not in text
    assert actions(world).count("member.block") == 2
    assert actions(world).count("member.unblock") == 2


def test_without_the_key_the_page_names_the_setting(keyed_world: World, tmp_path: Path) -> None:
    (tmp_path / "identity.key").unlink()
    owner = signed_in(keyed_world, "owner")
    answer = owner.post(
        PAGE, data={"csrf_token": csrf(owner), "personnummer": TYPED, "why": "snatteri"}
    )
    assert answer.status_code == 400
    assert "BYABUTIK_BACKOFFICE_BANKID__IDENTITY_KEY_FILE" in answer.text
    assert TYPED not in answer.text
