"""Each controller's own latest heartbeat (outbox depth, catalog revision, when it arrived; a
late replay does not win; sent directly or pushed with sales), a key rotation linking the new
device row to the one it replaced (one controller on the page, the old row kept, revoked), and
what became of the last request to rotate a device's key (waiting, expired unanswered, refused).
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from backoffice.commands.service import DEFAULT_COMMAND_TTL, issue_command, record_ack
from backoffice.db import MIGRATIONS
from backoffice.devices.heartbeat import note_heartbeat
from backoffice.devices.models import Device
from backoffice.devices.rotations import Outcome, last_requests
from backoffice.devices.service import (
    AuthenticatedDevice,
    authenticate,
    issue_enrollment_code,
    redeem_enrollment_code,
    revoke_device,
    rotate_token,
)
from backoffice.devices.view import device_rows
from backoffice.stores.models import Store
from backoffice.stores.service import create_store
from backoffice.sync.service import apply_push
from byabutik.runtime.db import make_engine
from retail import wire
from tests.db_templates import migrate
from tests.store_controller.sync.harness import entries, movement, sale

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    try:
        migrate(engine, MIGRATIONS)
        yield sessionmaker(engine, expire_on_commit=False)
    finally:
        engine.dispose()


def beat(sent_at: datetime, outbox: int, revision: int) -> wire.Heartbeat:
    return wire.Heartbeat(
        sent_at=sent_at,
        software_version="1.5.0",
        uptime_s=60,
        outbox_backlog=outbox,
        catalog_revision=revision,
        door=wire.DoorState.LOCKED,
        lock_down=False,
    )


def enrolled(session: Session, store: Store, now: datetime = T0) -> AuthenticatedDevice:
    code = issue_enrollment_code(session=session, store=store, now=now).code
    issued = redeem_enrollment_code(session=session, code=code, software_version="1.4", now=now)
    return AuthenticatedDevice(issued.device_id, store.id, store.slug)


def test_each_controller_keeps_its_own_latest_heartbeat(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        store = create_store(session=session, slug="byn-1", name="Byn")
        first, second = enrolled(session, store), enrolled(session, store)
        note_heartbeat(session, first.device_id, beat(T0, outbox=3, revision=9), T0)
        later = T0 + timedelta(seconds=30)
        note_heartbeat(session, second.device_id, beat(later, outbox=0, revision=12), later)
        # A heartbeat from before the one held, replayed late, changes nothing.
        replay = T0 + timedelta(minutes=1)
        note_heartbeat(session, first.device_id, beat(T0 - timedelta(minutes=5), 40, 2), replay)
    with sessions() as session:
        one, two = (
            session.get_one(Device, first.device_id),
            session.get_one(Device, second.device_id),
        )
        assert (one.heartbeat_at, one.outbox_backlog, one.catalog_revision) == (T0, 3, 9)
        assert (two.heartbeat_at, two.outbox_backlog, two.catalog_revision) == (later, 0, 12)
        assert one.software_version == "1.5.0"


def test_a_heartbeat_pushed_among_sales_is_kept_on_its_device(
    sessions: sessionmaker[Session],
) -> None:
    """A heartbeat that waited in the outbox reaches the pushing controller's card as a direct
    one does; an older one replayed later changes nothing, not even back to its version."""
    arrived = T0 + timedelta(minutes=2)
    with sessions.begin() as session:
        store = create_store(session=session, slug="byn-1", name="Byn")
        pusher, other = enrolled(session, store), enrolled(session, store)
        sold = sale(1)
        pushed: list[wire.OutboxPayload] = [
            sold,
            movement(sold.sale_id),
            beat(T0 + timedelta(minutes=1), 7, 5),
        ]
        apply_push(
            session=session,
            store_id=store.id,
            entries=entries(pushed),
            now=arrived,
            device_id=pusher.device_id,
        )
    with sessions.begin() as session:
        replay = beat(T0, outbox=40, revision=1).model_copy(update={"software_version": "1.4"})
        apply_push(
            session=session,
            store_id=store.id,
            entries=entries([sale(2), replay], start=4),
            now=arrived + timedelta(minutes=1),
            device_id=pusher.device_id,
        )
    with sessions() as session:
        rows = {row.id: row for row in device_rows(session, store, arrived)}
    card = rows[pusher.device_id]
    assert (card.heartbeat_at, card.outbox, card.catalog_revision) == (arrived, 7, 5)
    assert card.software_version == "1.5.0"
    assert rows[other.device_id].heartbeat_at is None  # the other controller sent nothing


def test_a_rotation_is_one_controller_with_its_earlier_keys_kept(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        store = create_store(session=session, slug="byn-1", name="Byn")
        device = enrolled(session, store)
        note_heartbeat(session, device.device_id, beat(T0, outbox=5, revision=7), T0)
        rotated = rotate_token(session=session, device=device, now=T0 + timedelta(hours=1))
        again = rotate_token(
            session=session,
            device=AuthenticatedDevice(rotated.device_id, store.id, store.slug),
            now=T0 + timedelta(hours=2),
        )
        other = enrolled(session, store, T0 + timedelta(hours=3))
        revoke_device(session=session, device_id=other.device_id, now=T0 + timedelta(hours=4))
    with sessions() as session:  # the controller's first request with its newest key
        authenticate(session=session, token=again.token, now=T0 + timedelta(hours=2, minutes=1))
    with sessions() as session:
        rows = device_rows(session, session.get_one(Store, store.id), T0 + timedelta(hours=5))
        assert [row.id for row in rows] == [again.device_id, other.device_id]
        live = rows[0]
        assert [e.id for e in live.earlier] == [rotated.device_id, device.device_id]
        assert live.rotated_at == T0 + timedelta(hours=2, minutes=1)
        assert live.created_at == T0  # connected with its first key
        assert live.name == device.device_id  # and named by it, whatever keys followed
        assert rows[1].name == other.device_id
        assert (live.heartbeat_at, live.outbox, live.catalog_revision) == (T0, 5, 7)
        assert live.revoked_at is None
        assert rows[1].revoked_at == T0 + timedelta(hours=4)
        assert rows[1].earlier == ()
        # The audit trail: the old rows are still there, revoked, each named by its successor.
        old = session.get_one(Device, device.device_id)
        assert old.revoked_at == T0 + timedelta(hours=2)  # its successor's first request
        assert session.get_one(Device, rotated.device_id).rotated_from_id == device.device_id


def test_the_last_request_to_rotate_waits_expires_or_is_refused(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        store = create_store(session=session, slug="byn-1", name="Byn")
        waiting, offline, refusing = (enrolled(session, store) for _ in range(3))

        def ask(device: AuthenticatedDevice, at: datetime) -> wire.Command:
            body = wire.RotateToken(device_id=device.device_id)
            return issue_command(
                session=session, store_id=store.id, body=body, issued_by="ägaren", now=at
            )

        ask(offline, T0)
        ask(waiting, T0 - timedelta(minutes=30))  # expired, then asked again
        ask(waiting, T0 + timedelta(minutes=5))
        refused = ask(refusing, T0)
        ack = wire.CommandAck(
            command_id=refused.command_id,
            status=wire.CommandStatus.REJECTED,
            at=T0 + timedelta(minutes=1),
            detail="credential file is read-only",
        )
        record_ack(session=session, store_id=store.id, ack=ack)
    now = T0 + DEFAULT_COMMAND_TTL + timedelta(minutes=1)
    with sessions() as session:
        ids = (waiting.device_id, offline.device_id, refusing.device_id)
        found = last_requests(session, store.id, ids, now)
        assert found[waiting.device_id].outcome is Outcome.PENDING
        assert found[waiting.device_id].asked_at == T0 + timedelta(minutes=5)
        assert found[offline.device_id].outcome is Outcome.EXPIRED
        assert found[offline.device_id].ends_at == T0 + DEFAULT_COMMAND_TTL
        assert found[refusing.device_id].outcome is Outcome.REJECTED
        assert found[refusing.device_id].ends_at == T0 + timedelta(minutes=1)
        assert found[refusing.device_id].detail == "credential file is read-only"
        rows = {row.id: row for row in device_rows(session, session.get_one(Store, store.id), now)}
        assert rows[waiting.device_id].rotation_asked
        assert not rows[offline.device_id].rotation_asked
        assert last_requests(session, store.id, (), now) == {}


def test_the_migration_links_rotations_made_before_it(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        MIGRATIONS.upgrade(engine, "0043")
        at, later = T0, T0 + timedelta(hours=1)
        with sessionmaker(engine).begin() as session:
            store_id = create_store(session=session, slug="byn-1", name="Byn").id
        with engine.begin() as connection:
            rows = [  # enrolled, rotated (revoked when the next was made), owner-revoked
                (1, at, later),
                (2, later, None),
                (3, at + timedelta(minutes=1), at + timedelta(minutes=2)),
            ]
            for number, created, revoked in rows:
                connection.execute(
                    text(
                        "INSERT INTO devices (id, store_id, token_hash, software_version, "
                        "created_at, revoked_at) VALUES (:i, :s, :h, '1.0', :c, :r)"
                    ),
                    {"i": number, "s": store_id, "h": f"{number:064d}", "c": created, "r": revoked},
                )
        MIGRATIONS.upgrade(engine)
        with sessionmaker(engine)() as session:
            linked = {d.id: d.rotated_from_id for d in session.query(Device)}
        assert linked == {1: None, 2: 1, 3: None}
    finally:
        engine.dispose()
