"""A customer pays in the Swish app while the controller is being killed; the controller comes
back while Swish is unreachable, then Swish answers again: the sale is recorded by the running
controller (no second restart), with its receipt. Real processes: the controller is a child
process killed with os._exit, Swish is the simulator over mTLS on a real port."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from byabutik.runtime.tls.server import ServerThread, https_config
from store_controller.checkout.models import PendingPaymentRow, SaleRow
from store_controller.checkout.verify import verify_journal
from store_controller.outbox.models import OutboxEntry
from swish_merchant.simulator.app import create_app
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.conftest import free_port
from tests.store_controller.checkout.test_pay_recovery import TIMEOUT_S, Child, crash_at

pytestmark = pytest.mark.slow


@pytest.fixture
def swish(tmp_path: Path) -> Iterator[EmbeddedSwishSimulator]:
    sim = EmbeddedSwishSimulator.start(cert_dir=tmp_path / "swish", port=free_port())
    try:
        yield sim
    finally:
        sim.stop()


def unreachable(sim: EmbeddedSwishSimulator) -> None:
    """Swish's API stops answering (its payments stay where they are)."""
    sim._server.stop()


def reachable(sim: EmbeddedSwishSimulator) -> None:
    """Swish's API answers again on the same address."""
    config = https_config(create_app(sim.simulator), host=sim.host, port=sim.port, files=sim.files)
    sim._server = ServerThread(config, name="swish-simulator")
    sim._server.start()


def read_until(process: subprocess.Popen[str], word: str) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        if line.split()[:1] == [word]:
            return
    pytest.fail(
        f"the controller ended before {word}: {process.stderr.read() if process.stderr else ''}"
    )


def test_a_payment_made_during_a_restart_with_swish_down_is_recorded_when_swish_is_back(
    tmp_path: Path, engine: Engine, swish: EmbeddedSwishSimulator
) -> None:
    files = swish.files
    child = Child(
        tmp_path / "controller.db",
        "swish",
        {
            "base_url": swish.base_url,
            "certificate": str(files.merchant_p12),
            "password": files.password,
            "ca_file": str(files.ca),
        },
    )

    def pay(sale_id: str) -> None:
        reference = sale_id.replace("-", "").upper()
        (found,) = [
            p
            for p in swish.simulator.store.payments()
            if str(p.body.get("payeePaymentReference", "")).upper() == reference
        ]
        swish.simulator.store.pay(found.id)

    sale_id = crash_at(child, "paid", pay)  # killed after Swish said PAID, before the sale
    unreachable(swish)
    controller = child.start("serve")
    try:
        read_until(controller, "CHECKED")  # the restart's check found Swish unreachable
        with Session(engine) as session:
            assert session.scalars(select(SaleRow)).all() == []
        reachable(swish)
        read_until(controller, "RECOVERED")
        assert controller.wait(timeout=TIMEOUT_S) == 0
    finally:
        if controller.poll() is None:
            controller.kill()
        controller.wait()
        for stream in (controller.stdout, controller.stderr):
            if stream is not None:
                stream.close()
    with Session(engine) as session:
        sale = session.get(SaleRow, sale_id)
        assert sale is not None
        assert sale.receipt_number == 1
        pending = session.get(PendingPaymentRow, sale_id)
        assert pending is not None
        assert pending.outcome == "paid"
        assert "sale" in session.scalars(select(OutboxEntry.kind)).all()
    assert verify_journal(engine).ok
