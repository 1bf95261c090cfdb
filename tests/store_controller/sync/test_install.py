"""install_sync: off without a URL or a credential (and says why), on otherwise."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi import FastAPI

from store_controller.bootstrap import build_controller
from store_controller.settings import BackofficeLink, ControllerSettings
from store_controller.sync.credential import StoredCredential, save_credential
from store_controller.sync.install import install_sync
from store_controller.sync.service import SyncService


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
