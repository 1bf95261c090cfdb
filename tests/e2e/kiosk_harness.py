"""A whole controller for browser and bench runs: a pty scanner, the real app on a real port."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tty
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

from drivers.config import HardwareConfig, SerialScannerConfig, SimulatedThermometerConfig
from drivers.gpio.pins import close_pin_factory, make_pin_factory
from store_controller.bootstrap import build_controller, create_app
from store_controller.checkout.age import AgeProgress
from store_controller.checkout.config import CheckoutConfig, SimulatedPaymentConfig
from store_controller.checkout.service import CheckoutService
from store_controller.i18n import Text
from store_controller.runtime import StoreController
from store_controller.settings import ControllerSettings
from tests.servers import serving
from tests.store_controller.checkout.fakes import adult

QR_TEXT = Text("Skanna QR-koden med BankID-appen", "Scan the QR code with the BankID app")


class ButtonAgeVerifier:
    """Shows a QR code, then proves an adult when the test calls `approve()` (any thread)."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._approved: asyncio.Event | None = None

    async def verify(self) -> AsyncIterator[AgeProgress]:
        self._loop, self._approved = asyncio.get_running_loop(), asyncio.Event()
        yield AgeProgress(QR_TEXT, qr_data="bankid.00000000-0000-4000-8000-000000000000.0.ab")
        await self._approved.wait()
        yield adult()

    def approve(self) -> None:
        assert self._loop is not None
        assert self._approved is not None
        self._loop.call_soon_threadsafe(self._approved.set)


@dataclass
class Store:
    controller: StoreController
    checkout: CheckoutService
    base_url: str
    scanner: PtyScanner
    verifier: ButtonAgeVerifier


class PtyScanner:
    """The scanner's end of a pty; the controller's SerialScanner opens the other end."""

    def __init__(self) -> None:
        self.master, slave = os.openpty()
        tty.setraw(self.master)
        self.path = os.ttyname(slave)
        self._slave = slave  # held open so the pty stays up until the scanner opens it

    def send(self, code: str) -> None:
        os.write(self.master, code.encode() + b"\r")

    def close(self) -> None:
        os.close(self.master)
        os.close(self._slave)


def store_settings(data_dir: Path, scanner_path: str, **checkout: object) -> ControllerSettings:
    return ControllerSettings(
        mode="dev",
        store_id="e2e-store",
        store_name="Byabutiken i Testby",
        data_dir=data_dir,
        hardware=HardwareConfig(
            scanners=(SerialScannerConfig(name="kiosk", url=scanner_path, suffix="CR"),),
            thermometers=(SimulatedThermometerConfig(),),
        ),
        checkout=CheckoutConfig(
            demo_catalog=True,
            simulated_payment=SimulatedPaymentConfig(),
            **checkout,
        ),
    )


@contextlib.contextmanager
def running_store(data_dir: Path, **checkout: object) -> Iterator[Store]:
    """The controller app on a free port with a pty scanner and a button-driven age check."""
    scanner = PtyScanner()
    factory = make_pin_factory("mock")
    try:
        controller = build_controller(
            store_settings(data_dir, scanner.path, **checkout), pin_factory=factory
        )
        app = create_app(controller)
        checkout_service: CheckoutService = app.state.checkout
        verifier = ButtonAgeVerifier()
        checkout_service.age_verifier = verifier
        with serving(app) as base_url:
            yield Store(controller, checkout_service, base_url, scanner, verifier)
    finally:
        close_pin_factory(factory)
        scanner.close()
