"""A crash at each step of a payment, in a real subprocess, then a restart: Swish (against the
Swish simulator over mTLS) and the member account (BankID simulator). Never a double charge,
never a sale recorded that was not paid, and a paid one is recorded at the restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bankid_rp.simulator.embedded import EmbeddedSimulator
from store_controller.checkout.models import PendingPaymentRow, SaleRow
from store_controller.checkout.verify import verify_journal
from store_controller.payments.member.models import MemberLedgerRow
from store_controller.payments.member.setup import ensure_member
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.conftest import free_port
from tests.store_controller.checkout.helpers import WHEN
from tests.store_controller.payments.member import phone
from tests.waits import WAIT_S

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[3]
KEY = "test-identity-hash-key-0123456789"
MEMBER = "191212121212"  # Skatteverket test number
TIMEOUT_S = WAIT_S + 30  # past the child's own hang detector (WAIT_S), which tells where


@pytest.fixture(scope="module")
def swish(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSwishSimulator]:
    sim = EmbeddedSwishSimulator.start(cert_dir=tmp_path_factory.mktemp("swish"), port=free_port())
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture(scope="module")
def bankid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSimulator]:
    sim = EmbeddedSimulator.start(cert_dir=tmp_path_factory.mktemp("bankid"), port=free_port())
    try:
        yield sim
    finally:
        sim.stop()


class Child:
    def __init__(self, db: Path, kind: str, settings: dict[str, Any]) -> None:
        self.db, self.kind, self.settings = db, kind, json.dumps(settings)

    def start(self, step: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [
                *(sys.executable, "-m", "tests.store_controller.checkout.pay_child"),
                *(str(self.db), self.kind, step, self.settings),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )

    def recover(self) -> int:
        done = subprocess.run(
            [
                *(sys.executable, "-m", "tests.store_controller.checkout.pay_child"),
                *(str(self.db), self.kind, "recover", self.settings),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
            check=True,
        )
        return int(done.stdout.split()[-1])


def crash_at(child: Child, step: str, pay: Any) -> str:
    """Run the child to `step`, paying (with `pay(sale_id)`) unless the step is requested."""
    process = child.start(step)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().split()
        assert line[:1] == ["REQUESTED"], process.stderr.read() if process.stderr else ""
        if step != "requested":
            pay(line[1])
        code = process.wait(timeout=TIMEOUT_S)
        assert code == 9, process.stderr.read() if process.stderr else code
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    return line[1]


def outcome(engine: Engine, sale_id: str) -> tuple[int, str | None]:
    with Session(engine) as session:
        sales = len(session.scalars(select(SaleRow)).all())
        pending = session.get(PendingPaymentRow, sale_id)
        assert pending is not None
        return sales, pending.outcome


STEPS = [("requested", 0, 0, "cancelled"), ("paid", 1, 1, "paid"), ("recorded", 1, 0, "paid")]


@pytest.mark.parametrize(("step", "sales", "recovered", "settled"), STEPS)
def test_swish_crash_then_restart(
    tmp_path: Path,
    engine: Engine,
    swish: EmbeddedSwishSimulator,
    step: str,
    sales: int,
    recovered: int,
    settled: str,
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
        found = [
            p
            for p in swish.simulator.store.payments()
            if str(p.body.get("payeePaymentReference", "")).upper() == reference
        ]
        swish.simulator.store.pay(found[0].id)

    sale_id = crash_at(child, step, pay)
    assert child.recover() == recovered
    assert child.recover() == 0
    assert outcome(engine, sale_id) == (sales, settled)
    assert verify_journal(engine).ok


@pytest.mark.parametrize(("step", "sales", "recovered", "settled"), STEPS)
def test_member_account_crash_then_restart(
    tmp_path: Path,
    engine: Engine,
    bankid: EmbeddedSimulator,
    step: str,
    sales: int,
    recovered: int,
    settled: str,
) -> None:
    with Session(engine) as session:
        ensure_member(
            session,
            personal_number=MEMBER,
            name="Tolvan",
            hash_key=KEY.encode(),
            limit_ore=500_00,
            at=WHEN,
        )
        session.commit()
    files = bankid.files
    child = Child(
        tmp_path / "controller.db",
        "member",
        {
            "base_url": bankid.base_url,
            "certificate": str(files.rp_p12),
            "password": files.rp_p12_password,
            "ca_file": str(files.ca),
            "hash_key": KEY,
        },
    )

    stale = {order.ref for order in bankid.simulator.store.pending()}

    def pay(_sale_id: str) -> None:
        (order,) = [o for o in bankid.simulator.store.pending() if o.ref not in stale]
        phone.approve(bankid, order.ref, MEMBER)

    sale_id = crash_at(child, step, pay)
    assert child.recover() == recovered
    assert child.recover() == 0
    assert outcome(engine, sale_id) == (sales, settled)
    with Session(engine) as session:
        charges = [r.sale_id for r in session.scalars(select(MemberLedgerRow))]
    assert charges == ([] if step == "requested" else [sale_id])
    assert verify_journal(engine).ok
