"""A record that fails the checks never stalls a store: the real controller sends it as it is,
the real backoffice quarantines it and acknowledges it, the controller marks it quarantined in
its own outbox, the sales after it arrive, and nothing is deleted on either side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backoffice.sales.models import Sale
from backoffice.sync.models import QuarantinedEntry
from store_controller.core.clock import ManualClock
from store_controller.outbox.models import OutboxEntry as OutboxRow
from store_controller.sync import outbox
from store_controller.sync.client import BackofficeClient
from store_controller.sync.service import SyncService
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    T0,
    anyio_backend,
    controller_outbox,
    running_backoffice,
    sale,
    trade,
)

pytestmark = pytest.mark.anyio


async def test_refused_rows_are_quarantined_on_both_sides_and_the_rest_flows(
    database_url: str, tmp_path: Path
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as sessions:
        token = backoffice.enroll_store("byn-1")
        trade(sessions, 2)  # seq 1..4
        mispriced = json.loads(sale(3).model_dump_json())
        mispriced["lines"][0]["amount_ore"] += 1  # what an older, laxer controller wrote
        with sessions.begin() as session:
            session.add(OutboxRow(kind="sale", payload=mispriced, created_at=T0))  # 5
            session.add(OutboxRow(kind="sale", payload={"kind": "sale"}, created_at=T0))  # 6
        trade(sessions, 2, first_receipt=4)  # 7..10
        service = SyncService(
            client=BackofficeClient("http://bo", token, transport=backoffice.transport()),
            sessions=sessions,
            clock=ManualClock(T0),
            store_id="byn-1",
            software_version="0.1.0",
        )
        try:
            assert await service.drain() == 10
            assert await service.drain() == 0  # and nothing is sent again
        finally:
            await service.client.aclose()

        assert outbox.backlog(sessions) == 0
        assert outbox.quarantined(sessions) == [5, 6]
        assert outbox.highest_seq(sessions) == 10  # every row kept
        with backoffice.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Sale)) == 4
            kept = session.scalars(select(QuarantinedEntry).order_by(QuarantinedEntry.seq)).all()
        assert [(q.seq, q.reason) for q in kept] == [(5, "refused"), (6, "refused")]
        assert "amount_ore" in kept[0].detail
        entry = kept[0].entry
        assert isinstance(entry, dict)
        assert entry["payload"] == mispriced
