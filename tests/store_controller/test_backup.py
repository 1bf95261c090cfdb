"""Backups, restores and rolled-back upgrades of the store's database lose no sale."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from byabutik.cli import cli
from byabutik.runtime.backup import BackupError
from byabutik.runtime.db import DatabaseNewerThanCode, make_engine
from store_controller.backup import make_backup, restore_backup
from store_controller.bootstrap import open_database
from store_controller.checkout import seed
from store_controller.checkout.models import JournalEntryRow, SaleRow
from store_controller.checkout.verify import verify_journal
from store_controller.db import MIGRATIONS
from store_controller.outbox.models import OutboxEntry
from store_controller.settings import ControllerSettings
from tests.db_templates import migrate
from tests.store_controller.checkout.helpers import scanned, sell

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> ControllerSettings:
    return ControllerSettings(data_dir=tmp_path / "data")


@pytest.fixture
def engine(settings: ControllerSettings) -> Iterator[Engine]:
    engine = make_engine(settings.effective_database_url)
    migrate(engine, MIGRATIONS)
    with Session(engine) as session:
        seed.seed_demo_catalog(session)
        session.commit()
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def sales(sessions: sessionmaker[Session], count: int) -> None:
    for _ in range(count):
        sell(sessions, scanned(sessions, seed.MJOLK, seed.LASK))


def counted(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        return (
            session.scalar(select(func.count()).select_from(SaleRow)) or 0,
            session.scalar(select(func.count()).select_from(OutboxEntry)) or 0,
        )


def test_a_backup_is_a_private_verified_copy_rotated_and_copied_to_usb(
    settings: ControllerSettings, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    sales(sessions, 2)
    usb = tmp_path / "usb"
    usb.mkdir()
    made = [
        make_backup(settings, now=NOW + timedelta(hours=hour), keep=2, copy_to=usb)
        for hour in range(3)
    ]
    assert made[-1].report.ok
    assert made[-1].report.sales == 2
    kept = sorted(p.name for p in (settings.data_dir / "backups").iterdir())
    assert kept == [made[1].path.name, made[2].path.name]
    assert made[2].removed == [made[0].path]
    assert sorted(p.name for p in usb.iterdir()) == kept
    assert stat.S_IMODE(made[2].path.stat().st_mode) == 0o600


def test_a_backup_of_a_broken_journal_is_refused_and_not_kept(
    settings: ControllerSettings, sessions: sessionmaker[Session], engine: Engine
) -> None:
    sales(sessions, 2)
    with engine.begin() as connection:
        connection.execute(
            update(JournalEntryRow).where(JournalEntryRow.seq == 1).values(body="{}")
        )
    with pytest.raises(BackupError, match="journal is broken"):
        make_backup(settings, now=NOW)
    assert list((settings.data_dir / "backups").glob("controller-*")) == []


def test_restore_puts_the_backup_back_and_verifies_the_journal(
    settings: ControllerSettings, sessions: sessionmaker[Session], engine: Engine, tmp_path: Path
) -> None:
    sales(sessions, 2)
    backup = make_backup(settings, now=NOW).path
    sales(sessions, 1)  # a sale after the backup
    engine.dispose()  # the controller is stopped for a restore

    with pytest.raises(BackupError, match="newer than"):
        restore_backup(settings, backup, now=NOW)
    assert counted(engine)[0] == 3  # refused: nothing changed

    result = restore_backup(settings, backup, now=NOW, force=True)
    assert result.report.ok
    assert (result.report.sales, counted(engine)[0]) == (2, 2)
    # the database it replaced, with the third sale, is kept
    assert result.kept_as is not None
    kept = make_engine(f"sqlite:///{result.kept_as}")
    assert counted(kept)[0] == 3
    kept.dispose()


def test_restore_from_the_command_line_onto_a_new_pi(
    settings: ControllerSettings, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    sales(sessions, 2)
    backup = make_backup(settings, now=NOW).path
    config = tmp_path / "new-pi.toml"
    config.write_text(f'data_dir = "{tmp_path / "new-pi"}"\n')
    result = CliRunner().invoke(
        cli, ["controller", "restore", "--config", str(config), str(backup)]
    )
    assert result.exit_code == 0, result.output
    assert "journal ok" in result.output
    assert "2 sales" in result.output
    restored = make_engine(f"sqlite:///{tmp_path / 'new-pi' / 'controller.db'}")
    assert verify_journal(restored).ok
    restored.dispose()


def test_a_tampered_backup_is_refused_and_the_database_kept(
    settings: ControllerSettings, sessions: sessionmaker[Session], engine: Engine, tmp_path: Path
) -> None:
    sales(sessions, 2)
    backup = make_backup(settings, now=NOW).path
    altered = make_engine(f"sqlite:///{backup}")
    with altered.begin() as connection:
        connection.execute(text("UPDATE journal_entries SET body = '{}' WHERE seq = 2"))
    altered.dispose()
    with pytest.raises(BackupError, match="broken, nothing was restored"):
        restore_backup(settings, backup, now=NOW, force=True)
    assert verify_journal(engine).ok
    assert counted(engine)[0] == 2


def previous_head() -> str:
    """The newest revision of the version before this one (this head's parent)."""
    script = ScriptDirectory.from_config(MIGRATIONS.config())
    (head,) = MIGRATIONS.heads()
    down = script.get_revision(head).down_revision
    assert isinstance(down, str)
    return down


def test_an_upgrade_rolled_back_loses_no_sale_or_outbox_row(
    sessions: sessionmaker[Session], engine: Engine
) -> None:
    sales(sessions, 3)  # made on the new version, still in the outbox (never synced)
    before = counted(engine)
    assert before[1] > 0

    assert MIGRATIONS.migrate(engine, previous_head()) == "downgraded"
    assert MIGRATIONS.current(engine) == {previous_head()}
    assert counted(engine) == before
    # the older version starts on it and upgrades again later
    assert MIGRATIONS.migrate(engine) == "upgraded"
    assert counted(engine) == before
    assert verify_journal(engine).ok


def test_a_database_from_a_newer_version_is_refused_naming_the_fix(
    settings: ControllerSettings, engine: Engine
) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9001'"))
    with pytest.raises(DatabaseNewerThanCode) as refused:
        open_database(settings)
    (head,) = MIGRATIONS.heads()
    assert "revision 9001" in str(refused.value)
    assert f"byabutik controller migrate --revision {head}" in str(refused.value)
