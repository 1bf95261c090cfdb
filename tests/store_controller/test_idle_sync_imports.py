"""A store with sync configured, enrolled at a real running backoffice, that has pushed to it and
pulled from it, still does not load the ORM (`sqlalchemy.orm`): the push, the heartbeat and the
catalog, stock, member and command pulls that find nothing new read and write with Core
statements (memory on a Pi 3, issue 23). A catalog page or stock movements that arrive are
applied on the ORM still (`CheckoutCatalog.apply`, `BookStock.apply`), as are enrolment and
the key's rotation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.stores.service import create_store
from byabutik.runtime.db import utcnow
from store_controller.sync.credential import StoredCredential, save_credential
from tests.servers import serving
from tests.store_controller.sync.harness import running_backoffice

STORE = "byn-sync"

# Started with sync to the backoffice at argv[2]; on a restart an unknown barcode scanned at the
# kiosk queues an outbox entry. Then a push until the outbox is empty, every pull, the commands and
# a heartbeat, each carried out now (the loops run too); what the backoffice acknowledged, and
# whether the ORM was loaded.
SYNCED = """
import sys
from fastapi.testclient import TestClient
from drivers.gpio.pins import make_pin_factory
from store_controller.bootstrap import build_controller, create_app
from store_controller.settings import BackofficeLink, ControllerSettings
from store_controller.sync import outbox

data, url, restart = sys.argv[1], sys.argv[2], sys.argv[3] == "restart"
link = BackofficeLink(url=url)
settings = ControllerSettings(data_dir=data, store_id="byn-sync", backoffice=link)
controller = build_controller(settings, pin_factory=make_pin_factory("mock"))
app = create_app(controller)
with TestClient(app) as client:
    sync = app.state.sync
    assert sync is not None, "sync is off"
    if restart:
        assert client.post("/kiosk/scan", json={"code": "7310000099991"}).status_code == 204
        client.portal.call(app.state.checkout.writes.drain)  # the scan's row is written
    client.portal.call(sync.drain)
    for pull in (sync.pull_catalog, sync.pull_stock, sync.pull_members, sync.pull_commands):
        client.portal.call(pull)
    client.portal.call(sync.heartbeat)
    held = outbox.highest_seq(controller.sessions), outbox.backlog(controller.sessions)
print("held", *held)
print(*(m for m in sys.modules if m == "sqlalchemy.orm"))
"""


def test_a_store_that_pushed_and_pulled_loads_no_orm(tmp_path: Path) -> None:
    data = tmp_path / "controller"
    with (
        running_backoffice(f"sqlite:///{tmp_path / 'bo.db'}") as backoffice,
        serving(backoffice.app) as url,
    ):
        with backoffice.sessions.begin() as session:  # what `controller enroll` does
            store = create_store(session=session, slug=STORE, name="Byn")
            code = issue_enrollment_code(session=session, store=store, now=utcnow()).code
            device = redeem_enrollment_code(
                session=session, code=code, software_version="0.1.0", now=utcnow()
            )
        save_credential(data, StoredCredential(url, STORE, device.device_id, device.token))

        def run(mode: str) -> list[str]:
            command = [sys.executable, "-c", SYNCED, str(data), url, mode]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            assert done.returncode == 0, done.stderr[-2000:]
            return done.stdout.split()

        first = run("first")  # migrates (what it loads is not asserted)
        restarted = run("restart")
    assert first[0] == "held"
    assert first[2] == "0", first  # all it queued is held by the backoffice
    assert restarted[:1] == ["held"]
    assert int(restarted[1]) > int(first[1]), restarted  # the scan was queued ...
    assert restarted[2] == "0", restarted  # ... and pushed: the backoffice holds it
    assert restarted[3:] == []
