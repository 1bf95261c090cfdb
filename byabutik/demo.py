"""`byabutik demo`: the whole system on one machine, hardware and outside services simulated.

Each part runs as its own process, started with the same command a real installation uses, so the
demo exercises the production code paths: the simulated outside world first (BankID, Swish, the
scanner), then the backoffice, then the store's controller, enrolled at the backoffice the way a
real one is. Ctrl-C (or SIGTERM) stops them all.
"""

from __future__ import annotations

import secrets
import signal
import subprocess
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import FrameType
from typing import TypeVar

import click

from bankid_rp.config import SIMULATOR_P12_PASSWORD
from byabutik.demo_data import STORE_SLUG, DemoData, Ports, prepare
from byabutik.demo_people import OWNER_TOTP_SECRET, demo_people
from byabutik.demo_presets import demo_presets, write_presets
from byabutik.supervisor import Part, byabutik_command, check_ports_free, start_healthy, stop

FC = TypeVar("FC", bound=Callable[..., object])
SCREENS = (("kiosk", "/kiosk"), ("door screen", "/door"), ("simulated door", "/sim/door"))
# /sim/door also warms and cools the thermometers and pulls the network cable
"""The store's screens a visitor opens, beside each part's own URL."""


def simulators(data: DemoData, host: str, ports: Ports, presets: Path) -> list[Part]:
    return [
        Part(
            "BankID simulator",
            byabutik_command(
                *("simulate", "bankid", "--host", host, "--port", str(ports.bankid)),
                *("--phone-port", str(ports.bankid_phone), "--cert-dir", str(data.bankid_dir)),
            ),
            f"http://{host}:{ports.bankid_phone}/healthz",
            f"http://{host}:{ports.bankid_phone}/phone",
        ),
        Part(
            "Swish simulator",
            byabutik_command(
                *("simulate", "swish", "--host", host, "--port", str(ports.swish)),
                *("--phone-port", str(ports.swish_phone), "--cert-dir", str(data.swish_dir)),
                "--allow-http-callbacks",
            ),
            f"http://{host}:{ports.swish_phone}/healthz",
            f"http://{host}:{ports.swish_phone}/phone",
        ),
        Part(
            "mail catcher",
            byabutik_command(
                *("simulate", "mail", "--host", host),
                *("--smtp-port", str(ports.mail_smtp), "--http-port", str(ports.mail_http)),
            ),
            f"http://{host}:{ports.mail_http}/healthz",
            f"http://{host}:{ports.mail_http}/",
        ),
        Part(
            "virtual scanner",
            byabutik_command(
                *("simulate", "scanner", "--host", host),
                *("--tcp-port", str(ports.scanner_tcp), "--http-port", str(ports.scanner_http)),
                *("--presets", str(presets)),  # codes from the store's own catalog
            ),
            f"http://{host}:{ports.scanner_http}/",
            f"http://{host}:{ports.scanner_http}/",
        ),
    ]


def backoffice(data: DemoData, host: str, ports: Ports) -> Part:
    url = f"http://{host}:{ports.backoffice}"
    return Part(
        "backoffice",
        byabutik_command("backoffice", "serve"),
        f"{url}/healthz",
        f"{url}/docs",
        env={
            "BYABUTIK_BACKOFFICE_MODE": "dev",
            "BYABUTIK_BACKOFFICE_DATA_DIR": str(data.backoffice_dir),
            "BYABUTIK_BACKOFFICE_HOST": host,
            "BYABUTIK_BACKOFFICE_PORT": str(ports.backoffice),
            "BYABUTIK_BACKOFFICE_PUBLIC_URL": url,
            "BYABUTIK_BACKOFFICE_SWISH__CALLBACK_IDENTIFIER": data.callback_identifier,
            # alerts reach the volunteer on watch through the mail catcher and its webhook receiver
            "BYABUTIK_BACKOFFICE_NOTIFY__SMTP_HOST": host,
            "BYABUTIK_BACKOFFICE_NOTIFY__SMTP_PORT": str(ports.mail_smtp),
            "BYABUTIK_BACKOFFICE_NOTIFY__WEBHOOK_SECRET": secrets.token_hex(16),
            # invitations and password resets land in the same mail catcher
            "BYABUTIK_BACKOFFICE_MAIL__HOST": host,
            "BYABUTIK_BACKOFFICE_MAIL__PORT": str(ports.mail_smtp),
            "BYABUTIK_BACKOFFICE_MAIL__TLS": "none",
            # Sign in with BankID against the demo's BankID simulator (link it from /account)
            "BYABUTIK_BACKOFFICE_BANKID__ENABLED": "true",
            "BYABUTIK_BACKOFFICE_BANKID__ENVIRONMENT": "simulator",
            "BYABUTIK_BACKOFFICE_BANKID__BASE_URL": f"https://{host}:{ports.bankid}/rp/v6.0/",
            "BYABUTIK_BACKOFFICE_BANKID__CERTIFICATE": str(data.bankid_dir / "rp.p12"),
            "BYABUTIK_BACKOFFICE_BANKID__CERTIFICATE_PASSWORD": SIMULATOR_P12_PASSWORD,
            "BYABUTIK_BACKOFFICE_BANKID__CA_FILE": str(data.bankid_dir / "ca.pem"),
            "BYABUTIK_BACKOFFICE_BANKID__IDENTITY_KEY_FILE": str(
                data.backoffice_dir / "bankid-identity.key"
            ),
        },
    )


