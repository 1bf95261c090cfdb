"""The store settings page: the owner saves the store's details and opening hours (a wrong
organisation number is refused and what was typed kept), the store's catalog pull carries them,
its door refuses outside the hours (fake clock), and the page tells when the store applied it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.heartbeats.models import StoreStatus
from backoffice.stores.details import current_rules
from backoffice.stores.models import Store
from retail import wire
from store_controller.door import AccessPolicy, AccessReason, AccessRequest, decide
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in

FORM = {
    "name": "Byabutiken i Ås",
    "legal_name": "Ås Byalag ekonomisk förening",
    "org_number": "556016-0649",
    "address": "Byvägen 1, 123 45 Ås",
    "time_zone": "Europe/Stockholm",
    "customer_contact": "070-123 45 67",
    "monday": "07:00-22:00",
    "tuesday": "07:00-22:00",
    "wednesday": "07:00-22:00",
    "thursday": "07:00-22:00",
    "friday": "07:00-22:00",
    "saturday": "08:00-12:00, 13:00-20:00",
    "sunday": "stängt",
    "exceptions": "2026-12-24 07:00-13:00\n2026-12-25 stängt",
}
ADULT = AccessRequest(identity_hash="ab" * 16, birth_date=date(1980, 1, 1), is_member=True)


def _device_token(world: World) -> str:
    with world.backoffice.sessions.begin() as session:
        store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
        code = issue_enrollment_code(session=session, store=store, now=world.clock.now).code
        return redeem_enrollment_code(
            session=session, code=code, software_version="0.1.0", now=world.clock.now
        ).token


def test_owner_saves_details_and_the_store_pulls_and_applies_them(sqlite_world: World) -> None:
    world = sqlite_world
    device = _device_token(world)
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        bad = owner.post(
            "/stores/a-1/settings",
            data={**FORM, "org_number": "556016-0648", "csrf_token": token},
        )
        assert bad.status_code == 400
        assert "check digit" in bad.text
        assert "Ås Byalag ekonomisk förening" in bad.text
        assert owner.post("/stores/a-1/settings", data=FORM).status_code == 403  # no CSRF
        saved = owner.post("/stores/a-1/settings", data={**FORM, "csrf_token": token})
        assert saved.status_code == 200, saved.text
        assert "SE556016064901" in saved.text
        assert "Väntar på att butiken hämtar ändringen" in saved.text

        pulled = owner.get(
            "/api/sync/v1/catalog",
            params={"since": 0},
            headers={"Authorization": f"Bearer {device}"},
        )
        changes = wire.CatalogChanges.model_validate(pulled.json())
        assert changes.settings is not None
        assert changes.settings.legal_name == "Ås Byalag ekonomisk förening"
        assert changes.settings.vat_number == "SE556016064901"
        assert changes.access_policy is not None
        policy = AccessPolicy.model_validate(changes.access_policy.rules)  # the door's reading
        sunday = datetime(2026, 12, 20, 11, 0, tzinfo=UTC)
        saturday_lunch = datetime(2026, 12, 19, 11, 30, tzinfo=UTC)  # 12:30 local
        monday = datetime(2026, 12, 21, 9, 0, tzinfo=UTC)
        christmas_eve_afternoon = datetime(2026, 12, 24, 13, 0, tzinfo=UTC)  # 14:00 local
        assert decide(policy, ADULT, sunday).reason is AccessReason.CLOSED_NOW
        assert decide(policy, ADULT, saturday_lunch).reason is AccessReason.CLOSED_NOW
        assert decide(policy, ADULT, monday).reason is AccessReason.GRANTED
        assert decide(policy, ADULT, christmas_eve_afternoon).reason is AccessReason.CLOSED_NOW

        with world.backoffice.sessions.begin() as session:
            store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
            session.merge(
                StoreStatus(
                    store_id=store.id,
                    received_at=world.clock.now,
                    body={"catalog_revision": changes.revision},
                )
            )
        page = owner.get("/stores/a-1/settings").text
        assert "Butiken har hämtat ändringen" in page
        assert "2026-12-25 stängt" in page
        details = owner.get("/api/admin/stores/a-1/details").json()
        assert details["applied"] is True
        assert details["org_number"] == "556016-0649"
    with TestClient(world.backoffice.app) as volunteer:
        sign_in(volunteer, world.emails["volunteer"])
        refused = volunteer.post(
            "/stores/a-1/settings", data={**FORM, "csrf_token": csrf(volunteer)}
        )
        assert refused.status_code == 403
    with world.backoffice.sessions() as session:
        audit = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "store.details")
        ).one()
        before, after = json.loads(audit.before or "{}"), json.loads(audit.after or "{}")
        assert before["org_number"] == "111111-1111"
        assert after["legal_name"] == "Ås Byalag ekonomisk förening"


def test_the_access_policy_form_is_checked_audited_and_kept_apart_from_the_hours(
    sqlite_world: World,
) -> None:
    world = sqlite_world
    rules = {"minimum_age": "20", "members_only": "on", "max_people_inside": "6"}
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        assert owner.post("/stores/a-1/settings", data={**FORM, "csrf_token": token}).is_success
        assert owner.post("/stores/a-1/settings/policy", data=rules).status_code == 403
        bad = owner.post(
            "/stores/a-1/settings/policy",
            data={**rules, "minimum_age": "121", "csrf_token": token},
        )
        assert bad.status_code == 400
        assert 'value="121"' in bad.text  # what was typed is kept
        saved = owner.post("/stores/a-1/settings/policy", data={**rules, "csrf_token": token})
        assert saved.status_code == 200, saved.text
        assert 'name="members_only" checked' in saved.text
    with TestClient(world.backoffice.app) as volunteer:
        sign_in(volunteer, world.emails["volunteer"])
        refused = volunteer.post(
            "/stores/a-1/settings/policy", data={**rules, "csrf_token": csrf(volunteer)}
        )
        assert refused.status_code == 403
    with world.backoffice.sessions() as session:
        audit = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "store.policy")
        ).one()
        before, after = json.loads(audit.before or "{}"), json.loads(audit.after or "{}")
        assert before == {
            "minimum_age": 18,
            "members_only": False,
            "lockdown": False,
            "max_people_inside": None,
            "member_hours": None,
        }
        assert after == {**before, "minimum_age": 20, "members_only": True, "max_people_inside": 6}
        store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
        kept = current_rules(session, store)
        assert kept.hours.sunday == []  # the hours saved before are kept
        assert kept.minimum_age == 20
