"""Owners' notes on a customer ("Anteckningar"): the owner adds and deletes them on the customer
page and through the API, the bookkeeper reads them; an empty note or one carrying a
personnummer is refused (the field blanked, the number never repeated); the audit log names the
hash prefix and never the text; the person's export lists the notes and the erasure deletes
them. SQLite and PostgreSQL."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.members.notes import CustomerNote
from tests.backoffice.members.test_invoices import month_on_account
from tests.backoffice.members.test_member_pages import MEMBER, PAGE, a_visit, device, push
from tests.backoffice.members.test_members_api import MEMBER as API_MEMBER
from tests.backoffice.members.test_members_api import MEMBERS
from tests.backoffice.members.test_personnummer_in_free_text import (
    NUMBER,
    SAID,
    SAID_EN,
    never_repeated,
)
from tests.backoffice.products.conftest import Owner
from tests.backoffice.stock.test_stock_pages import signed_in
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World
from tests.store_controller.sync.harness import ADMIN

API = f"/api/admin/stores/a-1/members/{MEMBER}"


def audited(world: World) -> list[AuditRecord]:
    with world.backoffice.sessions() as session:
        return list(
            session.scalars(
                select(AuditRecord)
                .where(AuditRecord.action.like("member.note%"))
                .order_by(AuditRecord.id)
            )
        )


def test_the_owner_keeps_notes_on_the_customer_page(world: World) -> None:
    push(world, device(world), [a_visit()], start=1)
    owner = signed_in(world, "owner")
    page = owner.get(PAGE)
    assert "Anteckningar" in page.text
    assert "Inga anteckningar." in page.text

    text = "Ringer alltid innan hon kommer.\nVill ha mjölken på tisdagar."
    assert owner.post(f"{PAGE}/notes", data={"text": text}).status_code == 403  # no CSRF
    form = {"csrf_token": csrf(owner)}
    empty = owner.post(f"{PAGE}/notes", data={**form, "text": "   "})
    assert empty.status_code == 400
    assert "Skriv en anteckning." in empty.text
    carrying = owner.post(f"{PAGE}/notes", data={**form, "text": f"Greta, pnr {NUMBER}"})
    assert carrying.status_code == 400
    assert SAID in carrying.text
    assert "Greta, pnr" not in carrying.text  # the field is blank
    never_repeated(carrying.text)
    saved = owner.post(f"{PAGE}/notes", data={**form, "text": text})
    assert saved.status_code == 200
    assert "Anteckningen är sparad." in saved.text
    assert "Ringer alltid innan hon kommer." in saved.text
    assert "Inga anteckningar." not in saved.text
    owner.post(f"{PAGE}/notes", data={**form, "text": "Betalar kontant."})

    bookkeeper = signed_in(world, "bookkeeper")
    read = bookkeeper.get(PAGE)
    assert read.status_code == 200
    assert "Betalar kontant." in read.text
    assert "Vill ha mjölken på tisdagar." in read.text
    assert "Spara anteckningen" not in read.text
    assert f"{PAGE}/notes/" not in read.text  # no delete buttons
    notes = bookkeeper.get(f"{API}/notes").json()
    assert [n["text"] for n in notes] == ["Betalar kontant.", text]  # newest first
    assert notes[0]["by"]
    tried = bookkeeper.post(f"{PAGE}/notes", data={"csrf_token": csrf(bookkeeper), "text": "hej"})
    assert tried.status_code == 403

    owner.cookies.set("byabutik_lang", "en")
    english = owner.get(PAGE)
    assert "Notes" in english.text
    assert "Save the note" in english.text
    refused = owner.post(f"{PAGE}/notes", data={**form, "text": f"nr {NUMBER}"})
    assert SAID_EN in refused.text
    never_repeated(refused.text)
    owner.cookies.set("byabutik_lang", "sv")

    gone = owner.post(f"{PAGE}/notes/{notes[0]['id']}/delete", data=form)
    assert gone.status_code == 200
    assert "Anteckningen är borttagen." in gone.text
    assert "Betalar kontant." not in gone.text
    assert "Vill ha mjölken på tisdagar." in gone.text
    assert owner.post(f"{PAGE}/notes/999999/delete", data=form).status_code == 404

    records = audited(world)
    assert [r.action for r in records] == ["member.note", "member.note", "member.note_delete"]
    for r in records:
        assert r.target == MEMBER[:12]
        kept = (r.before or "") + (r.after or "")
        assert "mjölk" not in kept
        assert "kontant" not in kept
        assert MEMBER not in kept


def test_the_notes_api(owner: Owner) -> None:
    month_on_account(owner)
    notes = f"{MEMBERS}/{API_MEMBER}/notes"
    assert owner.client.get(notes, headers=ADMIN).json() == []
    made = owner.client.post(notes, json={"text": "  Hämtar ut åt grannen.  "}, headers=ADMIN)
    assert made.status_code == 201, made.text
    assert made.json()["text"] == "Hämtar ut åt grannen."
    for text, detail in (
        (f"grannen {NUMBER}", "text: " + SAID_EN),
        ("", "Write a note."),
        ("x" * 1001, "A note is at most 1000 characters."),
    ):
        refused = owner.client.post(notes, json={"text": text}, headers=ADMIN)
        assert refused.status_code == 422
        assert refused.json()["detail"].startswith(detail)
        never_repeated(refused.text)
    assert owner.client.post(notes, json={"text": "x" * 1000}, headers=ADMIN).status_code == 201
    listed = owner.client.get(notes, headers=ADMIN).json()
    assert [len(n["text"]) for n in listed] == [1000, 21]
    unknown = f"{MEMBERS}/{'d' * 64}/notes"
    assert owner.client.get(unknown, headers=ADMIN).status_code == 404
    assert owner.client.post(unknown, json={"text": "hej"}, headers=ADMIN).status_code == 404
    assert owner.client.delete(f"{unknown}/{listed[0]['id']}", headers=ADMIN).status_code == 404
    deleted = owner.client.delete(f"{notes}/{listed[0]['id']}", headers=ADMIN)
    assert deleted.status_code == 200, deleted.text
    again = owner.client.delete(f"{notes}/{listed[0]['id']}", headers=ADMIN)
    assert again.status_code == 404
    assert [n["text"] for n in owner.client.get(notes, headers=ADMIN).json()] == [
        "Hämtar ut åt grannen."
    ]


def test_notes_are_exported_and_erased(world: World) -> None:
    push(world, device(world), [a_visit()], start=1)
    admin = TestClient(world.backoffice.app)
    made = admin.post(f"{API}/notes", json={"text": "Allergisk mot nötter."}, headers=ADMIN)
    assert made.status_code == 201, made.text
    data = admin.get(f"{API}/export", headers=ADMIN).json()
    assert [n["text"] for n in data["notes"]] == ["Allergisk mot nötter."]
    assert data["notes"][0]["by"]
    assert data["notes"][0]["at"]
    erased = admin.post(f"{API}/erase", json={"why": "kunden bad om det"}, headers=ADMIN)
    assert erased.status_code == 200, erased.text
    assert erased.json()["notes"] == 1
    assert admin.get(f"{API}/export", headers=ADMIN).json()["notes"] == []
    with world.backoffice.sessions() as session:
        assert list(session.scalars(select(CustomerNote))) == []
    assert "nötter" not in json.dumps([r.after for r in audited(world)])