def controller(data: DemoData, host: str, ports: Ports) -> Part:
    return Part(
        "store controller",
        byabutik_command("controller", "run", "--config", str(data.config_file)),
        f"http://{host}:{ports.controller}/healthz",
        f"http://{host}:{ports.controller}/",
    )


def enroll(data: DemoData, backoffice_url: str) -> None:
    """The controller redeems its one-time code over HTTP, as a real store does at install."""
    if data.enrollment_code is None:
        return
    result = subprocess.run(  # noqa: S603 - our own command line
        byabutik_command(
            *("controller", "enroll", "--config", str(data.config_file)),
            *("--backoffice", backoffice_url, "--code", data.enrollment_code),
        ),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if result.returncode != 0:
        raise click.ClickException(f"enrolling the store failed:\n{result.stderr}")


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _port_option(name: str, default: int) -> Callable[[FC], FC]:
    dest = name.replace("-", "_") + "_port"
    return click.option(f"--{name}-port", dest, type=int, default=default, show_default=True)


def _announce(
    parts: list[Part], data: DemoData, backoffice_url: str, store_url: str, mail_url: str
) -> None:
    click.echo("\nByabutik demo is running (Ctrl-C stops it):")
    for part in parts:
        click.echo(f"  {part.name:<18}{part.url}")
    for name, path in SCREENS:
        click.echo(f"  {name:<18}{store_url}{path}")
    click.echo(f"  {'data folder':<18}{data.root}")
    click.echo(f"\n  Sign in to the backoffice at {backoffice_url}/signin as:")
    for person, _grants in demo_people(STORE_SLUG):
        click.echo(f"    {person.email:<28} password {person.password:<26} ({person.roles})")
    click.echo(
        f"  The owner's second step: a TOTP app with the key {OWNER_TOTP_SECRET}, or\n"
        f"    python -c 'import pyotp; print(pyotp.TOTP(\"{OWNER_TOTP_SECRET}\").now())'\n"
        f"  The store's sales: {backoffice_url}/stores/{STORE_SLUG}/sales"
    )
    click.echo(
        f"  Alerts to the volunteer on watch (e-mail and webhook) land in the mail catcher: "
        f"{mail_url}\n  Force the door on {store_url}/sim/door and watch it arrive.\n"
        f"  So do invitations (admin: {backoffice_url}/people) and password resets "
        f"({backoffice_url}/reset).\n"
        f"  BankID: link one on {backoffice_url}/account with the BankID simulator's phone page "
        f"(the demo's BankID simulator), then sign in at {backoffice_url}/signin/bankid.\n"
    )


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
@_port_option("swish", Ports.swish)
@_port_option("swish-phone", Ports.swish_phone)
@_port_option("scanner-tcp", Ports.scanner_tcp)
@_port_option("scanner-http", Ports.scanner_http)
@_port_option("mail-smtp", Ports.mail_smtp)
@_port_option("mail-http", Ports.mail_http)
def demo(data_dir: Path, host: str, **ports_given: int) -> None:
    """Run the backoffice, one simulated store and the simulators on this machine until Ctrl-C."""
    ports = Ports(**{k.removesuffix("_port"): v for k, v in ports_given.items()})
    check_ports_free(host, ports_given)
    data = prepare(data_dir, host, ports)
    presets = write_presets(data.root / "scanner-presets.json", demo_presets(date.today()))
    backoffice_url = f"http://{host}:{ports.backoffice}"
    started: list[Part] = []
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        for phase in (simulators(data, host, ports, presets), [backoffice(data, host, ports)]):
            started += phase
            start_healthy(phase)
        enroll(data, backoffice_url)
        started.append(store := controller(data, host, ports))
        start_healthy([store])
        store_url, mail_url = (
            f"http://{host}:{ports.controller}",
            f"http://{host}:{ports.mail_http}/",
        )
        _announce(started, data, backoffice_url, store_url, mail_url)
        while all(part.exited() is None for part in started):
            time.sleep(0.5)
        failed = next(part for part in started if part.exited() is not None)
        raise click.ClickException(f"{failed.name} stopped unexpectedly; stopping the demo")
    except KeyboardInterrupt:
        click.echo("\nstopping the demo ...")
    finally:
        stop(started)
