"""The owner approves and blocks a customer; the store's controller pulls every approval,
limit and block of its association, and an unblock takes the customer off the list."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.audit.models import AuditRecord
from tests.backoffice.conftest import bearer
from tests.backoffice.members.test_members_api import MEMBER, MEMBERS, push, visit
from tests.backoffice.products.conftest import Owner
from tests.store_controller.sync.harness import ADMIN


def pulled(owner: Owner) -> list[dict[str, Any]]:
    answer = owner.client.get("/api/sync/v1/members", headers=bearer(owner.tokens["byn-a"]))
    assert answer.status_code == 200, answer.text
    assert answer.json()["kind"] == "member_standings"
    members: list[dict[str, Any]] = answer.json()["members"]
    return members


def test_approval_limit_and_block_reach_the_store(owner: Owner) -> None:
    owner.store("byn-a")
    push(owner, [visit()], start=1)
    assert pulled(owner) == []

    approved = owner.client.put(
        f"{MEMBERS}/{MEMBER}/approval", json={"credit_limit_ore": 30_000}, headers=ADMIN
    )
    assert approved.status_code == 200, approved.text
    standing = {"identity_hash": MEMBER, "credit_limit_ore": 30_000, "blocked_until": None}
    assert pulled(owner) == [standing | {"blocked": False, "balance_ore": 0}]

    no_reason = owner.client.put(f"{MEMBERS}/{MEMBER}/block", json={"why": ""}, headers=ADMIN)
    assert no_reason.status_code == 422
    blocked = owner.client.put(
        f"{MEMBERS}/{MEMBER}/block", json={"why": "obetalda fakturor"}, headers=ADMIN
    )
    assert blocked.status_code == 200, blocked.text
    assert pulled(owner) == [standing | {"blocked": True, "balance_ore": 0}]

    lifted = owner.client.delete(
        f"{MEMBERS}/{MEMBER}/block", params={"why": "betalt"}, headers=ADMIN
    )
    assert lifted.status_code == 200, lifted.text
    assert pulled(owner)[0]["blocked"] is False

    sessions: sessionmaker[Session] = owner.client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        audited = session.execute(
            select(AuditRecord.action, AuditRecord.after).where(
                AuditRecord.action.like("member.%block")
            )
        ).all()
    assert [(action, json.loads(after or "{}")["why"]) for action, after in audited] == [
        ("member.block", "obetalda fakturor"),
        ("member.unblock", "betalt"),
    ]


def test_a_stranger_cannot_be_blocked_and_a_device_needs_its_token(owner: Owner) -> None:
    owner.store("byn-a")
    stranger = owner.client.put(f"{MEMBERS}/{'c' * 64}/block", json={"why": "okänd"}, headers=ADMIN)
    assert stranger.status_code == 404
    assert owner.client.get("/api/sync/v1/members").status_code == 401


def test_a_block_with_an_end_leaves_the_list_when_it_ends(owner: Owner) -> None:
    owner.store("byn-a")
    push(owner, [visit()], start=1)
    ends = owner.clock.now + timedelta(days=7)
    past = owner.client.put(
        f"{MEMBERS}/{MEMBER}/block",
        json={"why": "bråk", "until": (owner.clock.now - timedelta(hours=1)).isoformat()},
        headers=ADMIN,
    )
    assert past.status_code == 422
    blocked = owner.client.put(
        f"{MEMBERS}/{MEMBER}/block", json={"why": "bråk", "until": ends.isoformat()}, headers=ADMIN
    )
    assert blocked.status_code == 200, blocked.text
    [standing] = pulled(owner)
    assert standing["blocked"] is True
    assert datetime.fromisoformat(standing["blocked_until"]) == ends

    owner.clock.advance(days=7, seconds=-1)
    assert [m["blocked"] for m in pulled(owner)] == [True]
    owner.clock.advance(seconds=1)
    assert pulled(owner) == []  # expired: the store admits the person again
