"""The `byabutik` command. Each app's commands load only when used, so a Pi needs no backoffice
packages and a server no hardware packages."""

from __future__ import annotations

import importlib
import sys

import click

from byabutik import __version__
from byabutik.runtime.settings import SettingsError

# name -> "module:attribute" of a click command; nothing is listed before it exists.
COMMANDS: dict[str, str] = {
    "controller": "store_controller.cli:controller",
    "backoffice": "backoffice.cli:backoffice",
    "demo": "byabutik.demo:demo",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            raise click.ClickException(
                f"'{cmd_name}' needs the package {exc.name!r}, which is not installed; "
                f"install byabutik with the extra for it (see README)"
            ) from exc
        command: click.Command = getattr(module, attribute)
        return command


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="byabutik")
def cli() -> None:
    """Byabutik: software for unmanned village grocery stores."""


def main() -> None:
    try:
        cli.main(standalone_mode=False)
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
