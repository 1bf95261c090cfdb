"""The status board: a store's status from its heartbeats, each thermometer's 24-hour chart with
its limits, and a conditional GET that answers 304 until something changes."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backoffice.heartbeats.service import record_heartbeat
from retail import wire
from tests.backoffice.world import World, sign_in


def beat(world: World, fridge: int, *, uptime: int = 3600) -> None:
    heartbeat = wire.Heartbeat(
        sent_at=world.clock.now,
        software_version="1.4.2",
        uptime_s=uptime,
        outbox_backlog=7,
        catalog_revision=1,
        door=wire.DoorState.LOCKED,
        lock_down=False,
        temperatures=(
            # the controller's own limits, not what a name suggests (a fridge at 1..6 °C)
            wire.Temperature(sensor="kyl", centi_celsius=fridge, min_centi=100, max_centi=600),
            wire.Temperature(sensor="frys", centi_celsius=-1900, max_centi=-1500),
            wire.Temperature(sensor="lager", centi_celsius=1450),  # no limits configured
        ),
    )
    with world.backoffice.sessions.begin() as session:
        record_heartbeat(session=session, store_id=1, heartbeat=heartbeat, now=world.clock.now)


def test_the_board_shows_the_store_and_its_thermometers(sqlite_world: World) -> None:
    world = sqlite_world
    for minutes, centi in enumerate([400, 450, 900, 1100, 500]):
        world.clock.advance(minutes=5)
        beat(world, centi, uptime=3600 + minutes * 300)
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["volunteer"])
        page = client.get("/board")
        assert page.status_code == 200
        text = page.text
        assert "A ett" in text
        assert "A två" not in text
        assert "Uppkopplad sedan" in text
        assert "1.4.2" in text
        assert "låst" in text
        assert "kyl" in text
        assert "5 °C" in text
        assert "gränser 1 … 6 °C" in text
        assert "gränser ej rapporterade" in text  # the store room: nothing guessed
        assert "frys" in text
        assert "-15 °C" in text
        chart = client.get("/board/a-1/chart.svg", params={"sensor": "kyl"})
        assert chart.headers["content-type"] == "image/svg+xml"
        assert b"<svg" in chart.content
        assert b"<script" not in chart.content
        assert chart.content.count(b'class="line reactive') >= 2  # readings and the limits
        etag = page.headers["etag"]
        assert client.get("/board", headers={"If-None-Match": etag}).status_code == 304
        world.clock.advance(seconds=30)
        assert client.get("/board", headers={"If-None-Match": etag}).status_code == 304
        beat(world, 700)  # inside a name-guessed 0..8, outside the controller's 1..6
        fresh = client.get("/board", headers={"If-None-Match": etag})
        assert fresh.status_code == 200
        assert "utanför gränsen" in fresh.text
        world.clock.advance(minutes=10)  # no heartbeat for ten minutes
        assert "Nere sedan" in client.get("/board").text
    with TestClient(world.backoffice.app) as other:
        sign_in(other, world.emails["other_owner"])
        assert "A ett" not in other.get("/board").text
        assert other.get("/board/a-1/chart.svg", params={"sensor": "kyl"}).status_code == 404


def test_a_store_never_heard_from(sqlite_world: World) -> None:
    world = sqlite_world
    world.clock.advance(minutes=1)
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["owner"])
        assert "Aldrig hörd" in client.get("/board").text
