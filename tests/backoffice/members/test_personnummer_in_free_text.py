"""An owner typing a personnummer into free text (a member's contact details, a ledger entry's,
a block's or a credit note's reason, the blocklist's reason) is refused in words that never
repeat it; a page shown again has that field empty and keeps the others; the API answers 422
naming the field, and nothing is kept."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from backoffice.audit.service import SYSTEM
from backoffice.members.contacts import ContactError, contact_of, set_contact
from tests.backoffice.members.test_invoices import month_on_account
from tests.backoffice.members.test_member_pages import PAGE
from tests.backoffice.members.test_members_api import MEMBER, MEMBERS, ledger
from tests.backoffice.members.test_rights import a_members_month
from tests.backoffice.products.conftest import Owner
from tests.backoffice.stock.test_stock_pages import signed_in
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sqlite_world
from tests.store_controller.sync.harness import ADMIN

__all__ = ["sqlite_world"]
NUMBER = "19121212-1212"  # Skatteverket's test number
FORMS = (NUMBER, "191212121212", "121212-1212", "1212121212")
SAID = "Skriv inte personnummer här. Fältet är tömt: skriv det igen utan numret."
SAID_EN = "Do not write personal identity numbers here."
DETAIL = "why: " + SAID_EN + " The field is empty: type it again without the number."


def never_repeated(text: str) -> None:
    for form in FORMS:
        assert form not in text


def test_the_customer_page_blanks_a_contact_field_with_a_number(sqlite_world: World) -> None:
    world = sqlite_world
    a_members_month(world)
    owner = signed_in(world, "owner")
    typed = {
        "name": "Greta Persson",
        "email": "greta@example.org",
        "address": f"Byvägen 3\npnr {NUMBER}",
        "csrf_token": csrf(owner),
    }
    refused = owner.post(f"{PAGE}/contact", data=typed)
    assert refused.status_code == 400
    assert SAID in refused.text
    assert 'value="Greta Persson"' in refused.text  # the other fields keep what was typed
    assert 'value="greta@example.org"' in refused.text
    assert "Byvägen 3" not in refused.text  # the field that carried it is empty
    never_repeated(refused.text)
    owner.cookies.set("byabutik_lang", "en")
    english = owner.post(f"{PAGE}/contact", data={**typed, "name": f"Greta {NUMBER[2:]}"})
    assert SAID_EN in english.text
    assert 'value="greta@example.org"' in english.text
    assert 'value="Byvägen 3' not in english.text
    never_repeated(english.text)
    owner.cookies.set("byabutik_lang", "sv")
    for step in ("entries", "block"):
        answer = owner.post(
            f"{PAGE}/{step}",
            data={
                "kind": "adjustment",
                "amount": "10",
                "why": f"enligt {NUMBER}",
                "csrf_token": csrf(owner),
            },
        )
        assert answer.status_code == 400, step
        assert SAID in answer.text
        never_repeated(answer.text)


def test_the_api_refuses_a_number_in_contact_details_and_reasons(owner: Owner) -> None:
    month_on_account(owner)
    contact = owner.client.put(
        f"{MEMBERS}/{MEMBER}/contact",
        json={"name": "Greta", "email": "191212121212@example.org"},
        headers=ADMIN,
    )
    assert contact.status_code == 422
    assert contact.json()["detail"].startswith("email: " + SAID_EN)
    assert owner.client.get(f"{MEMBERS}/{MEMBER}/contact", headers=ADMIN).json()["name"] == ""

    before = ledger(owner)
    for kind in ("payment", "adjustment"):
        entry = owner.client.post(
            f"{MEMBERS}/{MEMBER}/entries",
            json={"kind": kind, "amount_ore": 100, "why": f"{NUMBER} betalade"},
            headers=ADMIN,
        )
        assert entry.status_code == 422
        assert entry.json()["detail"] == DETAIL
    assert ledger(owner) == before

    blocked = owner.client.put(
        f"{MEMBERS}/{MEMBER}/block", json={"why": f"snattade, {NUMBER}"}, headers=ADMIN
    )
    assert blocked.status_code == 422
    assert blocked.json()["detail"] == DETAIL
    lifted = owner.client.delete(
        f"{MEMBERS}/{MEMBER}/block", params={"why": "1212121212"}, headers=ADMIN
    )
    assert lifted.status_code == 422
    assert lifted.json()["detail"] == DETAIL

    credit = owner.client.post(
        "/api/admin/stores/byn-a/invoices/1/credit",
        json={"amount_ore": 100, "why": f"fel person {NUMBER}"},
        headers=ADMIN,
    )
    assert credit.status_code == 422
    assert credit.json()["detail"] == DETAIL
    # a phone number or an organisation number is not a personnummer
    fine = owner.client.put(
        f"{MEMBERS}/{MEMBER}/block",
        json={"why": "ring 070-123 45 67, org 202100-5448"},
        headers=ADMIN,
    )
    assert fine.status_code == 200, fine.text


def test_the_service_names_the_field(owner: Owner) -> None:
    with owner.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        with pytest.raises(ContactError) as refused:
            set_contact(
                session,
                1,
                MEMBER,
                name="Greta",
                email="",
                address=f"c/o {NUMBER}",
                by=SYSTEM,
                now=owner.clock.now,
            )
        assert refused.value.blank == ("address",)
        assert str(refused.value) == SAID
        assert contact_of(session, 1, MEMBER) is None


def test_the_blocklist_refuses_a_number_in_the_reason(sqlite_world: World) -> None:
    owner = TestClient(sqlite_world.backoffice.app)
    answer = owner.post(
        "/api/admin/stores/a-1/blocklist",
        json={"why": f"se {NUMBER}", "personnummer": NUMBER},
        headers={"Authorization": f"Bearer {sqlite_world.tokens['owner']}"},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == DETAIL
