"""The alerts page: open alerts first, acknowledge and resolve with a note in one tap each (CSRF,
audited), the history in the store's local time; read-only for a bookkeeper."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.alerts.lifecycle import Occurrence, raise_alert, resolve
from backoffice.audit.models import AuditRecord
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in


def alert_id(page: str) -> str:
    return page.split('href="/alerts/', 1)[1].split('"', 1)[0]


def test_a_volunteer_acknowledges_then_resolves_with_a_note(sqlite_world: World) -> None:
    world = sqlite_world
    with world.backoffice.sessions.begin() as session:
        old = raise_alert(
            session=session,
            occurrence=Occurrence(1, "door_forced", "critical", "Dörren bröts", world.clock.now),
            now=world.clock.now,
        )
        resolve(session=session, case_id=old.id, by="Någon", note="Falsklarm", now=world.clock.now)
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["volunteer"])
        token = csrf(client)
        page = client.get("/alerts").text
        assert "Butiken är nere" in page
        assert "A ett" in page
        assert "Dörren bröts upp" not in page  # resolved ones only on request
        assert "Dörren bröts upp" in client.get("/alerts", params={"show": "all"}).text
        case = alert_id(page)
        assert client.post(f"/alerts/{case}/acknowledge").status_code == 403  # no CSRF token
        done = client.post(f"/alerts/{case}/acknowledge", data={"csrf_token": token})
        assert done.status_code == 200
        assert done.url.path == f"/alerts/{case}"
        assert "Kvitterat av" in done.text
        assert "volunteer" in done.text
        resolved = client.post(
            f"/alerts/{case}/resolve", data={"csrf_token": token, "note": "Routern omstartad"}
        )
        assert "Routern omstartad" in resolved.text
        assert "Inga aktuella larm." in client.get("/alerts").text
        again = client.post(f"/alerts/{case}/resolve", data={"csrf_token": token, "note": "x"})
        assert again.status_code == 409
        assert "redan löst" in again.text
        client.post("/language", data={"lang": "en", "next": "/alerts"})
        english = client.get(f"/alerts/{case}").text
        assert "The store is offline" in english
        assert "History" in english
    with world.backoffice.sessions() as session:
        actions = list(
            session.scalars(select(AuditRecord.action).where(AuditRecord.target == case))
        )
    assert actions == ["alert.acknowledge", "alert.resolve"]


def test_a_bookkeeper_sees_alerts_but_cannot_handle_them(sqlite_world: World) -> None:
    world = sqlite_world
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["bookkeeper"])
        page = client.get("/alerts").text
        assert "Butiken är nere" in page
        assert "Jag tar det" not in page
        case = alert_id(page)
        refused = client.post(f"/alerts/{case}/acknowledge", data={"csrf_token": csrf(client)})
        assert refused.status_code == 403
    with TestClient(world.backoffice.app) as stranger:
        sign_in(stranger, world.emails["other_owner"])
        assert "Butiken är nere" not in stranger.get("/alerts").text
        assert stranger.get(f"/alerts/{case}").status_code == 404


def test_a_note_with_a_personnummer_is_refused_without_repeating_it(sqlite_world: World) -> None:
    world = sqlite_world
    number = "19121212-1212"  # Skatteverket's test number
    with world.backoffice.sessions.begin() as session:
        raise_alert(
            session=session,
            occurrence=Occurrence(1, "door_forced", "critical", "Dörren bröts", world.clock.now),
            now=world.clock.now,
        )
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["volunteer"])
        token = csrf(client)
        case = alert_id(client.get("/alerts").text)
        refused = client.post(
            f"/alerts/{case}/resolve", data={"csrf_token": token, "note": f"Det var {number}"}
        )
        assert refused.status_code == 400
        assert "Skriv inte personnummer här." in refused.text
        assert number not in refused.text
        assert "121212-1212" not in refused.text
        api = TestClient(world.backoffice.app).post(
            f"/api/alerts/{case}/resolve",
            json={"by": "Anna", "note": "191212121212"},
            headers={"Authorization": f"Bearer {world.tokens['owner']}"},
        )
        assert api.status_code == 422
        assert api.json()["detail"].startswith("note: Do not write personal identity numbers")
        assert "191212121212" not in api.text
        assert "Inga aktuella larm." not in client.get("/alerts").text  # still open


def test_a_by_name_with_a_personnummer_is_refused_without_repeating_it(
    sqlite_world: World,
) -> None:
    world = sqlite_world
    with world.backoffice.sessions.begin() as session:
        raise_alert(
            session=session,
            occurrence=Occurrence(1, "door_forced", "critical", "Dörren bröts", world.clock.now),
            now=world.clock.now,
        )
    owner = {"Authorization": f"Bearer {world.tokens['owner']}"}
    with TestClient(world.backoffice.app) as api:
        [case] = [
            a["id"] for a in api.get("/api/alerts?kind=door_forced", headers=owner).json()["alerts"]
        ]
        for action, body in (
            ("acknowledge", {"by": "Anna 19121212-1212"}),
            ("resolve", {"by": "Anna 121212-1212", "note": "Lagat"}),
        ):
            refused = api.post(f"/api/alerts/{case}/{action}", json=body, headers=owner)
            assert refused.status_code == 422, refused.text
            assert refused.json()["detail"].startswith("by: Do not write personal identity")
            assert "1212-1212" not in refused.text
        still = api.get(f"/api/alerts/{case}", headers=owner).json()
        assert (still["status"], still["acknowledged_by"]) == ("open", None)
        assert "1212" not in str(still["history"])
        taken = api.post(f"/api/alerts/{case}/acknowledge", json={"by": "Anna"}, headers=owner)
        assert taken.status_code == 200, taken.text
        assert taken.json()["acknowledged_by"] == "Anna"
