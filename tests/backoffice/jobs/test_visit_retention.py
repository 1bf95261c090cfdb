"""The retention rule: the daily job deletes door visits older than the configured period
(default 90 days) and keeps the rest; sales are not touched."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from backoffice.jobs.models import JobRun
from backoffice.jobs.work import RETENTION, JobRuntime, run_visit_retention
from backoffice.settings import BackofficeSettings
from backoffice.stores.models import Store
from backoffice.visits.models import Visit
from tests.backoffice.world import World, sqlite_world

__all__ = ["sqlite_world"]


def visit_at(world: World, days_ago: int) -> uuid.UUID:
    with world.backoffice.sessions.begin() as session:
        store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
        made = Visit(
            store_id=store.id,
            visit_id=uuid.uuid4(),
            occurred_at=world.clock() - timedelta(days=days_ago),
            outcome="granted",
            identity_hash="d" * 64,
            age=40,
            seq=days_ago,
        )
        session.add(made)
        return made.visit_id


def kept(world: World) -> set[uuid.UUID]:
    with world.backoffice.sessions() as session:
        return set(session.scalars(select(Visit.visit_id)))


def test_visits_past_the_period_are_deleted_by_the_daily_job(sqlite_world: World) -> None:
    world = sqlite_world
    old, edge, recent = visit_at(world, 91), visit_at(world, 89), visit_at(world, 1)
    runtime = JobRuntime(
        world.backoffice.sessions, BackofficeSettings(database_url="sqlite://"), world.clock, "w"
    )
    assert runtime.settings.jobs.visit_retention_days == 90
    assert run_visit_retention(runtime, 1) == 1
    assert kept(world) == {edge, recent}
    assert old not in kept(world)
    world.clock.advance(days=2)  # the 89-day-old visit is now past 90 days
    assert run_visit_retention(runtime, 2) == 1
    assert kept(world) == {recent}
    with world.backoffice.sessions() as session:
        runs = [r.outcome for r in session.scalars(select(JobRun).where(JobRun.task == RETENTION))]
    assert runs == ["1 visits deleted", "1 visits deleted"]


def test_the_period_is_configurable(sqlite_world: World) -> None:
    world = sqlite_world
    week_old, today = visit_at(world, 8), visit_at(world, 0)
    settings = BackofficeSettings(database_url="sqlite://", jobs={"visit_retention_days": 7})
    runtime = JobRuntime(world.backoffice.sessions, settings, world.clock, "w")
    assert run_visit_retention(runtime) == 1
    assert kept(world) == {today}
    assert week_old not in kept(world)
