"""Every database, key, credential and configuration file the controller (or the demo) makes
is readable by its owner alone, whatever the umask; older, looser files are narrowed at start."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from byabutik.demo_data import Ports, prepare
from byabutik.runtime.db import make_engine
from store_controller.customers.identity_key import KEY_FILE_NAME
from store_controller.settings import ControllerSettings
from store_controller.sync.credential import StoredCredential, save_credential
from tests.store_controller.production.kit import built


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)  # what most shells have: files 0644 unless made otherwise
    try:
        yield
    finally:
        os.umask(old)


def test_the_controller_database_and_its_journal_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with (
        built(ControllerSettings(data_dir=data)) as controller,
        controller.engine.connect() as connection,  # WAL: -wal and -shm exist while open
    ):
        connection.execute(text("SELECT count(*) FROM outbox"))
        made = sorted(p.name for p in data.iterdir())
        assert {"controller.db", "controller.db-wal", "controller.db-shm"} <= set(made)
        assert {p.name: mode_of(p) for p in data.iterdir()} == dict.fromkeys(made, 0o600)
    assert mode_of(data) == 0o700
    assert mode_of(data / KEY_FILE_NAME) == 0o600


def test_an_older_world_readable_database_is_narrowed_at_start(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x)"))
    engine.dispose()
    database.chmod(0o644)
    make_engine(f"sqlite:///{database}").dispose()
    assert mode_of(database) == 0o600


def test_the_device_credential_is_private(tmp_path: Path) -> None:
    path = save_credential(tmp_path, StoredCredential("https://bo.example", "byn-1", 7, "t" * 43))
    assert mode_of(path) == 0o600


def test_the_demo_makes_its_key_configuration_and_databases_private(tmp_path: Path) -> None:
    data = prepare(tmp_path / "demo", "127.0.0.1", Ports())
    key = data.controller_dir / KEY_FILE_NAME
    for path in (
        key,
        data.config_file,
        data.controller_dir / "controller.db",
        data.backoffice_dir / "backoffice.db",
    ):
        assert mode_of(path) == 0o600, path
    assert len(key.read_text().strip()) >= 32
    assert key.read_text().strip() not in data.config_file.read_text()
    again = prepare(tmp_path / "demo", "127.0.0.1", Ports())  # a second run keeps the key
    assert (again.controller_dir / KEY_FILE_NAME).read_text() == key.read_text()
