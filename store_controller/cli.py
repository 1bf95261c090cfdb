"""`byabutik controller ...`: run the store controller."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from byabutik.runtime.logging import configure_logging
from store_controller.backup_cli import backup, migrate, restore
from store_controller.checkout.cli import journal
from store_controller.payments.member.cli import member
from store_controller.settings import load_controller_settings
from store_controller.sync.cli import enroll

if TYPE_CHECKING:
    from store_controller.runtime import StoreController

SSE_GRACE_S = 1  # seconds (uvicorn takes whole seconds)

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
    from store_controller.web.serve import StopRequested, exit_by, ignore_signals, stop_on_signal

    stop_on_signal()  # a signal during start-up ends it at once, the locks engaged first
    store: StoreController | None = None
    try:
        store = _start(config_file)
        signum = _serve(store)
    except StopRequested as stop:
        ignore_signals()
        signum = stop.signum
    if store is not None:
        store.devices.close()  # engages the locks (again: idempotent), whatever ran before
        store.engine.dispose()
    exit_by(signum)


def _start(config_file: Path | None) -> StoreController:
    from byabutik.runtime.lean_fastapi import import_fastapi_lean

    import_fastapi_lean()  # before the first route is built: ~2.8 MB less (issue 23)
    from store_controller.bootstrap import build_controller
    from store_controller.db.child_migration import open_at_head
    from store_controller.production import refuse_unfit

    settings = load_controller_settings(config_file)
    refuse_unfit(settings, config_file=config_file)  # before anything starts, naming every fix
    configure_logging(fmt=settings.effective_log_format, level=settings.log_level)
    # a database behind this version is migrated by a child process: Alembic never loads here
    store = build_controller(settings, open_db=partial(open_at_head, config_file=config_file))
    if settings.mode == "production":
        _say_what_was_compiled_at_start()
    return store


def _say_what_was_compiled_at_start() -> None:
    """A store runs on bytecode that install-store.sh compiled (the unit's PYTHONOPTIMIZE=2);
    modules compiled at each start instead cost time and memory, silently (issue 23)."""
    import logging
    import sys

    from byabutik.runtime.bytecode import compiled_from_source_here

    if compiled := compiled_from_source_here():
        logging.getLogger(__name__).warning(
            "%d modules had no up-to-date compiled bytecode (optimization level %d) and were "
            "compiled at this start, e.g. %s: a slower start and more memory; run "
            "deploy/install-store.sh again (it compiles them)",
            len(compiled),
            sys.flags.optimize,
            ", ".join(compiled[:5]),
        )


def _serve(store: StoreController) -> int:
    import uvicorn

    from byabutik.runtime.heap import settle_after_start
    from store_controller.bootstrap import create_app
    from store_controller.web.serve import ControllerServer, serve_until_stopped

    settings = store.settings
    server = ControllerServer(
        uvicorn.Config(
            create_app(store),
            host=settings.http.host,
            port=settings.http.port,
            log_config=None,
            timeout_graceful_shutdown=SSE_GRACE_S,  # a stream that still hangs on is cut
        ),
        live=store.live,
        on_exit=store.request_stop,  # a signal during the app's start-up cuts it short
    )
    settle_after_start()
    return serve_until_stopped(server)


@controller.command()
@CONFIG_OPTION
def doctor(config_file: Path | None) -> None:
    """Check the identity key, the private files and (in production) that nothing is simulated,
    then open every configured device once; exit 1 if any check fails."""
    from store_controller.doctor import run_doctor
    from store_controller.doctor_privacy import check_privacy

    settings = load_controller_settings(config_file)
    privacy = check_privacy(settings, config_file)
    code = run_doctor(settings.hardware, echo=click.echo, before=privacy)
    click.get_current_context().exit(code)


@controller.command(name="create-identity-key")
@CONFIG_OPTION
@click.option(
    "--file",
    "key_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="where to write it (default: where the settings look for it)",
)
def create_identity_key(config_file: Path | None, key_file: Path | None) -> None:
    """Make the identity hash key file: a random key, readable by its owner alone (0600).

    Run it once per store (deploy/README.md says where). It never replaces a key: a new key
    makes every returning customer look new and voids the blocklist.
    """
    from store_controller.customers.identity_key import create_key_file, key_location

    path = key_file or key_location(load_controller_settings(config_file)).path
    if path.exists():
        raise click.ClickException(
            f"{path} exists; a new key would make returning customers look new and void the "
            f"blocklist (remove the file first if that is really wanted)"
        )
    create_key_file(path)
    click.echo(f"wrote a new identity hash key to {path} (mode 0600); keep a copy safe")


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
controller.add_command(backup)
controller.add_command(restore)
controller.add_command(migrate)
