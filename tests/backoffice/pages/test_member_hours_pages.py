"""Members' own hours on the store settings page and its JSON API: checked (what was typed kept),
CSRF, audited, and sent only to a controller that names the feature on its catalog pull."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from retail import wire
from tests.backoffice.pages.test_store_settings_pages import FORM, _device_token
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in

RULES = {"minimum_age": "18", "max_people_inside": ""}
MEMBERS = {f"member_{day}": "05:00-23:00" for day in wire.policy.WEEKDAYS[:6]}
MEMBERS["member_sunday"] = "10:00-18:00"


def _pull(client: TestClient, device: str, features: str | None) -> wire.AccessPolicy:
    params: dict[str, str | int] = {"since": 0}
    if features is not None:
        params["features"] = features
    answer = client.get(
        "/api/sync/v1/catalog", params=params, headers={"Authorization": f"Bearer {device}"}
    )
    policy = wire.CatalogChanges.model_validate(answer.json()).access_policy
    assert policy is not None
    return policy


def test_owner_sets_members_hours_and_only_a_controller_naming_them_gets_them(
    sqlite_world: World,
) -> None:
    world = sqlite_world
    device = _device_token(world)
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        everyone = {**FORM, "sunday": "stängt", "csrf_token": token}
        assert owner.post("/stores/a-1/settings", data=everyone).is_success
        form = {**RULES, **MEMBERS}
        assert owner.post("/stores/a-1/settings/policy", data=form).status_code == 403
        bad = owner.post(
            "/stores/a-1/settings/policy",
            data={**form, "member_monday": "05:00-25:00", "csrf_token": token},
        )
        assert bad.status_code == 400
        assert "member_monday" in bad.text
        assert 'value="05:00-25:00"' in bad.text  # what was typed is kept
        assert 'value="10:00-18:00"' in bad.text
        saved = owner.post("/stores/a-1/settings/policy", data={**form, "csrf_token": token})
        assert saved.status_code == 200, saved.text
        assert "Medlemmarnas egna tider" in saved.text
        assert 'name="member_sunday" maxlength="80" value="10:00-18:00"' in saved.text

        newer = _pull(owner, device, "member_hours")
        own = newer.typed().member_hours
        assert own is not None
        assert own.sunday == ["10:00-18:00"]
        older = _pull(owner, device, None)  # a controller from before: the old shape
        assert wire.MEMBER_HOURS not in older.rules
        assert older.rules["hours"] == newer.rules["hours"]

        owner.cookies.set("byabutik_lang", "en")
        english = owner.get("/stores/a-1/settings").text
        assert "Members&#39; own hours" in english or "Members' own hours" in english
        owner.cookies.set("byabutik_lang", "sv")

        cleared = owner.post(
            "/stores/a-1/settings/policy",
            data={**RULES, **dict.fromkeys(MEMBERS, ""), "csrf_token": token},
        )
        assert cleared.status_code == 200
        assert wire.MEMBER_HOURS not in _pull(owner, device, "member_hours").rules
    with world.backoffice.sessions() as session:
        audits = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "store.policy").order_by(AuditRecord.id)
        ).all()
        first, second = (json.loads(a.after or "{}") for a in audits)
        assert first["member_hours"]["monday"] == ["05:00-23:00"]
        assert second["member_hours"] is None


def test_the_json_api_sets_members_hours_with_exceptions(sqlite_world: World) -> None:
    world = sqlite_world
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        owner.headers["X-CSRF-Token"] = csrf(owner)
        body = {
            "member_hours": {
                "monday": ["05:00-23:00"],
                "sunday": ["10:00-18:00"],
                "exceptions": {"2026-12-25": ["10:00-14:00"]},
            }
        }
        assert owner.put("/api/admin/stores/a-1/member-hours", json=body).is_success
        read = owner.get("/api/admin/stores/a-1/member-hours").json()["member_hours"]
        assert read["monday"] == ["05:00-23:00"]
        assert read["tuesday"] == ["00:00-24:00"]  # unspecified days: the model's default
        assert read["exceptions"] == {"2026-12-25": ["10:00-14:00"]}
        refused = owner.put(
            "/api/admin/stores/a-1/member-hours", json={"member_hours": {"monday": ["7-22"]}}
        )
        assert refused.status_code == 422
    with TestClient(world.backoffice.app) as volunteer:
        sign_in(volunteer, world.emails["volunteer"])
        volunteer.headers["X-CSRF-Token"] = csrf(volunteer)
        denied = volunteer.put("/api/admin/stores/a-1/member-hours", json=body)
        assert denied.status_code == 403
    with world.backoffice.sessions() as session:
        audit = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "store.member_hours")
        ).one()
        assert json.loads(audit.after or "{}")["member_hours"]["sunday"] == ["10:00-18:00"]


OLD_SV = "Butikens styrenhet är för gammal för medlemmarnas tider; uppdatera den."
OLD_EN = "The store&#39;s controller is too old for members&#39; hours; update it."


def test_the_page_warns_when_the_stores_controller_does_not_read_members_hours(
    sqlite_world: World,
) -> None:
    world = sqlite_world
    device = _device_token(world)
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        bearer = {"Authorization": f"Bearer {device}"}
        assert owner.get("/api/sync/v1/catalog", headers=bearer).is_success  # old software
        assert OLD_SV not in owner.get("/stores/a-1/settings").text  # no members' hours yet
        assert OLD_SV not in owner.get("/stores/a-1/settings").text
        saved = owner.post(
            "/stores/a-1/settings/policy", data={**RULES, **MEMBERS, "csrf_token": token}
        )
        assert saved.status_code == 200
        assert OLD_SV in saved.text
        owner.cookies.set("byabutik_lang", "en")
        assert OLD_EN in owner.get("/stores/a-1/settings").text
        owner.cookies.set("byabutik_lang", "sv")

        _pull(owner, device, "member_hours")  # updated: it reads them now
        assert OLD_SV not in owner.get("/stores/a-1/settings").text
        _pull(owner, device, "")  # back to old software
        assert OLD_SV in owner.get("/stores/a-1/settings").text
        cleared = owner.post(
            "/stores/a-1/settings/policy",
            data={**RULES, **dict.fromkeys(MEMBERS, ""), "csrf_token": token},
        )
        assert OLD_SV not in cleared.text  # no members' hours: nothing the store misses
