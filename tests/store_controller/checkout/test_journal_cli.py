"""`byabutik controller journal verify` and `z-report` on a real database, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session, sessionmaker

from byabutik.cli import cli
from store_controller.checkout import seed
from store_controller.checkout.models import JournalEntryRow
from tests.store_controller.checkout.helpers import scanned, sell


@pytest.fixture
def config(tmp_path: Path, engine: Engine) -> Path:
    path = tmp_path / "controller.toml"
    path.write_text(f'data_dir = "{tmp_path}"\n')  # the engine fixture's controller.db
    return path


def test_verify_passes_then_fails_precisely(config: Path, sessions: sessionmaker[Session]) -> None:
    sell(sessions, scanned(sessions, seed.MJOLK))
    sell(sessions, scanned(sessions, seed.KAFFE))
    ok = CliRunner().invoke(cli, ["controller", "journal", "verify", "--config", str(config)])
    assert ok.exit_code == 0, ok.output
    assert "journal ok: 2 entries, 2 sales" in ok.output
    with sessions.begin() as session:
        session.execute(
            update(JournalEntryRow).where(JournalEntryRow.seq == 1).values(register_id="kassa-9")
        )
        session.execute(
            update(JournalEntryRow)
            .where(JournalEntryRow.seq == 2)
            .values(body=JournalEntryRow.body + " ")
        )
    broken = CliRunner().invoke(cli, ["controller", "journal", "verify", "--config", str(config)])
    assert broken.exit_code == 1
    assert "BROKEN: journal entry 1: register or receipt column differs from its content" in (
        broken.output
    )
    assert "BROKEN: journal entry 2: hash does not match its content (altered)" in broken.output


def test_z_report_prints_the_open_day(config: Path, sessions: sessionmaker[Session]) -> None:
    sell(sessions, scanned(sessions, seed.TIDNING))
    result = CliRunner().invoke(cli, ["controller", "journal", "z-report", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert '"receipt_count": 1' in result.output
    assert '"gross_ore": 3500' in result.output
