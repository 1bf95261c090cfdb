"""A member signing in again in the same browser: the session it replaces ends on the server,
so the old cookie (if someone kept a copy) no longer opens the member's pages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.backoffice.members.test_me_pages import PAGE, member_signs_in, world
from tests.backoffice.products.conftest import Owner
from tests.backoffice.signin.test_bankid_pages import TOLVAN
from tests.bankid_rp.conftest import RunningSimulator
from tests.store_controller.sync.harness import Backoffice

__all__ = ["world"]


def test_signing_in_again_ends_the_previous_member_session(
    world: tuple[Owner, Backoffice], sim: RunningSimulator
) -> None:
    owner, _backoffice = world
    app = owner.client.app
    with TestClient(app) as me:
        member_signs_in(me, sim, TOLVAN)
        first = me.cookies.get("byabutik_member")
        assert first
        assert me.get("/me", headers=PAGE).status_code == 200
        member_signs_in(me, sim, TOLVAN)
        second = me.cookies.get("byabutik_member")
        assert second
        assert second != first
        assert me.get("/me", headers=PAGE).status_code == 200
    with TestClient(app) as copy:
        copy.cookies.set("byabutik_member", first)
        answer = copy.get("/me", headers=PAGE, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/me/signin")
