"""The `byabutik` command lists only commands that exist, and each of them answers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import text

from backoffice.db import MIGRATIONS
from byabutik.cli import COMMANDS, cli
from byabutik.runtime.db import make_engine


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "byabutik", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def test_help_lists_every_registered_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_listed_command_loads_and_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_every_subcommand_of_every_group_has_help() -> None:
    runner = CliRunner()
    context = click.Context(cli)
    for name in COMMANDS:
        group = cli.get_command(context, name)
        assert isinstance(group, click.Command)
        subcommands = group.list_commands(context) if isinstance(group, click.Group) else []
        for sub in subcommands:
            result = runner.invoke(cli, [name, sub, "--help"])
            assert result.exit_code == 0, f"{name} {sub}: {result.output}"


def test_an_unknown_command_fails() -> None:
    assert CliRunner().invoke(cli, ["frobnicate"]).exit_code != 0


def test_invalid_settings_exit_2_and_name_the_key(tmp_path: Path) -> None:
    config = tmp_path / "controller.toml"
    config.write_text("[http]\nport = 0\n")
    result = run("controller", "run", "--config", str(config))
    assert result.returncode == 2
    assert "http.port" in result.stderr
    assert "Traceback" not in result.stderr


def test_backoffice_migrate_creates_the_database(tmp_path: Path) -> None:
    env = {"BYABUTIK_BACKOFFICE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = run("backoffice", "migrate", env=env)
    assert result.returncode == 0, result.stderr
    engine = make_engine(f"sqlite:///{tmp_path / 'backoffice.db'}")
    try:
        assert MIGRATIONS.at_head(engine)
    finally:
        engine.dispose()
    assert "backoffice database at" in result.stdout


def test_a_command_exit_code_reaches_the_shell(tmp_path: Path) -> None:
    """`doctor` exits 1 when a configured device fails; the shell must see that 1."""
    config = tmp_path / "controller.toml"
    config.write_text(
        '[hardware]\nsimulated = false\npin_factory = "mock"\n'
        '[[hardware.scanners]]\nkind = "serial"\nname = "kiosk"\n'
        f'url = "{tmp_path / "no-such-tty"}"\n'
    )
    result = run("controller", "doctor", "--config", str(config))
    assert result.returncode == 1, result.stdout + result.stderr


def test_a_successful_command_exits_0(tmp_path: Path) -> None:
    config = tmp_path / "controller.toml"
    config.write_text("")
    assert run("controller", "doctor", "--config", str(config)).returncode == 0


def test_backoffice_migrate_rolls_back_and_a_newer_database_is_refused(tmp_path: Path) -> None:
    env = {"BYABUTIK_BACKOFFICE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    assert run("backoffice", "migrate", env=env).returncode == 0
    down = run("backoffice", "migrate", "--revision", "0001", env=env)
    assert down.returncode == 0, down.stderr
    assert "at 0001 (downgraded)" in down.stdout

    engine = make_engine(f"sqlite:///{tmp_path / 'backoffice.db'}")
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9001'"))
    finally:
        engine.dispose()
    refused = run("backoffice", "migrate", env=env)
    assert refused.returncode == 2
    assert "a newer version has upgraded it" in refused.stderr
    assert "byabutik backoffice migrate --revision" in refused.stderr
