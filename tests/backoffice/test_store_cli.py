"""`byabutik backoffice store ...`: create, enroll-code, devices, revoke, rotate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from backoffice.cli import backoffice

CODE = re.compile(r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$", re.MULTILINE)


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_DATA_DIR", str(tmp_path))
    made = CliRunner()
    assert made.invoke(backoffice, ["migrate"]).exit_code == 0
    return made


def test_store_lifecycle(runner: CliRunner) -> None:
    created = runner.invoke(backoffice, ["store", "create", "--slug", "byn-1", "--name", "Byn"])
    assert created.exit_code == 0, created.output
    duplicate = runner.invoke(backoffice, ["store", "create", "--slug", "byn-1", "--name", "B"])
    assert duplicate.exit_code == 1
    assert "exists already" in duplicate.output

    issued = runner.invoke(backoffice, ["store", "enroll-code", "byn-1", "--ttl-hours", "2"])
    assert issued.exit_code == 0
    assert CODE.search(issued.output)
    assert "expires" in issued.output

    assert runner.invoke(backoffice, ["store", "devices", "byn-1"]).output == ""
    rotated = runner.invoke(backoffice, ["store", "rotate", "byn-1"])
    assert "0 device credential(s) of byn-1 revoked" in rotated.output
    assert CODE.search(rotated.output)
    missing = runner.invoke(backoffice, ["store", "enroll-code", "nowhere"])
    assert missing.exit_code == 1
    assert "no store" in missing.output
