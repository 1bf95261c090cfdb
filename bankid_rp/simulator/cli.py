"""`byabutik simulate bankid`: a BankID simulator over HTTPS with mutual TLS, and a phone page."""

from __future__ import annotations

from pathlib import Path

import click
import uvicorn

from bankid_rp.config import SIMULATOR_CERT_DIR, SIMULATOR_P12_PASSWORD
from bankid_rp.simulator.app import Simulator, create_app
from bankid_rp.simulator.certs import CertFiles, SimulatorPki
from bankid_rp.simulator.orders import SCENARIOS, Timing
from bankid_rp.simulator.server import ServerThread, http_config, https_config
from byabutik.runtime.logging import configure_logging
from byabutik.runtime.tls.cli import certificate_hosts, server_options, shown_host


def _describe(files: CertFiles, host: str, port: int, phone_port: int) -> str:
    shown = shown_host(host)
    lines = [
        f"BankID simulator (RP API v6.0) at https://{shown}:{port}/rp/v6.0/",
        f"  CA (trust this):          {files.ca}",
        f"  RP certificate + key:     {files.rp_cert}  {files.rp_key}",
        f"  RP PKCS#12:               {files.rp_p12}  (password {files.rp_p12_password})",
        f"  phone page:               https://{shown}:{port}/phone",
    ]
    if phone_port:
        lines.append(f"  phone page (plain HTTP):  http://{shown}:{phone_port}/phone")
    lines += [
        "Controller settings ([bankid] in its TOML file):",
        '  environment = "simulator"',
        f'  base_url = "https://{shown}:{port}/rp/v6.0/"',
        f'  certificate = "{files.rp_p12}"',
        f'  certificate_password = "{files.rp_p12_password}"',
        f'  ca_file = "{files.ca}"',
    ]
    return "\n".join(lines)


@click.command("bankid")
@server_options(port=8444, phone_port=8445, cert_dir=SIMULATOR_CERT_DIR, certificates="RP")
@click.option(
    "--password",
    default=SIMULATOR_P12_PASSWORD,
    show_default=True,
    help="password of the RP PKCS#12 file",
)
@click.option(
    "--scenario",
    type=click.Choice(SCENARIOS),
    default="manual",
    show_default=True,
    help="what orders do by themselves; manual = wait for the phone page",
)
@click.option(
    "--pickup",
    type=float,
    default=30.0,
    show_default=True,
    help="seconds to pick up an order before startFailed",
)
@click.option(
    "--lifetime",
    type=float,
    default=180.0,
    show_default=True,
    help="seconds before a pending order fails with expiredTransaction",
)
@click.option(
    "--fault-rate",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="share of requests answered with a random alreadyInProgress, maintenance, "
    "requestTimeout or internalError",
)
def bankid(
    *,
    host: str,
    port: int,
    phone_port: int,
    cert_dir: Path,
    password: str,
    scenario: str,
    pickup: float,
    lifetime: float,
    fault_rate: float,
) -> None:
    """Run a BankID simulator; writes fresh certificates into --cert-dir at every start."""
    configure_logging(fmt="text")
    pki = SimulatorPki.generate(extra_hosts=certificate_hosts(host))
    files = pki.write(cert_dir, password=password)
    simulator = Simulator.create(
        ca=pki.ca,
        timing=Timing(pickup=pickup, lifetime=lifetime),
        default_scenario=scenario,
        fault_rate=fault_rate,
    )
    click.echo(_describe(files, host, port, phone_port))
    phone = None
    if phone_port:
        phone = ServerThread(
            http_config(
                create_app(simulator, rp_api=False), host=host, port=phone_port, log_level="info"
            )
        )
        phone.start()
    try:
        uvicorn.Server(
            https_config(create_app(simulator), host=host, port=port, files=files, log_level="info")
        ).run()
    finally:
        if phone is not None:
            phone.stop()
