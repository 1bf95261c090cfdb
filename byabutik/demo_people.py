"""The demo's association: two stores, an admin, an owner (with TOTP), a volunteer and a
bookkeeper, each with a password the demo prints (demo only: the data folder is local)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.roles import Role
from backoffice.audit.service import SYSTEM
from backoffice.people.models import Person
from backoffice.people.service import Grant, association_named, create_person
from backoffice.stores.models import Store
from backoffice.stores.service import ensure_store

ASSOCIATION = "Demobygdens byaförening"
SECOND_STORE = ("demo-andraby", "Byabutiken i Andraby")
OWNER_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo only, printed


@dataclass(frozen=True, slots=True)
class DemoPerson:
    email: str
    password: str
    roles: str


def demo_people(store_slug: str) -> list[tuple[DemoPerson, list[Grant]]]:
    other = SECOND_STORE[0]
    return [
        (DemoPerson("admin@demo.byabutik.se", "demo-admin-lösenord", "admin"), [Grant(Role.ADMIN)]),
        (
            DemoPerson("agare@demo.byabutik.se", "demo-ägare-lösenord", "owner of both stores"),
            [Grant(Role.OWNER, store_slug), Grant(Role.OWNER, other)],
        ),
        (
            DemoPerson(
                "volontar@demo.byabutik.se", "demo-volontär-lösenord", "volunteer, one store"
            ),
            [Grant(Role.VOLUNTEER, store_slug)],
        ),
        (
            DemoPerson("bokforare@demo.byabutik.se", "demo-bokförare-lösenord", "bookkeeper, both"),
            [Grant(Role.BOOKKEEPER, store_slug), Grant(Role.BOOKKEEPER, other)],
        ),
    ]


def seed_people(session: Session, store_slug: str) -> list[DemoPerson]:
    """Idempotent: creates what is missing."""
    now = datetime.now(UTC)
    association = association_named(session, ASSOCIATION)
    ensure_store(session=session, slug=SECOND_STORE[0], name=SECOND_STORE[1])
    for store in session.scalars(select(Store)):
        if store.association_id is None:
            store.association_id = association.id
    session.flush()
    people = []
    for person, grants in demo_people(store_slug):
        people.append(person)
        if session.scalar(select(Person.id).where(Person.email == person.email)) is not None:
            continue
        made = create_person(
            session,
            association=association,
            email=person.email,
            name=person.email.split("@")[0],
            password=person.password,
            grants=grants,
            actor=SYSTEM,
            now=now,
        )
        if person.email.startswith("agare"):
            made.totp_secret = OWNER_TOTP_SECRET
            made.totp_enabled_at = now
    return people
