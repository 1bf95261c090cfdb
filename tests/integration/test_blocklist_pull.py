"""An owner blocks a person by typing their personnummer, or from a visit in the store's
log; after a pull the store's door refuses that person, and after an unblock lets them in.
The typed number is never kept: not in the database, the logs, or any answer (a malformed
request included). The real backoffice app and controller sync client; SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import Engine, MetaData, select

from backoffice.audit.models import AuditRecord
from backoffice.signin.config import BankIdSignInSettings
from store_controller.core.clock import ManualClock
from store_controller.customers.models import VisitRecord
from store_controller.door import AccessPolicy, DoorConfig
from store_controller.entry.admission import Admission
from store_controller.entry.records import finish_visit
from store_controller.entry.service import DoorService
from store_controller.sync.client import BackofficeClient
from store_controller.sync.member_standings import AccountStandings
from store_controller.sync.service import SyncService
from tests.integration.test_member_standings_pull import KEY, MEMBER, NUMBER, enroll
from tests.store_controller.entry.test_service import FakeLock
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    ADMIN,
    T0,
    anyio_backend,
    controller_outbox,
    running_backoffice,
)

pytestmark = pytest.mark.anyio
BLOCKLIST = "/api/admin/stores/byn-1/blocklist"
FORMS = (NUMBER, NUMBER[2:], f"{NUMBER[2:8]}-{NUMBER[8:]}", f"{NUMBER[:8]}-{NUMBER[8:]}")
"""The ways an owner may type it: none may be found anywhere afterwards."""


def key_file(folder: Path) -> BankIdSignInSettings:
    path = folder / "identity.key"
    path.write_bytes(KEY + b"\n")
    return BankIdSignInSettings(identity_key_file=path)


def dump(engine: Engine) -> str:
    """Every row of every table, as text."""
    tables = MetaData()
    tables.reflect(engine)
    lines = []
    with engine.connect() as connection:
        for table in tables.sorted_tables:
            lines += [repr(tuple(row)) for row in connection.execute(select(table))]
    return "\n".join(lines)


def assert_nowhere(*texts: str) -> None:
    for text in texts:
        for form in FORMS:
            assert form not in text


async def test_block_by_number_and_by_visit_reach_the_door(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answers: list[str] = []
    clock = ManualClock(T0)
    with (
        running_backoffice(database_url, bankid=key_file(tmp_path)) as backoffice,
        controller_outbox(tmp_path) as local,
    ):
        transport = backoffice.transport()
        async with httpx.AsyncClient(base_url="http://backoffice", transport=transport) as admin:
            token = await enroll(admin)
            service = SyncService(
                client=BackofficeClient("http://backoffice", token, transport=transport),
                sessions=local,
                clock=clock,
                store_id="byn-1",
                software_version="0.1.0",
                members=AccountStandings(local, clock.now),
            )
            door = DoorService(config=DoorConfig(), lock=FakeLock(), sessions=local, clock=clock)
            admission = Admission(
                door=door, sessions=local, clock=clock, policy=AccessPolicy, hash_key=KEY
            )
            assert admission.admit(NUMBER, "Tolvan Tolvansson").granted

            async def post(path: str, body: object = None, content: str = "") -> httpx.Response:
                answer = await (
                    admin.post(path, json=body, headers=ADMIN)
                    if body is not None
                    else admin.post(path, content=content, headers=ADMIN)
                )
                answers.append(answer.text)
                return answer

            # Malformed requests: each refused in words that never repeat the number.
            for body, status in (
                ({"personnummer": NUMBER}, 422),  # no reason
                ({"personnummer": NUMBER, "why": 5}, 422),
                ({"personnummer": NUMBER[:-1] + "3", "why": "snatteri"}, 422),  # check digit
                ({"personnummer": NUMBER, "visit_id": "x", "why": "snatteri"}, 422),
                ({"personnummer": NUMBER, "why": "snatteri", "until": "2020-01-01"}, 422),
                ({"personnummer": [NUMBER], "why": "snatteri"}, 422),
                ([NUMBER], 422),
            ):
                refused = await post(BLOCKLIST, body)
                assert refused.status_code == status, refused.text
            assert (await post(BLOCKLIST, content=f"personnummer={NUMBER}")).status_code == 422
            assert (
                await post(BLOCKLIST, content=f'{{"personnummer": "{NUMBER}"')
            ).status_code == 422
            assert "say why" in answers[0]

            blocked = await post(
                BLOCKLIST,
                {"personnummer": FORMS[3], "why": "snatteri", "until": "2027-01-31"},
            )
            assert blocked.status_code == 201, blocked.text
            assert blocked.json()["identity_hash"] == MEMBER  # the stores' own hash
            await service.pull_members()
            refused_at_door = admission.admit(NUMBER, "Tolvan Tolvansson")
            assert (refused_at_door.granted, refused_at_door.reason) == (False, "blocked")
            listed = await admin.get(BLOCKLIST, headers=ADMIN)
            answers.append(listed.text)
            (row,) = listed.json()
            assert (row["why"], row["applies"]) == ("snatteri", True)
            end = datetime.fromisoformat(row["until"])
            assert end == datetime(
                2027, 2, 1, tzinfo=ZoneInfo("Europe/Stockholm")
            )  # through 31 Jan

            lifted = await post(f"{BLOCKLIST}/lift", {"personnummer": NUMBER, "why": "misstag"})
            assert lifted.status_code == 200, lifted.text
            again = await post(f"{BLOCKLIST}/lift", {"personnummer": NUMBER, "why": "misstag"})
            assert again.status_code == 404
            await service.pull_members()
            let_in = admission.admit(NUMBER, "Tolvan Tolvansson")
            assert let_in.granted

            # From the visit log: "whoever entered at 08:00".
            with local() as session:
                visit_ids = list(session.scalars(select(VisitRecord.id)))
            for visit_id in visit_ids:
                finish_visit(local, visit_id, closed_at=clock.now())
            await service.drain()
            by_visit = await post(BLOCKLIST, {"visit_id": visit_ids[0], "why": "hotfullt"})
            assert by_visit.status_code == 201, by_visit.text
            assert by_visit.json()["identity_hash"] == MEMBER
            await service.pull_members()
            assert not admission.admit(NUMBER, "Tolvan Tolvansson").granted
            unknown = await post(BLOCKLIST, {"visit_id": str(uuid.uuid4()), "why": "x"})
            assert unknown.status_code == 404
            lifted = await post(f"{BLOCKLIST}/lift", {"visit_id": visit_ids[0], "why": "ok"})
            assert lifted.status_code == 200, lifted.text
            await service.pull_members()
            assert admission.admit(NUMBER, "Tolvan Tolvansson").granted

        assert_nowhere(dump(backoffice.engine), caplog.text, *answers)
        with backoffice.sessions() as session:
            trail = session.execute(
                select(AuditRecord.action, AuditRecord.target).where(
                    AuditRecord.action.in_(("member.block", "member.unblock"))
                )
            ).all()
        assert sorted(trail) == sorted(
            [("member.block", MEMBER[:12]), ("member.unblock", MEMBER[:12])] * 2
        )  # who, by a hash prefix only


async def test_without_the_key_a_typed_number_is_answered_503_naming_the_setting(
    tmp_path: Path,
) -> None:
    with running_backoffice(f"sqlite:///{tmp_path / 'bo.db'}") as backoffice:
        async with httpx.AsyncClient(
            base_url="http://backoffice", transport=backoffice.transport()
        ) as admin:
            await enroll(admin)
            answer = await admin.post(
                BLOCKLIST, json={"personnummer": NUMBER, "why": "snatteri"}, headers=ADMIN
            )
    assert answer.status_code == 503
    assert "BYABUTIK_BACKOFFICE_BANKID__IDENTITY_KEY_FILE" in answer.text
    assert_nowhere(answer.text)
