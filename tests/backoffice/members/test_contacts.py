"""Where a member's invoices go: the owner keeps the member's name, e-mail and postal address
on the customer page (CSRF, audited, a bad e-mail refused in words with what was typed kept)
or through the API; the invoice PDF then names the member; the data export shows them and the
erasure removes them."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.service import SYSTEM
from backoffice.members.contacts import ContactError, contact_of, set_contact
from backoffice.members.models import MemberContact
from tests.backoffice.members.test_invoices import month_on_account
from tests.backoffice.members.test_member_pages import PAGE, actions
from tests.backoffice.members.test_members_api import MEMBER, MEMBERS
from tests.backoffice.members.test_rights import API, a_members_month
from tests.backoffice.products.conftest import Owner
from tests.backoffice.stock.test_stock_pages import signed_in
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sqlite_world
from tests.store_controller.sync.harness import ADMIN

__all__ = ["sqlite_world"]
ADDRESS = "Byvägen 3\n686 00 Byn"


def pdf_text(client: TestClient, number: int) -> str:
    answer = client.get(f"/api/admin/stores/a-1/invoices/{number}/pdf", headers=ADMIN)
    assert answer.status_code == 200, answer.text
    document = pdfium.PdfDocument(answer.content)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_the_owner_keeps_a_members_invoice_details_on_the_page(sqlite_world: World) -> None:
    world = sqlite_world
    a_members_month(world)
    admin = TestClient(world.backoffice.app)
    number = admin.get(f"{API}/invoices", headers=ADMIN).json()[0]["number"]
    assert "Medlemskonto" in pdf_text(admin, number)

    owner = signed_in(world, "owner")
    assert "skickas inte: ingen e-post" in owner.get(PAGE).text
    form = {"name": "Greta Persson", "email": "greta@example.org", "address": ADDRESS}
    assert owner.post(f"{PAGE}/contact", data=form).status_code == 403  # no CSRF token
    bad = owner.post(
        f"{PAGE}/contact", data={**form, "email": "greta-at-example", "csrf_token": csrf(owner)}
    )
    assert bad.status_code == 400
    assert "E-postadressen ser inte ut som en e-postadress" in bad.text
    assert 'value="greta-at-example"' in bad.text  # what was typed is kept
    assert "Greta Persson" in bad.text
    owner.cookies.set("byabutik_lang", "en")
    english = owner.post(
        f"{PAGE}/contact", data={**form, "email": "greta-at-example", "csrf_token": csrf(owner)}
    )
    assert "does not look like one" in english.text
    owner.cookies.set("byabutik_lang", "sv")

    saved = owner.post(f"{PAGE}/contact", data={**form, "csrf_token": csrf(owner)})
    assert saved.status_code == 200
    assert "Uppgifterna är sparade." in saved.text
    assert 'value="greta@example.org"' in saved.text
    assert actions(world).count("member.contact") == 1
    again = owner.post(f"{PAGE}/invoices/{number}/send", data={"csrf_token": csrf(owner)})
    assert again.status_code == 400  # this world has no mail server
    assert "Fakturan kunde inte skickas: e-postservern tog inte emot brevet" in again.text
    assert actions(world).count("member.invoice_sent") == 1

    text = pdf_text(admin, number)
    assert "Greta Persson" in text
    assert "Byvägen 3" in text
    assert "686 00 Byn" in text
    assert "Medlemskonto" not in text

    bookkeeper = signed_in(world, "bookkeeper")
    seen = bookkeeper.get(PAGE).text
    assert "greta@example.org" in seen
    assert 'name="email"' not in seen
    refused = bookkeeper.post(f"{PAGE}/contact", data={**form, "csrf_token": csrf(bookkeeper)})
    assert refused.status_code == 403

    exported = owner.get(f"{API}/export").json()
    assert exported["contact"]["email"] == "greta@example.org"
    assert "greta@example.org" in owner.get(f"{PAGE}/data").text
    erased = owner.post(
        f"{PAGE}/erase",
        data={"why": "kunden bad om det", "confirm": "yes", "csrf_token": csrf(owner)},
    )
    assert erased.status_code == 200
    assert owner.get(f"{API}/export").json()["contact"] is None
    with world.backoffice.sessions() as session:
        assert list(session.scalars(select(MemberContact))) == []
    assert "Greta" not in pdf_text(admin, number)


def test_the_api_keeps_and_checks_the_details(owner: Owner) -> None:
    month_on_account(owner)
    url = f"{MEMBERS}/{MEMBER}/contact"
    assert owner.client.get(url, headers=ADMIN).json()["email"] == ""
    bad = owner.client.put(url, json={"email": "nope"}, headers=ADMIN)
    assert bad.status_code == 422
    assert bad.json()["detail"] == "The e-mail address does not look like one (name@example.com)."
    kept = owner.client.put(
        url,
        json={"name": "  Greta   Persson ", "email": "greta@example.org", "address": ADDRESS},
        headers=ADMIN,
    )
    assert kept.status_code == 200, kept.text
    assert owner.client.get(url, headers=ADMIN).json() | {"updated_at": None} == {
        "name": "Greta Persson",
        "email": "greta@example.org",
        "address": ADDRESS,
        "updated_by": kept.json()["updated_by"],
        "updated_at": None,
    }
    other = owner.client.put(f"{MEMBERS}/{'e' * 64}/contact", json={}, headers=ADMIN)
    assert other.status_code == 404


def test_the_service_refuses_in_swedish(owner: Owner) -> None:
    """What the member's own pages call (set_contact) refuses the same way."""
    with owner.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        with pytest.raises(ContactError, match=r"Namnet får vara högst 120 tecken\."):
            set_contact(
                session,
                1,
                MEMBER,
                name="x" * 121,
                email="",
                address="",
                by=SYSTEM,
                now=owner.clock.now,
            )
        assert contact_of(session, 1, MEMBER) is None
