"""The `byabutik` command. Each app's commands load only when used, so a Pi needs no backoffice
packages and a server no hardware packages."""

from __future__ import annotations

import sys

import click

from byabutik import __version__
from byabutik.runtime.lazycli import LazyGroup
from byabutik.runtime.settings import SettingsError

# name -> "module:attribute" of a click command; nothing is listed before it exists.
COMMANDS: dict[str, str] = {
    "controller": "store_controller.cli:controller",
    "backoffice": "backoffice.cli:backoffice",
    "demo": "byabutik.demo:demo",
    "simulate": "store_controller.simulate:simulate",
}


@click.group(cls=LazyGroup, registry=COMMANDS)
@click.version_option(__version__, prog_name="byabutik")
def cli() -> None:
    """Byabutik: software for unmanned village grocery stores."""


def main() -> None:
    try:
        # Without standalone mode click returns a command's `ctx.exit(code)` instead of exiting.
        code = cli.main(standalone_mode=False)
    except SettingsError as exc:
        click.echo(f"byabutik: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
