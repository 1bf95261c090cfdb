"""`byabutik simulate swish`: a Swish commerce API simulator over HTTPS with mutual TLS."""

from __future__ import annotations

from pathlib import Path

import click
import uvicorn

from byabutik.runtime.logging import configure_logging
from byabutik.runtime.tls.cli import certificate_hosts, server_options, shown_host
from byabutik.runtime.tls.server import ServerThread, http_config, https_config
from swish_merchant.config import (
    SIMULATOR_CERT_DIR,
    SIMULATOR_P12_PASSWORD,
    TEST_MERCHANT,
)
from swish_merchant.simulator.app import Simulator, callback_trust, create_app
from swish_merchant.simulator.certs import SwishCertFiles, SwishPki
from swish_merchant.simulator.store import SCENARIOS


def _describe(files: SwishCertFiles, host: str, port: int, phone_port: int, merchant: str) -> str:
    shown = shown_host(host)
    lines = [
        f"Swish simulator (commerce API) at https://{shown}:{port}/swish-cpcapi/api/",
        f"  health:                   https://{shown}:{port}/healthz",
        f"  CA (trust this):          {files.ca}",
        f"  merchant cert + key:      {files.merchant_cert}  {files.merchant_key}",
        f"  merchant PKCS#12:         {files.merchant_p12}  (password {files.password})",
        f"  phone page:               https://{shown}:{port}/phone",
        f"  QR codes (no certificate): https://{shown}:{port}/qrg-swish/api/v1/commerce",
    ]
    if phone_port:
        lines.append(f"  phone page (plain HTTP):  http://{shown}:{phone_port}/phone")
    lines += [
        "Controller settings ([swish] in its TOML file):",
        '  environment = "simulator"',
        f'  base_url = "https://{shown}:{port}/swish-cpcapi/api/"',
        f'  payee_alias = "{merchant}"',
        f'  certificate = "{files.merchant_p12}"',
        f'  certificate_password = "{files.password}"',
        f'  ca_file = "{files.ca}"',
    ]
    return "\n".join(lines)


@click.command("swish")
@server_options(port=8446, phone_port=8447, cert_dir=SIMULATOR_CERT_DIR, certificates="merchant")
@click.option("--password", default=SIMULATOR_P12_PASSWORD, show_default=True)
@click.option("--merchant", default=TEST_MERCHANT, show_default=True, help="merchant number")
@click.option(
    "--scenario",
    type=click.Choice(SCENARIOS),
    default="manual",
    show_default=True,
    help="what requests do by themselves; manual = wait for the phone page",
)
@click.option("--auto-after", type=float, default=2.0, show_default=True, help="seconds")
@click.option(
    "--expire-after",
    type=float,
    default=330.0,
    show_default=True,
    help="seconds before an unanswered request ends as ERROR TM01",
)
@click.option(
    "--allow-http-callbacks",
    is_flag=True,
    help="accept http:// callback URLs (a demo backoffice without TLS); Swish refuses them (RP03)",
)
@click.option(
    "--callback-ca",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True),
    help="extra CA file trusted for callback receivers (the system's and our own CA always are)",
)
@click.option(
    "--state-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite file keeping the payments across restarts [default: CERT_DIR/payments.sqlite3]",
)
def swish(
    *,
    host: str,
    port: int,
    phone_port: int,
    cert_dir: Path,
    password: str,
    merchant: str,
    scenario: str,
    auto_after: float,
    expire_after: float,
    allow_http_callbacks: bool,
    callback_ca: tuple[str, ...],
    state_file: Path | None,
) -> None:
    """Run a Swish simulator; writes fresh certificates into --cert-dir at every start and keeps
    its payments in --state-file, so a restart forgets none (a store may be recovering one)."""
    configure_logging(fmt="text")
    pki = SwishPki.generate(extra_hosts=certificate_hosts(host), merchant=merchant)
    files = pki.write(cert_dir, password=password)
    simulator = Simulator.create(
        scenario=scenario,
        auto_after=auto_after,
        expire_after=expire_after,
        allow_http_callbacks=allow_http_callbacks,
        callback_verify=callback_trust(str(files.ca), *callback_ca),
        state_file=state_file or cert_dir / "payments.sqlite3",
    )
    click.echo(_describe(files, host, port, phone_port, merchant))
    simulator.start()
    phone = None
    if phone_port:
        phone_app = create_app(simulator, api=False)
        phone = ServerThread(http_config(phone_app, host=host, port=phone_port), name="swish-phone")
        phone.start()
    try:
        uvicorn.Server(
            https_config(create_app(simulator), host=host, port=port, files=files, log_level="info")
        ).run()
    finally:
        if phone is not None:
            phone.stop()
        simulator.stop()
