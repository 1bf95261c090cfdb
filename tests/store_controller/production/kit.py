"""A production controller's settings that pass every refusal, and variations of them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bankid_rp.config import BankIdConfig
from drivers.config import HardwareConfig
from drivers.gpio.pins import close_pin_factory, make_pin_factory
from store_controller.bootstrap import build_controller, create_app
from store_controller.checkout.config import CheckoutConfig
from store_controller.customers.identity_key import KEY_FILE_NAME, create_key_file
from store_controller.runtime import StoreController
from store_controller.settings import ControllerSettings
from swish_merchant.config import SwishConfig


def production_settings(
    data_dir: Path, *, key_file: bool = True, **overrides: Any
) -> ControllerSettings:
    """Real BankID and Swish (certificates are read at first use only), real pins (the test
    passes gpiozero's MockFactory in), and a key file in data_dir unless `key_file` is False."""
    if key_file and not (data_dir / KEY_FILE_NAME).exists():
        create_key_file(data_dir / KEY_FILE_NAME)
    values: dict[str, Any] = {
        "mode": "production",
        "store_id": "byn-1",
        "data_dir": data_dir,
        "hardware": HardwareConfig(
            simulated=False, pin_factory="lgpio", scanners=(), thermometers=()
        ),
        "bankid": BankIdConfig(environment="production", certificate=data_dir / "rp.p12"),
        "swish": SwishConfig(
            environment="production",
            certificate=data_dir / "merchant.p12",
            ca_file=data_dir / "swish-root.pem",
            callback_url="https://backoffice.example.se/api/swish/callback",
        ),
        "checkout": CheckoutConfig(payment_provider="swish"),
    }
    values.update(overrides)
    return ControllerSettings(**values)


def inline_key(key: str) -> dict[str, Any]:
    return {"secrets": {"identity_hash_key": SecretStr(key)}}


@contextmanager
def built(settings: ControllerSettings) -> Iterator[StoreController]:
    """The controller built on mock pins (whatever the settings name), closed afterwards."""
    factory = make_pin_factory("mock")
    controller = build_controller(settings, pin_factory=factory)
    try:
        yield controller
    finally:
        controller.devices.close()
        controller.engine.dispose()
        close_pin_factory(factory)


__all__ = ["built", "create_app", "inline_key", "production_settings"]
