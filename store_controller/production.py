"""What production mode refuses to start with: anything simulated, and the identity key kept
anywhere but a private file. Each refusal names the setting and says what to put there.

Production (`mode = "production"`) is a real store: real money, real identities, a real lock.
A simulated payment provider takes no money; BankID's simulator or test service let anyone be
anyone (test BankIDs are made for any number); mock pins drive no lock. A test installation
runs in `mode = "dev"`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from byabutik.runtime.settings import SettingsError, env_name
from byabutik.runtime.web import route_paths
from store_controller.customers.identity_key import key_problems
from store_controller.settings import ENV_PREFIX, ControllerSettings


def _named(*loc: str) -> str:
    return f"{'.'.join(loc)} (env {env_name(ENV_PREFIX, loc)})"


def simulation_problems(settings: ControllerSettings) -> list[str]:
    """The simulated parts a production store must not run with."""
    problems = []
    if settings.checkout.payment_provider == "simulated":
        problems.append(
            f'{_named("checkout", "payment_provider")}: "simulated" takes no money; set '
            f'"swish" and configure [swish] with environment = "production"'
        )
    if settings.swish.environment != "production":
        problems.append(
            f'{_named("swish", "environment")}: "{settings.swish.environment}" moves no money; '
            f'set "production" with certificate, ca_file and callback_url (see README.md, '
            f'"Swish: from the simulator to production")'
        )
    if settings.bankid.environment != "production":
        problems.append(
            f'{_named("bankid", "environment")}: "{settings.bankid.environment}" lets anyone '
            f'log in as anyone; set "production" with the RP certificate from your bank'
        )
    hardware = settings.hardware
    if hardware.simulated:
        problems.append(
            f"{_named('hardware', 'simulated')}: true drives no real lock, contact or button; "
            f"set false and describe the store's devices (deploy/controller.example.toml)"
        )
    if hardware.pin_factory == "mock":
        problems.append(
            f'{_named("hardware", "pin_factory")}: "mock" pins drive no lock; set "lgpio" on '
            f'a Raspberry Pi 5 (or "default" to let gpiozero choose)'
        )
    for scanner in hardware.scanners:
        if scanner.kind == "simulated":
            problems.append(
                f'hardware.scanners (name "{scanner.name}"): kind "simulated" reads no real '
                f'barcodes; set "serial", "hid" or "camera"'
            )
    for thermometer in hardware.thermometers:
        if thermometer.kind == "simulated":
            problems.append(
                f'hardware.thermometers (name "{thermometer.name}"): kind "simulated" measures '
                f'nothing; set "ds18b20" with its sensor_id, or remove it'
            )
    if settings.checkout.demo_catalog:
        problems.append(
            f"{_named('checkout', 'demo_catalog')}: true fills an empty catalog with the "
            f"demo's products and prices; set false (the catalog comes from the backoffice)"
        )
    return problems


def production_problems(
    settings: ControllerSettings, *, config_file: Path | None = None
) -> list[str]:
    """Every reason this configuration cannot run a real store (none outside production mode,
    except a key that cannot be used in any mode)."""
    problems = simulation_problems(settings) if settings.mode == "production" else []
    return problems + key_problems(settings, config_file=config_file)


def simulation_routes(app: FastAPI, *, build: bool = True) -> list[str]:
    """Routes that exist only to play a simulated world: /sim pages and "simulate" endpoints
    (with `build` false, not those of routers built on their first request)."""
    paths = route_paths(app, build=build)
    return [p for p in paths if p == "/sim" or p.startswith("/sim/") or "/simulate" in p]


def check_no_simulation_routes(app: FastAPI, settings: ControllerSettings) -> None:
    """A production app mounts no simulation route at all (a wiring mistake, caught at start).

    The kiosk's and receipts' routes are built on their first request (`install_checkout`) and
    not checked here, which would build them: their dev shortcuts are included in dev mode only,
    and a test checks a production app's routes built."""
    if settings.mode == "production" and (mounted := simulation_routes(app, build=False)):
        raise RuntimeError(f"production mode must not mount simulation routes: {mounted}")


def refuse_unfit(settings: ControllerSettings, *, config_file: Path | None = None) -> None:
    """Refuse to start (SettingsError, naming every problem at once)."""
    if problems := production_problems(settings, config_file=config_file):
        raise SettingsError(problems)
