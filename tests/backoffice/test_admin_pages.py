"""The admin's people page (add a person, set roles) and the audit page (filters, CSV)."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import PASSWORD, World, sign_in


def test_an_admin_adds_a_volunteer_who_sees_only_their_store(sqlite_world: World) -> None:
    world = sqlite_world
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        token = csrf(admin)
        added = admin.post(
            "/people",
            data={
                "csrf_token": token,
                "email": "Ny@Example.org",
                "name": "Ny Volontär",
                "password": PASSWORD,
                "roles": ["volunteer@a-2"],
            },
        )
        assert added.status_code == 200
        assert "ny@example.org" in added.text
        weak = admin.post(
            "/people", data={"csrf_token": token, "email": "svag@example.org", "password": "kort"}
        )
        assert weak.status_code == 400
        assert "12 characters" in weak.text
    with TestClient(world.backoffice.app) as volunteer:
        assert sign_in(volunteer, "ny@example.org") == (303, "/")
        home = volunteer.get("/").text
        assert "A två" in home
        assert "A ett" not in home
        assert "Dagens försäljning" not in home  # no money for a volunteer
        assert volunteer.get("/people").status_code == 403
        assert volunteer.get("/audit").status_code == 403
        assert 'href="/people"' not in home  # the nav lists only what the role allows


def test_role_changes_are_in_the_audit_log_and_its_csv(sqlite_world: World) -> None:
    world = sqlite_world
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        token = csrf(admin)
        people = admin.get("/people").text
        assert "volunteer@example.org" in people
        person_id = people.split('action="/people/')[3].split("/", 1)[0]
        changed = admin.post(
            f"/people/{person_id}/roles",
            data={"csrf_token": token, "roles": ["volunteer@a-1", "bookkeeper@a-2"]},
        )
        assert changed.status_code == 200
        page = admin.get("/audit", params={"action": "person.roles"})
        assert page.status_code == 200
        assert "person.roles" in page.text
        assert "sign_in.success" not in page.text
        exported = admin.get("/audit.csv", params={"action": "person"})
    rows = list(csv.reader(io.StringIO(exported.text), delimiter=";"))
    assert rows[0][:5] == ["id", "at", "actor", "address", "action"]
    roles = [r for r in rows[1:] if r[4] == "person.roles"]
    assert len(roles) == 1
    assert "bookkeeper@a-2" in roles[0][8]
    assert "B ett" not in exported.text
