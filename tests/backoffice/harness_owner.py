"""The owner the sync and report tests act as: an association admin with a personal API token
(every scope), who owns every store created in a harness database (the tests create stores
directly, as the enrollment CLI does)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, event, insert, select, update
from sqlalchemy.orm import Mapper

from backoffice.people.models import ApiToken, Association, Person, RoleGrant
from backoffice.people.sessions import token_hash
from backoffice.stores.models import Store

TOKEN = "bbt_harness-owner-token-for-tests-only-0123456789"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
_HARNESS_URLS: set[str] = set()
_NOW = datetime(2020, 1, 1, tzinfo=UTC)


def seed_owner(engine: Engine) -> None:
    """Association 1, its admin (person 1) and the token; stores made later are theirs."""
    _HARNESS_URLS.add(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if connection.scalar(select(Person.id).where(Person.email == "harness@example.org")):
            return  # the same database again (a restart in the test)
        connection.execute(insert(Association).values(name="Testföreningen", created_at=_NOW))
        connection.execute(
            insert(Person).values(
                association_id=1,
                email="harness@example.org",
                name="Owner",
                language="sv",
                created_at=_NOW,
            )
        )
        connection.execute(insert(RoleGrant).values(person_id=1, store_id=None, role="admin"))
        connection.execute(
            insert(ApiToken).values(
                person_id=1,
                name="harness",
                token_hash=token_hash(TOKEN),
                scopes="export read unlock write",
                created_at=_NOW,
                expires_at=_NOW + timedelta(days=365 * 50),
            )
        )
    _HARNESS_URLS.add(engine.url.render_as_string(hide_password=False))


@event.listens_for(Store, "after_insert")
def _owned_by_harness(_mapper: Mapper[Any], connection: Connection, target: Store) -> None:
    if connection.engine.url.render_as_string(hide_password=False) not in _HARNESS_URLS:
        return
    if target.association_id is None:
        connection.execute(update(Store).where(Store.id == target.id).values(association_id=1))
        target.association_id = 1
        connection.execute(insert(RoleGrant).values(person_id=1, store_id=target.id, role="owner"))
