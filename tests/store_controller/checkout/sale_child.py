"""A checkout selling in a loop until killed: the subject of the kill -9 test.

    python -m tests.store_controller.checkout.sale_child DB_PATH SEED

Prints READY once running, then "PAID <sale id> <receipt number>" each time the kiosk document
says paid (flushed at once), which is what a customer would have seen.
"""

from __future__ import annotations

import asyncio
import random
import sys
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from byabutik.runtime.db import make_engine
from drivers.events import BarcodeScanned
from drivers.symbology import Symbology
from store_controller.checkout import seed
from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.recovery import recover_payments
from store_controller.checkout.service import CheckoutService
from store_controller.checkout.view import kiosk_document
from store_controller.core.clock import SystemClock
from store_controller.payments.simulated import SimulatedPaymentProvider

CODES = (
    seed.MJOLK,
    seed.LASK,
    seed.KAFFE,
    seed.TIDNING,
    seed.BATTERIER,
    seed.weight_label(seed.OST_ARTICLE, 321),
    seed.price_label(seed.BULLAR_ARTICLE, 2500),
)


def announce(service: CheckoutService, said: set[str]) -> None:
    doc: dict[str, Any] = kiosk_document(service)
    receipt = doc["receipt"]
    if doc["phase"] == "paid" and receipt and receipt["sale_id"] not in said:
        said.add(receipt["sale_id"])
        print(f"PAID {receipt['sale_id']} {receipt['number']}", flush=True)


async def sell_forever(sessions: sessionmaker[Session], rng: random.Random) -> None:
    said: set[str] = set()
    clock = SystemClock()
    service = CheckoutService(
        store_id="kill-store",
        config=CheckoutConfig(),
        sessions=sessions,
        clock=clock,
        payments=SimulatedPaymentProvider(auto_approve_after_s=0),
        age_verifier=None,
        publish=lambda s: announce(s, said),
    )
    await recover_payments(service)  # the payment the last kill interrupted: settled
    print("READY", flush=True)
    while True:
        for code in rng.choices(CODES, k=rng.randint(1, 4)):
            service.on_barcode(BarcodeScanned(code, Symbology.UNKNOWN, "kiosk", 0.0))
        await service.pay()
        while service.payment is not None:
            await service.tick()


def main() -> None:
    path, seed_value = sys.argv[1], int(sys.argv[2])
    engine = make_engine(f"sqlite:///{path}")  # migrated and seeded by the test
    asyncio.run(
        sell_forever(sessionmaker(engine, expire_on_commit=False), random.Random(seed_value))
    )


if __name__ == "__main__":
    main()
