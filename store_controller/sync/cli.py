"""`byabutik controller enroll`: exchange an enrollment code for this controller's credential."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from store_controller.settings import load_controller_settings


@click.command()
@click.option("--backoffice", "backoffice_url", required=True, help="the backoffice's base URL")
@click.option(
    "--code", required=True, help="the one-time code from `byabutik backoffice store enroll-code`"
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BYABUTIK_CONTROLLER_CONFIG",
    default=None,
    help="controller TOML file (env BYABUTIK_CONTROLLER_CONFIG); gives data_dir",
)
def enroll(backoffice_url: str, code: str, config_file: Path | None) -> None:
    """Enroll this controller with the backoffice; the credential goes to data_dir (0600)."""
    from sqlalchemy.orm import sessionmaker

    from byabutik import __version__
    from store_controller.bootstrap import open_database
    from store_controller.sync.enroll import enroll as redeem
    from store_controller.sync.errors import SyncError

    settings = load_controller_settings(config_file)
    engine = open_database(settings)
    try:
        credential, path = asyncio.run(
            redeem(
                backoffice_url=backoffice_url,
                code=code,
                data_dir=settings.data_dir,
                software_version=__version__,
                sessions=sessionmaker(engine),
            )
        )
    except SyncError as exc:
        raise click.ClickException(f"enrollment failed: {exc}") from None
    finally:
        engine.dispose()
    click.echo(f"enrolled as store {credential.store_id}, device {credential.device_id}")
    click.echo(f"credential written to {path}")
    if settings.backoffice.url != backoffice_url:
        click.echo(f'set [backoffice] url = "{backoffice_url}" in the controller config to sync')
    if settings.store_id != credential.store_id:
        click.echo(
            f'note: the config says store_id = "{settings.store_id}"; the backoffice says '
            f'"{credential.store_id}"'
        )
