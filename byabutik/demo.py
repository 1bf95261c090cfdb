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
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import click
import httpx

from backoffice.db import MIGRATIONS as BACKOFFICE_MIGRATIONS
from byabutik.runtime.db import make_engine

STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0

CONTROLLER_CONFIG = """\
# Written by `byabutik demo`; see deploy/controller.example.toml for every setting.
mode = "dev"
store_id = "demo"
store_name = "Byabutiken i Demoby"
data_dir = "{data_dir}"

[http]
host = "{host}"
port = {controller_port}

[backoffice]
url = "{backoffice_url}"
"""


@dataclass
class Part:
    name: str
    argv: list[str]
    health_url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv, env={**os.environ, **self.env})  # noqa: S603

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()


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


def plan(data_dir: Path, host: str, backoffice_port: int, controller_port: int) -> list[Part]:
    """Prepare the data folder, databases and config files; return the processes to start."""
    data_dir.mkdir(parents=True, exist_ok=True)
    backoffice_dir = (data_dir / "backoffice").resolve()
    controller_dir = (data_dir / "controller").resolve()
    backoffice_url = f"http://{host}:{backoffice_port}"
    controller_url = f"http://{host}:{controller_port}"

    backoffice_env = {
        "BYABUTIK_BACKOFFICE_MODE": "dev",
        "BYABUTIK_BACKOFFICE_DATA_DIR": str(backoffice_dir),
        "BYABUTIK_BACKOFFICE_HOST": host,
        "BYABUTIK_BACKOFFICE_PORT": str(backoffice_port),
        "BYABUTIK_BACKOFFICE_PUBLIC_URL": backoffice_url,
    }
    engine = make_engine(f"sqlite:///{backoffice_dir / 'backoffice.db'}")
    BACKOFFICE_MIGRATIONS.upgrade(engine)
    engine.dispose()

    config_file = data_dir / "controller.toml"
    config_file.write_text(
        CONTROLLER_CONFIG.format(
            data_dir=controller_dir,
            host=host,
            controller_port=controller_port,
            backoffice_url=backoffice_url,
        )
    )
    return [
        Part(
            "backoffice",
            _byabutik("backoffice", "serve"),
            f"{backoffice_url}/healthz",
            env=backoffice_env,
        ),
        Part(
            "store controller",
            _byabutik("controller", "run", "--config", str(config_file)),
            f"{controller_url}/healthz",
        ),
    ]


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("var/demo"),
    show_default=True,
    help="where the demo keeps its databases and generated files",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--backoffice-port", type=int, default=8000, show_default=True)
@click.option("--controller-port", type=int, default=8080, show_default=True)
def demo(data_dir: Path, host: str, backoffice_port: int, controller_port: int) -> None:
    """Run the backoffice and one simulated store on this machine until Ctrl-C."""
    parts = plan(data_dir, host, backoffice_port, controller_port)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        for part in parts:
            part.start()
        _wait_healthy(parts, time.monotonic() + STARTUP_TIMEOUT_S)
        click.echo("\nByabutik demo is running (Ctrl-C stops it):")
        click.echo(f"  backoffice        http://{host}:{backoffice_port}/")
        click.echo(f"  store controller  http://{host}:{controller_port}/")
        click.echo(f"  data folder       {data_dir.resolve()}\n", nl=True)
        while all(part.exited() is None for part in parts):
            time.sleep(0.5)
        failed = next(part for part in parts if part.exited() is not None)
        raise click.ClickException(f"{failed.name} stopped unexpectedly; stopping the demo")
    except KeyboardInterrupt:
        click.echo("\nstopping the demo ...")
    finally:
        _stop(parts)
