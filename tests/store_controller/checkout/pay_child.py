"""A checkout that crashes (os._exit) at a chosen step of one payment: the subject of the
payment recovery tests.

    python -m tests.store_controller.checkout.pay_child DB KIND STEP SETTINGS_JSON

KIND is swish or member; STEP is requested (exit right after the provider was asked), paid
(exit when the provider says PAID, before the sale is recorded), recorded (exit right after
the sale was recorded), recover (run the start-up recovery, print RECOVERED n, exit 0) or serve
(run the controller's continuous recovery: print CHECKED after the first check, RECOVERED 1 once
a sale was recorded, then exit 0).
Prints "REQUESTED <sale id>" once the provider was asked.
"""

from __future__ import annotations

import asyncio
import faulthandler
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from bankid_rp.client import BankIdClient
from bankid_rp.config import BankIdConfig
from byabutik.runtime.db import make_engine
from store_controller.checkout import seed
from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.recovery import PaymentRecovery, recover_payments
from store_controller.checkout.service import CheckoutService
from store_controller.core.clock import SystemClock
from store_controller.payments.member.provider import MemberAccountProvider
from store_controller.payments.port import PaymentProvider, PaymentState
from store_controller.payments.swish.provider import SwishPaymentProvider
from swish_merchant.config import SwishConfig
from tests.waits import WAIT_S

CRASH = 9
TICK_S = 0.05


class CrashingCheckout(CheckoutService):
    step = ""

    async def _complete(self, state: PaymentState) -> None:
        if self.step == "paid":
            os._exit(CRASH)
        await super()._complete(state)
        if self.step == "recorded":
            os._exit(CRASH)


def provider(kind: str, settings: dict[str, Any], sessions: sessionmaker[Session]) -> Any:
    if kind == "swish":
        config = SwishConfig(
            environment="simulator",
            base_url=settings["base_url"],
            certificate=Path(settings["certificate"]),
            certificate_password=SecretStr(settings["password"]),
            ca_file=Path(settings["ca_file"]),
            poll_interval=0.2,
            poll_max_interval=0.5,
        )
        return SwishPaymentProvider.from_config(config)
    bankid = BankIdConfig(
        environment="simulator",
        base_url=settings["base_url"],
        certificate=Path(settings["certificate"]),
        certificate_password=SecretStr(settings["password"]),
        ca_file=Path(settings["ca_file"]),
    )
    return MemberAccountProvider(
        client_factory=lambda: BankIdClient.from_config(bankid),
        sessions=sessions,
        hash_key=settings["hash_key"].encode(),
        store_name="Byabutiken i Testby",
        clock=SystemClock(),
        collect_interval=1.0,
    )


def ended_unpaid(service: CheckoutService) -> bool:
    return service.payment is None and service.receipt is None


async def run(sessions: sessionmaker[Session], payments: PaymentProvider, step: str) -> None:
    service = CrashingCheckout(
        store_id="crash-store",
        config=CheckoutConfig(payment_recovery_max_interval_s=1.0),
        sessions=sessions,
        clock=SystemClock(),
        payments=payments,
        age_verifier=None,
        publish=lambda _s: None,
    )
    service.step = step
    if step == "recover":
        print(f"RECOVERED {await recover_payments(service)}", flush=True)
        return
    if step == "serve":
        await serve(service)
        return
    await service.scan(seed.MJOLK)
    await service.scan(seed.LASK)
    await service.pay()
    assert service.payment is not None
    print(f"REQUESTED {service.payment.reference}", flush=True)
    if step == "requested":
        os._exit(CRASH)
    while service.receipt is None:
        await asyncio.sleep(TICK_S)
        await service.tick()
        if ended_unpaid(service):
            print(f"UNPAID {service.notice}", file=sys.stderr, flush=True)
            os._exit(3)


async def serve(service: CheckoutService) -> None:
    """What the controller's ticker does about unsettled payments, until one is recorded."""
    recovery = PaymentRecovery(service)
    recorded = await recovery.run_due()
    print("CHECKED", flush=True)
    while not recorded:
        await asyncio.sleep(TICK_S)
        recorded = await recovery.run_due()
    print(f"RECOVERED {recorded}", flush=True)


async def main_async() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    faulthandler.dump_traceback_later(WAIT_S, exit=True)  # a hang shows where, in the test's output
    db, kind, step, settings_json = sys.argv[1:5]
    engine = make_engine(f"sqlite:///{db}")
    sessions = sessionmaker(engine, expire_on_commit=False)
    payments = provider(kind, json.loads(settings_json), sessions)
    try:
        await run(sessions, payments, step)
    finally:
        await payments.aclose()
        engine.dispose()


if __name__ == "__main__":
    asyncio.run(main_async())
