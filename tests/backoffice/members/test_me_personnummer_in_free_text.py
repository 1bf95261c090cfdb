"""A member typing a personnummer (their own, say) into their contact details or an erasure
request's reason is refused in words that never repeat it; the contact form shows that field
empty and keeps the others; nothing is kept."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.members.me_models import ErasureRequest
from backoffice.members.models import MemberContact
from tests.backoffice.members.test_me_pages import (
    MINE,
    member_signs_in,
    page_csrf,
    visit,
    world,
)
from tests.backoffice.members.test_members_api import MEMBERS, push
from tests.backoffice.products.conftest import Owner
from tests.backoffice.signin.test_bankid_pages import TOLVAN
from tests.bankid_rp.conftest import RunningSimulator
from tests.store_controller.sync.harness import ADMIN, Backoffice

__all__ = ["world"]
SAID = "Skriv inte personnummer här. Fältet är tömt: skriv det igen utan numret."


def test_a_member_cannot_keep_a_personnummer_in_free_text(
    world: tuple[Owner, Backoffice], sim: RunningSimulator
) -> None:
    owner, backoffice = world
    owner.store("byn-a")
    push(owner, [visit(MINE)], start=1)
    approved = owner.client.put(
        f"{MEMBERS}/{MINE}/approval", json={"credit_limit_ore": 50_000}, headers=ADMIN
    )
    assert approved.status_code == 200, approved.text
    forms = (TOLVAN, TOLVAN[2:], f"{TOLVAN[:8]}-{TOLVAN[8:]}", f"{TOLVAN[2:8]}-{TOLVAN[8:]}")

    with TestClient(owner.client.app) as me:
        member_signs_in(me, sim, TOLVAN)
        page = me.get("/me/data").text
        csrf = page_csrf(page)
        association = page.split('name="association_id" value="', 1)[1].split('"', 1)[0]
        typed = {
            "association_id": association,
            "name": f"Tolvan {forms[2]}",
            "email": "tolvan@byn.se",
            "address": "Byvägen 1",
            "csrf_token": csrf,
        }
        refused = me.post("/me/contact", data=typed)
        assert refused.status_code == 400
        assert SAID in refused.text
        assert 'value="tolvan@byn.se"' in refused.text
        assert "Byvägen 1</textarea>" in refused.text
        assert "Tolvan " not in refused.text.replace("Tolvan Tolvansson", "")
        reason = me.post("/me/erasure", data={"reason": f"Radera {forms[3]}", "csrf_token": csrf})
        assert reason.status_code == 400
        assert SAID in reason.text
        me.post("/language", data={"lang": "en", "next": "/me/data"})
        english = me.post("/me/erasure", data={"reason": forms[1], "csrf_token": csrf})
        assert "Do not write personal identity numbers here." in english.text
        for text in (refused.text, reason.text, english.text):
            for form in forms:
                assert form not in text

    with backoffice.sessions() as session:
        assert list(session.scalars(select(MemberContact))) == []
        assert list(session.scalars(select(ErasureRequest))) == []
