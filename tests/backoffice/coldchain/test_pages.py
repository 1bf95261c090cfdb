"""The cold-chain log page and its CSV: a volunteer, an owner and a bookkeeper of the store read
it; the CSV opens in a Swedish spreadsheet and every download is audited."""

from __future__ import annotations

import csv
import io
import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.alerts.lifecycle import Occurrence, acknowledge, raise_alert
from backoffice.audit.models import AuditRecord
from backoffice.heartbeats.service import record_heartbeat
from backoffice.reports.csv_export import SwedishExcel
from retail import wire
from tests.backoffice.world import World, sign_in


def beat(world: World, fridge: int) -> None:
    heartbeat = wire.Heartbeat(
        sent_at=world.clock.now,
        software_version="1.4.2",
        uptime_s=60,
        outbox_backlog=0,
        catalog_revision=1,
        door=wire.DoorState.LOCKED,
        lock_down=False,
        temperatures=(
            wire.Temperature(sensor="kyl", centi_celsius=fridge, min_centi=0, max_centi=800),
            wire.Temperature(sensor="frys", centi_celsius=-1900, max_centi=-1500),
        ),
    )
    with world.backoffice.sessions.begin() as session:
        record_heartbeat(session=session, store_id=1, heartbeat=heartbeat, now=world.clock.now)


def fill(world: World) -> None:
    """Readings every 10 minutes, the fridge at 11.5 °C for 20 minutes, alert acknowledged."""
    for centi in (400, 450, 950, 1150, 500, 420):
        if centi == 1150:
            with world.backoffice.sessions.begin() as session:
                text = "kyl is at 11.5 °C, outside 0.0..8.0 °C"
                occurrence = Occurrence(1, "temperature", "critical", text, world.clock.now)
                case = raise_alert(session=session, occurrence=occurrence, now=world.clock.now)
                acknowledge(
                    session=session, case_id=case.id, by="Vera Volontär", now=world.clock.now
                )
        beat(world, centi)
        world.clock.advance(minutes=10)


def test_the_log_shows_readings_and_the_excursion_with_who_acknowledged(
    sqlite_world: World,
) -> None:
    world = sqlite_world
    fill(world)
    for who in ("volunteer", "owner", "bookkeeper"):
        with TestClient(world.backoffice.app) as client:
            sign_in(client, world.emails[who])
            assert 'href="/coldchain"' in client.get("/").text
            page = client.get("/coldchain", params={"store": "a-1", "sensor": "kyl"})
            assert page.status_code == 200, who
            text = page.text
            assert "Egenkontroll av kylkedjan" in text
            assert "6 avläsningar" in text
            assert "20 min" in text  # 08:20 out .. 08:40 back
            assert "11,5 °C" in text  # the peak
            assert "Vera Volontär" in text
            assert "/alerts/" in text
            hourly = client.get("/coldchain", params={"sensor": "kyl", "grain": "hour"})
            assert "10:00" in hourly.text  # 08:00 UTC is 10:00 in Stockholm
    with TestClient(world.backoffice.app) as other:
        sign_in(other, world.emails["other_owner"])
        assert other.get("/coldchain", params={"store": "a-1"}).status_code == 404
        assert other.get("/coldchain/export.csv", params={"store": "a-1"}).status_code == 404


def test_a_wrong_month_is_explained_and_an_empty_store_says_so(sqlite_world: World) -> None:
    world = sqlite_world
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["volunteer"])
        assert "Ingen termometer har rapporterat än." in client.get("/coldchain").text
        beat(world, 400)
        wrong = client.get("/coldchain", params={"month": "maj"})
        assert wrong.status_code == 400
        assert "Skriv månaden som ÅÅÅÅ-MM" in wrong.text
        assert (
            client.get("/coldchain/export.csv", params={"store": "a-1", "month": "x"}).status_code
            == 400
        )


def test_the_csv_is_swedish_and_every_download_is_audited(sqlite_world: World) -> None:
    world = sqlite_world
    fill(world)
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["bookkeeper"])
        answer = client.get(
            "/coldchain/export.csv",
            params={"store": "a-1", "sensor": "kyl", "month": "2026-05", "grain": "hour"},
        )
    assert answer.status_code == 200
    assert "egenkontroll-a-1-kyl-2026-05.csv" in answer.headers["content-disposition"]
    text = answer.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), dialect=SwedishExcel))
    assert rows[0] == ["Timme", "Avläsningar", "Min °C", "Max °C", "Medel °C", "Utanför gränsen"]
    assert rows[1] == ["2026-05-04 10:00", "6", "4,00", "11,50", "6,45", "2"]
    gap = rows.index([])
    assert rows[gap + 1][:3] == ["Avvikelse från", "Avvikelse till", "Minuter"]
    excursion = rows[gap + 2]
    assert excursion[:6] == ["2026-05-04 10:20", "2026-05-04 10:40", "20", "11,50", "0,00", "8,00"]
    assert excursion[7] == "Vera Volontär"
    with world.backoffice.sessions() as session:
        audit = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "coldchain.export")
        ).all()
    assert [(a.target, json.loads(a.after or "{}")["month"]) for a in audit] == [("kyl", "2026-05")]
