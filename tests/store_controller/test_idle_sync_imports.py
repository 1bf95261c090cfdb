"""A store with sync configured, enrolled at a real running backoffice, that has pushed to it and
pulled from it, still does not load the ORM (`sqlalchemy.orm`): the push, the heartbeat and the
catalog, stock, member and command pulls read and write with Core statements, a catalog page
and a delivery's stock movement applied included (memory on a Pi 3, issue 23). Enrolment and
the key's rotation still use the ORM (rare)."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx

from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.stores.service import create_store
from byabutik.runtime.db import utcnow
from store_controller.sync.credential import StoredCredential, save_credential
from tests.servers import serving
from tests.store_controller.sync.harness import ADMIN, running_backoffice

STORE = "byn-sync"
MILK = "7310865071804"

# Started with sync to the backoffice at argv[2]; on a restart an unknown barcode scanned at the
# kiosk queues an outbox entry. Then a push until the outbox is empty, every pull, the commands and
# a heartbeat, each carried out here, one after the other, as the loops would (which do not run,
# so that what is asserted is what these steps did; pulls of one kind beside the loops' would now
# take turns, see test_concurrent_applies.py); what the backoffice acknowledged, and whether the
# ORM was loaded.
SYNCED = """
import sys
from fastapi.testclient import TestClient
from drivers.gpio.pins import make_pin_factory
from store_controller.bootstrap import build_controller, create_app
from store_controller.settings import BackofficeLink, ControllerSettings

data, url, restart = sys.argv[1], sys.argv[2], sys.argv[3] == "restart"
link = BackofficeLink(url=url)
settings = ControllerSettings(data_dir=data, store_id="byn-sync", backoffice=link)
controller = build_controller(settings, pin_factory=make_pin_factory("mock"))
app = create_app(controller)
sync = app.state.sync
assert sync is not None, "sync is off"


async def no_loop(*args):
    pass


sync.run_loop = no_loop
with TestClient(app) as client:
    if restart:
        assert client.post("/kiosk/scan", json={"code": "7310000099991"}).status_code == 204
        client.portal.call(app.state.checkout.writes.drain)  # the scan's row is written
    client.portal.call(sync.drain)
    for pull in (sync.pull_catalog, sync.pull_stock, sync.pull_members, sync.pull_commands):
        client.portal.call(pull)
    client.portal.call(sync.heartbeat)
    with controller.engine.connect() as connection:
        scans = "SELECT count(acked_at), count(*) FROM outbox WHERE kind = 'unknown_barcode'"
        print("scans acked, queued", *connection.exec_driver_sql(scans).one())
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

        run("first")  # migrates (what it loads is not asserted)
        publish_and_deliver(url)  # the restart's pulls apply a catalog page and a movement
        restarted = run("restart")
    assert restarted[:5] == ["scans", "acked,", "queued", "1", "1"], restarted  # pushed, held
    assert restarted[5:] == []
    with contextlib.closing(sqlite3.connect(data / "controller.db")) as db:
        held = db.execute(
            "SELECT p.sku, s.quantity FROM products p JOIN stock_levels s ON s.product_id = p.id"
        ).fetchall()
    assert held == [("mjolk", 12)]  # the page and the delivery were applied


def publish_and_deliver(url: str) -> None:
    """A product published to every store, and a delivery of 12 of it booked for this one."""
    with httpx.Client(base_url=url, headers=ADMIN, timeout=30) as admin:
        product = {"sku": "mjolk", "name": "Mjölk", "price_ore": 1500, "vat_class": "food"}
        answer = admin.put("/api/admin/products/mjolk", json=product | {"gtins": [MILK]})
        assert answer.status_code == 200, answer.text
        stock = f"/api/admin/stores/{STORE}/stock/deliveries"
        delivery = admin.post(stock, json={"supplier": "Dagab", "note_number": "FS-1"}).json()
        line = {"code": MILK, "quantity": 12}
        for path, body in ((f"/{delivery['id']}/lines", line), (f"/{delivery['id']}/commit", {})):
            answer = admin.post(stock + path, json=body)
            assert answer.status_code in (200, 201), answer.text
