"""`byabutik demo`: the whole system on one machine, hardware and outside services simulated.

Each part runs as its own process, started with the same command a real installation uses, so the
demo exercises the production code paths. Ctrl-C (or SIGTERM) stops them all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TypeVar

import click
import httpx

from backoffice.db import MIGRATIONS as BACKOFFICE_MIGRATIONS
from byabutik.runtime.db import make_engine

STARTUP_TIMEOUT_S = 60.0
FC = TypeVar("FC", bound=Callable[..., object])
STOP_TIMEOUT_S = 10.0

CONTROLLER_CONFIG = """\
# Written by `byabutik demo`; see deploy/controller.example.toml for every setting.
mode = "dev"
store_id = "demo"
store_name = "Byabutiken i Demoby"
data_dir = "{data_dir}"

[http]
host = "{host}"
port = {ports.controller}

[backoffice]
url = "http://{host}:{ports.backoffice}"

[hardware]
simulated = true
pin_factory = "mock"

[[hardware.scanners]]
kind = "serial"
name = "kiosk"
url = "socket://{host}:{ports.scanner_tcp}"

[checkout]
demo_catalog = true
payment_provider = "swish"
member_account = true

[swish]
environment = "simulator"
base_url = "https://{host}:{ports.swish}/swish-cpcapi/api/"
certificate = "{swish_dir}/merchant.p12"
certificate_password = "swish"
ca_file = "{swish_dir}/ca.pem"
callback_url = "http://{host}:{ports.backoffice}/api/swish/callback"

[bankid]
environment = "simulator"
base_url = "https://{host}:{ports.bankid}/rp/v6.0/"
certificate = "{bankid_dir}/rp.p12"
certificate_password = "qwerty123"
ca_file = "{bankid_dir}/ca.pem"
"""


@dataclass(frozen=True)
class Ports:
    backoffice: int = 8000
    controller: int = 8080
    bankid: int = 8444
    bankid_phone: int = 8445
    scanner_tcp: int = 7001
    scanner_http: int = 8091
    swish: int = 8446
    swish_phone: int = 8447


DEMO_MEMBER = ("191212121212", "Tolvan Tolvansson")
"""The BankID simulator's first test identity (Skatteverket's test number), a member at start."""
DEMO_MEMBER_LIMIT_ORE = 500_00
DEMO_IDENTITY_HASH_KEY = b"change-me-identity-hash-dev-key"
"""The controller's dev default (the demo's TOML sets no [secrets])."""


def _make_demo_member(controller_dir: Path) -> None:
    from datetime import UTC, datetime

    from sqlalchemy.orm import sessionmaker

    from store_controller.db import MIGRATIONS as CONTROLLER_MIGRATIONS
    from store_controller.payments.member.setup import ensure_member

    controller_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{controller_dir / 'controller.db'}")
    try:
        CONTROLLER_MIGRATIONS.upgrade(engine)
        with sessionmaker(engine).begin() as session:
            ensure_member(
                session,
                personal_number=DEMO_MEMBER[0],
                name=DEMO_MEMBER[1],
                hash_key=DEMO_IDENTITY_HASH_KEY,
                limit_ore=DEMO_MEMBER_LIMIT_ORE,
                at=datetime.now(UTC),
            )
    finally:
        engine.dispose()


@dataclass
class Part:
    name: str
    argv: list[str]
    health_url: str
    url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            self.argv,
            env={**os.environ, **self.env},
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - the demo starts no threads
        )

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if the demo itself dies, even by SIGKILL."""
    if sys.platform == "linux":
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _byabutik(*args: str) -> list[str]:
    return [sys.executable, "-m", "byabutik", *args]


def _wait_healthy(parts: list[Part], deadline: float) -> None:
    with httpx.Client(timeout=2.0) as client:
        for part in parts:
            while True:
                if (code := part.exited()) is not None:
                    raise click.ClickException(f"{part.name} exited during start-up (code {code})")
                try:
                    if client.get(part.health_url).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise click.ClickException(f"{part.name} did not become healthy in time")
                time.sleep(0.2)


def _stop(parts: list[Part]) -> None:
    for part in parts:
        if part.process is not None and part.process.poll() is None:
            part.process.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for part in parts:
        if part.process is None:
            continue
        try:
            part.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            part.process.kill()
            part.process.wait()


