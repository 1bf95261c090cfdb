"""install_sync: off without a URL or a credential (and says why), on otherwise; an alert's
commit pushes at once."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from retail import wire
from store_controller.alerts.service import raise_alert
from store_controller.bootstrap import build_controller
from store_controller.settings import BackofficeLink, ControllerSettings
from store_controller.sync.credential import StoredCredential, save_credential
from store_controller.sync.install import install_sync
from store_controller.sync.service import SyncService
from tests.store_controller.sync.harness import anyio_backend  # noqa: F401


def controller_for(tmp_path: Path, url: str | None) -> tuple[FastAPI, object]:
    settings = ControllerSettings(
        data_dir=tmp_path, store_id="byn-1", backoffice=BackofficeLink(url=url)
    )
    return FastAPI(), build_controller(settings)


def test_off_without_a_backoffice_url(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app, controller = controller_for(tmp_path, None)
    with caplog.at_level(logging.INFO):
        assert install_sync(app, controller) is None  # type: ignore[arg-type]
    assert "backoffice.url is not set" in caplog.text
    controller.engine.dispose()  # type: ignore[attr-defined]


def test_off_without_a_credential(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app, controller = controller_for(tmp_path, "http://bo")
    assert install_sync(app, controller) is None  # type: ignore[arg-type]
    assert "byabutik controller enroll" in caplog.text
    controller.engine.dispose()  # type: ignore[attr-defined]


def test_on_with_both(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    save_credential(tmp_path, StoredCredential("http://bo", "other-store", 1, "t" * 43))
    app, controller = controller_for(tmp_path, "http://bo")
    service = install_sync(app, controller)  # type: ignore[arg-type]
    assert isinstance(service, SyncService)
    assert app.state.sync is service
    assert service.store_id == "other-store"
    assert "pushing as other-store" in caplog.text
    controller.engine.dispose()  # type: ignore[attr-defined]


def test_the_sync_section_sets_the_timing(tmp_path: Path) -> None:
    from store_controller.sync.config import SyncConfig

    save_credential(tmp_path, StoredCredential("http://bo", "byn-1", 1, "t" * 43))
    settings = ControllerSettings(
        data_dir=tmp_path,
        store_id="byn-1",
        backoffice=BackofficeLink(url="http://bo"),
        sync=SyncConfig(push_interval_s=0.5, batch_max_entries=50),
    )
    controller = build_controller(settings)
    service = install_sync(FastAPI(), controller)
    assert service is not None
    assert (service.timing.push_interval, service.timing.batch_max_entries) == (0.5, 50)
    controller.engine.dispose()


@pytest.mark.anyio
async def test_an_alert_is_pushed_at_once_not_at_the_next_interval(tmp_path: Path) -> None:
    """Every wait of the loops lasts forever here: only the alert's commit (in a worker thread,
    as the door's alarms are) can bring the push loop round to send it."""
    save_credential(tmp_path, StoredCredential("http://bo", "byn-1", 1, "t" * 43))
    controller = build_controller(
        ControllerSettings(
            data_dir=tmp_path, store_id="byn-1", backoffice=BackofficeLink(url="http://bo")
        )
    )
    pushed: list[wire.PushBatch] = []
    arrived = asyncio.Event()

    def backoffice(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/push"):
            pushed.append(wire.PushBatch.model_validate_json(request.content))
            arrived.set()
            ack = wire.PushAck(
                protocol=1, store_id="byn-1", acked_through=pushed[-1].entries[-1].seq
            )
            return httpx.Response(200, json=ack.model_dump(mode="json"))
        if request.url.path.endswith("/commands"):
            return httpx.Response(200, json={"commands": []})
        return httpx.Response(204)

    service = install_sync(FastAPI(), controller, transport=httpx.MockTransport(backoffice))
    assert service is not None
    forever = asyncio.Event()

    async def never(_seconds: float) -> None:
        await forever.wait()

    service.sleep = never
    await service.start()
    try:
        await asyncio.to_thread(
            raise_alert,
            controller.sessions,
            alert_id=str(uuid.uuid4()),
            category=wire.AlertCategory.DOOR_FORCED,
            severity=wire.Severity.CRITICAL,
            message="Door forced open",
            details={},
            at=datetime.now(UTC),
        )
        await asyncio.wait_for(arrived.wait(), timeout=30)
    finally:
        await service.stop()
        controller.engine.dispose()
    [batch] = pushed
    [entry] = batch.entries
    assert isinstance(entry.payload, wire.Alert)
    assert entry.payload.category is wire.AlertCategory.DOOR_FORCED
