"""`byabutik controller ...`: run the store controller."""

from __future__ import annotations

from pathlib import Path

import click

from byabutik.runtime.logging import configure_logging
from store_controller.checkout.cli import journal
from store_controller.payments.member.cli import member
from store_controller.settings import load_controller_settings
from store_controller.sync.cli import enroll

CONFIG_OPTION = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BYABUTIK_CONTROLLER_CONFIG",
    default=None,
    help="controller TOML file (env BYABUTIK_CONTROLLER_CONFIG)",
)


@click.group(name="controller")
def controller() -> None:
    """The store controller on the Raspberry Pi."""


@controller.command()
@CONFIG_OPTION
def run(config_file: Path | None) -> None:
    """Migrate the local database and run the controller until stopped."""
    import uvicorn

    from store_controller.bootstrap import build_controller, create_app

    settings = load_controller_settings(config_file)
    configure_logging(fmt=settings.effective_log_format, level=settings.log_level)
    app = create_app(build_controller(settings))
    uvicorn.run(app, host=settings.http.host, port=settings.http.port, log_config=None)


@controller.command()
@CONFIG_OPTION
def doctor(config_file: Path | None) -> None:
    """Open every configured device once and show its state; exit 1 if any fails."""
    from store_controller.doctor import run_doctor

    settings = load_controller_settings(config_file)
    click.get_current_context().exit(run_doctor(settings.hardware, echo=click.echo))


@controller.command(name="safe-off")
@CONFIG_OPTION
def safe_off(config_file: Path | None) -> None:
    """Drive every lock relay off (locked); systemd runs this after the controller stops."""
    from drivers.gpio.safe_off import force_locks_safe

    settings = load_controller_settings(config_file)
    for line in force_locks_safe(settings.hardware):
        click.echo(line)


controller.add_command(journal)
controller.add_command(member)
controller.add_command(enroll)
