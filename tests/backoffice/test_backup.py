"""Backoffice backups restore on SQLite and PostgreSQL with the sync journal whole, and stores
push again whatever they sent after the dump."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text

from backoffice.backup import make_backup, restore_backup, verify_sync_journal
from byabutik.cli import cli
from byabutik.runtime.backup import BackupError
from retail import wire
from tests.backoffice.conftest import bearer
from tests.store_controller.sync.harness import batch, running_backoffice, sale

NOW = datetime(2026, 12, 5, 3, 15, tzinfo=UTC)


def push(client: TestClient, token: str, body: wire.PushBatch) -> int:
    answer = client.post(
        "/api/sync/v1/push",
        content=body.model_dump_json(),
        headers={**bearer(token), "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    acked: int = answer.json()["acked_through"]
    return acked


def test_a_dump_restores_and_the_store_fills_in_the_rest(database_url: str, tmp_path: Path) -> None:
    sold: list[wire.OutboxPayload] = [sale(receipt) for receipt in (1, 2, 3)]
    folder = tmp_path / "backups"
    with running_backoffice(database_url) as backoffice, TestClient(backoffice.app) as client:
        token = backoffice.enroll_store("byn-1")
        assert push(client, token, batch("byn-1", sold[:2])) == 2
        dump = make_backup(database_url, folder, now=NOW)
        assert push(client, token, batch("byn-1", sold[2:], start=3)) == 3
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600

    report = restore_backup(database_url, dump)
    assert (report.ok, report.sales, report.entries) == (True, 2, 2)

    # the store's next push (from its cursor, with its device token as restored) brings back
    # the sale made after the dump
    with running_backoffice(database_url) as backoffice, TestClient(backoffice.app) as client:
        assert push(client, token, batch("byn-1", sold)) == 3
        after = verify_sync_journal(backoffice.engine)
    assert (after.ok, after.sales, after.entries) == (True, 3, 3)


def test_dumps_are_rotated(database_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    with running_backoffice(database_url):
        made = [
            make_backup(database_url, folder, now=NOW + timedelta(days=d), keep=2)
            for d in (0, 1, 2)
        ]
    assert sorted(folder.iterdir()) == made[1:]


def test_a_restore_with_a_gap_in_the_journal_is_reported(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'backoffice.db'}"
    with running_backoffice(url) as backoffice, TestClient(backoffice.app) as client:
        token = backoffice.enroll_store("byn-1")
        push(client, token, batch("byn-1", [sale(1), sale(2)]))
        with backoffice.engine.begin() as connection:
            connection.execute(text("DELETE FROM sync_received WHERE seq = 1"))
        dump = make_backup(url, tmp_path / "backups", now=NOW)
    with pytest.raises(BackupError, match="byn-1: entries up to 2 acknowledged, 1 held"):
        restore_backup(url, dump)


def test_restore_from_the_command_line_asks_for_yes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'backoffice.db'}"
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_DATABASE_URL", url)
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_DATA_DIR", str(tmp_path))
    with running_backoffice(url):
        pass
    made = CliRunner().invoke(cli, ["backoffice", "backup"])
    assert made.exit_code == 0, made.output
    (dump,) = (tmp_path / "backups").iterdir()
    refused = CliRunner().invoke(cli, ["backoffice", "restore", str(dump)])
    assert refused.exit_code != 0
    assert "--yes" in refused.output
    done = CliRunner().invoke(cli, ["backoffice", "restore", "--yes", str(dump)])
    assert done.exit_code == 0, done.output
    assert "sync journal ok" in done.output