def plan(data_dir: Path, host: str, ports: Ports) -> list[list[Part]]:
    """Prepare the data folder, databases and config files; return the processes to start,
    in phases: the simulated outside world first, then the apps that talk to it."""
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    backoffice_dir, bankid_dir = data_dir / "backoffice", data_dir / "bankid"
    swish_dir = data_dir / "swish"
    engine = make_engine(f"sqlite:///{backoffice_dir / 'backoffice.db'}")
    BACKOFFICE_MIGRATIONS.upgrade(engine)
    engine.dispose()
    _make_demo_member(data_dir / "controller")
    config_file = data_dir / "controller.toml"
    config_file.write_text(
        CONTROLLER_CONFIG.format(
            data_dir=data_dir / "controller",
            host=host,
            ports=ports,
            bankid_dir=bankid_dir,
            swish_dir=swish_dir,
        )
    )
    simulators = [
        Part(
            "BankID simulator",
            _byabutik(
                *("simulate", "bankid", "--host", host, "--port", str(ports.bankid)),
                *("--phone-port", str(ports.bankid_phone), "--cert-dir", str(bankid_dir)),
            ),
            f"http://{host}:{ports.bankid_phone}/healthz",
            f"http://{host}:{ports.bankid_phone}/phone",
        ),
        Part(
            "Swish simulator",
            _byabutik(
                *("simulate", "swish", "--host", host, "--port", str(ports.swish)),
                *("--phone-port", str(ports.swish_phone), "--cert-dir", str(swish_dir)),
                "--allow-http-callbacks",
            ),
            f"http://{host}:{ports.swish_phone}/healthz",
            f"http://{host}:{ports.swish_phone}/phone",
        ),
        Part(
            "virtual scanner",
            _byabutik(
                *("simulate", "scanner", "--host", host),
                *("--tcp-port", str(ports.scanner_tcp), "--http-port", str(ports.scanner_http)),
            ),
            f"http://{host}:{ports.scanner_http}/",
            f"http://{host}:{ports.scanner_http}/",
        ),
    ]
    apps = [
        Part(
            "backoffice",
            _byabutik("backoffice", "serve"),
            f"http://{host}:{ports.backoffice}/healthz",
            f"http://{host}:{ports.backoffice}/docs",
            env={
                "BYABUTIK_BACKOFFICE_MODE": "dev",
                "BYABUTIK_BACKOFFICE_DATA_DIR": str(backoffice_dir),
                "BYABUTIK_BACKOFFICE_HOST": host,
                "BYABUTIK_BACKOFFICE_PORT": str(ports.backoffice),
                "BYABUTIK_BACKOFFICE_PUBLIC_URL": f"http://{host}:{ports.backoffice}",
            },
        ),
        Part(
            "store controller",
            _byabutik("controller", "run", "--config", str(config_file)),
            f"http://{host}:{ports.controller}/healthz",
            f"http://{host}:{ports.controller}/",
        ),
    ]
    return [simulators, apps]


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _port_option(name: str, default: int) -> Callable[[FC], FC]:
    dest = name.replace("-", "_") + "_port"
    return click.option(f"--{name}-port", dest, type=int, default=default, show_default=True)


@click.command()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("var/demo"),
    show_default=True,
    help="where the demo keeps its databases and generated files",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@_port_option("backoffice", Ports.backoffice)
@_port_option("controller", Ports.controller)
@_port_option("bankid", Ports.bankid)
@_port_option("bankid-phone", Ports.bankid_phone)
@_port_option("scanner-tcp", Ports.scanner_tcp)
@_port_option("scanner-http", Ports.scanner_http)
@_port_option("swish", Ports.swish)
@_port_option("swish-phone", Ports.swish_phone)
def demo(data_dir: Path, host: str, **ports: int) -> None:
    """Run the backoffice, one simulated store and the simulators on this machine until Ctrl-C."""
    phases = plan(data_dir, host, Ports(**{k.removesuffix("_port"): v for k, v in ports.items()}))
    started: list[Part] = []
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        for phase in phases:
            for part in phase:
                part.start()
                started.append(part)
            _wait_healthy(phase, time.monotonic() + STARTUP_TIMEOUT_S)
        click.echo("\nByabutik demo is running (Ctrl-C stops it):")
        for part in started:
            click.echo(f"  {part.name:<18}{part.url}")
        click.echo(f"  {'data folder':<18}{data_dir.resolve()}\n")
        while all(part.exited() is None for part in started):
            time.sleep(0.5)
        failed = next(part for part in started if part.exited() is not None)
        raise click.ClickException(f"{failed.name} stopped unexpectedly; stopping the demo")
    except KeyboardInterrupt:
        click.echo("\nstopping the demo ...")
    finally:
        _stop(started)
