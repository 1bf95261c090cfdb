"""The deployment files are valid: systemd accepts the units and they run real commands."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest

from byabutik.cli import cli
from tests.conftest import missing_component

DEPLOY = Path(__file__).parents[1] / "deploy"
UNITS = sorted(
    path
    for path in (DEPLOY / "systemd").iterdir()
    if path.suffix in {".service", ".timer", ".target"}
)


def exec_lines(unit: Path) -> list[list[str]]:
    return [
        shlex.split(line.partition("=")[2].lstrip("-+!"))
        for line in unit.read_text().splitlines()
        if line.startswith(("ExecStart=", "ExecStartPre=", "ExecStopPost="))
    ]


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_systemd_accepts_the_unit(unit: Path, tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        missing_component("systemd-analyze (package systemd)")
        return
    # verify needs the binaries to exist; point them at a stand-in in a copy of the unit.
    stand_in = tmp_path / "byabutik"
    stand_in.write_text("#!/bin/sh\n")
    stand_in.chmod(0o755)
    text = unit.read_text()
    for argv in exec_lines(unit):
        if not Path(argv[0]).exists():  # the venv's byabutik, cage: not on this machine
            text = text.replace(argv[0] + " ", str(stand_in) + " ")
    for other in UNITS:  # a timer verifies with the service it starts beside it
        if other != unit:
            (tmp_path / other.name).write_text(other.read_text())
    # a template is verified as one of its instances
    copy = tmp_path / unit.name.replace("@.", "@8001.")
    copy.write_text(text)
    result = subprocess.run(
        [analyze, "verify", str(copy)], capture_output=True, text=True, check=False, timeout=60
    )
    # verify exits 0 on many warnings: its output must be clean of lines about our unit.
    about_us = [line for line in result.stderr.splitlines() if copy.name in line]
    assert result.returncode == 0
    assert about_us == []


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_the_unit_runs_commands_that_exist(unit: Path) -> None:
    for argv in exec_lines(unit):
        if not argv[0].endswith("/byabutik"):
            continue
        command: click.Command | None = cli
        context = click.Context(cli)
        for word in argv[1:]:
            if word.startswith("-"):
                break
            assert isinstance(command, click.Group), f"{word} under a plain command"
            command = command.get_command(context, word)
            assert command is not None, f"{unit.name}: no command {word!r}"
