"""The backoffice's access policy reaches the door: stored with the catalog, applied at once,
and still in force after a restart; a policy the store cannot read changes nothing."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from gpiozero.pins.mock import MockFactory
from sqlalchemy.orm import sessionmaker

from retail import wire
from store_controller.bootstrap import build_controller, create_app, open_database
from store_controller.door import AccessPolicy
from store_controller.entry.commands import PolicyHolder
from store_controller.settings import ControllerSettings
from store_controller.sync.checkout_catalog import CheckoutCatalog
from tests.store_controller.sync.harness import T0

MEMBERS_ONLY = wire.AccessPolicy(version=3, rules={"members_only": True, "minimum_age": 20})


def changes(policy: wire.AccessPolicy) -> wire.CatalogChanges:
    return wire.CatalogChanges(since_revision=0, revision=1, access_policy=policy)


def test_a_readable_policy_replaces_the_defaults_but_not_the_lockdown() -> None:
    holder = PolicyHolder(AccessPolicy())
    holder.set_lockdown(True)
    assert holder.replace(MEMBERS_ONLY)
    assert (holder.current.members_only, holder.current.minimum_age) == (True, 20)
    assert holder.current.lockdown is True


def test_an_unreadable_policy_is_refused_and_the_old_one_kept() -> None:
    holder = PolicyHolder(AccessPolicy(minimum_age=18))
    typo = wire.AccessPolicy(version=4, rules={"minimum_age": "eighteen"})
    assert holder.replace(typo) is False
    assert holder.current.minimum_age == 18


def test_the_catalog_stores_the_policy_and_tells_after_the_commit(tmp_path: Path) -> None:
    engine = open_database(ControllerSettings(data_dir=tmp_path))
    told: list[wire.AccessPolicy] = []
    catalog = CheckoutCatalog(sessionmaker(engine), lambda: T0, on_access_policy=told.append)
    try:
        assert catalog.access_policy() is None
        catalog.apply(changes(MEMBERS_ONLY))
        assert told == [MEMBERS_ONLY]
        assert catalog.access_policy() == MEMBERS_ONLY
    finally:
        engine.dispose()


def test_a_stored_policy_is_in_force_after_a_restart(tmp_path: Path) -> None:
    settings = ControllerSettings(data_dir=tmp_path)
    engine = open_database(settings)
    CheckoutCatalog(sessionmaker(engine), lambda: T0).apply(changes(MEMBERS_ONLY))
    engine.dispose()

    factory = MockFactory()
    try:
        app = create_app(build_controller(settings, pin_factory=factory))
        with TestClient(app):
            policy = app.state.door.policy.current
            assert (policy.members_only, policy.minimum_age) == (True, 20)
    finally:
        factory.reset()


def locked(holder: PolicyHolder) -> bool:
    return holder.current.lockdown


def test_the_owner_switches_the_lockdown_in_the_policy_and_a_command_is_not_undone() -> None:
    holder = PolicyHolder(AccessPolicy())
    closed = wire.AccessPolicy(version=5, rules={"lockdown": True})
    assert holder.replace(closed)
    assert locked(holder)
    holder.set_lockdown(False)  # a command from the backoffice opens again at once
    assert holder.replace(wire.AccessPolicy(version=6, rules={"lockdown": True, "minimum_age": 20}))
    assert (holder.current.lockdown, holder.current.minimum_age) == (False, 20)
    assert holder.replace(wire.AccessPolicy(version=7, rules={"lockdown": False}))
    assert not locked(holder)
    holder.set_lockdown(True)
    assert holder.replace(wire.AccessPolicy(version=8, rules={"minimum_age": 18}))
    assert holder.current.lockdown is True  # a policy sent for another reason keeps it
