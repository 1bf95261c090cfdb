"""`byabutik controller enroll` against a served backoffice."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from backoffice.devices.service import issue_enrollment_code
from backoffice.stores.service import create_store
from byabutik.runtime.db import utcnow
from store_controller.cli import controller
from store_controller.sync.credential import credential_path, load_credential
from tests.servers import serving
from tests.store_controller.sync.harness import running_backoffice


def test_enroll_writes_the_credential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "controller"
    monkeypatch.setenv("BYABUTIK_CONTROLLER_DATA_DIR", str(data))
    with (
        running_backoffice(f"sqlite:///{tmp_path / 'bo.db'}") as backoffice,
        serving(backoffice.app) as url,
    ):
        with backoffice.sessions.begin() as session:
            store = create_store(session=session, slug="byn-1", name="Byn")
            code = issue_enrollment_code(session=session, store=store, now=utcnow()).code
        runner = CliRunner()
        args = ["enroll", "--backoffice", url, "--code", code.lower()]
        done = runner.invoke(controller, args)
        assert done.exit_code == 0, done.output
        assert "enrolled as store byn-1, device 1" in done.output
        assert f'set [backoffice] url = "{url}"' in done.output
        assert 'the config says store_id = "dev-store"' in done.output
        again = runner.invoke(controller, args)
    assert again.exit_code == 1
    assert "enrollment failed" in again.output
    credential = load_credential(data)
    assert credential is not None
    assert credential.store_id == "byn-1"
    assert credential_path(data).stat().st_mode & 0o777 == 0o600
