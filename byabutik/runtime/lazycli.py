"""A click group whose subcommands are imported only when used.

A Pi installs no backoffice packages and a server no hardware packages; listing and help still
work, and a command whose packages are missing says which extra to install.
"""

from __future__ import annotations

import importlib
from typing import Any

import click


class LazyGroup(click.Group):
    def __init__(self, *args: Any, registry: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registry = registry  # name -> "module:attribute" of a click command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.registry)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.registry.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if (exc.name or "").split(".")[0] == module_name.split(".")[0]:
                raise  # our own module is missing: a bug, not a missing extra
            raise click.ClickException(
                f"'{cmd_name}' needs the package {exc.name!r}, which is not installed; "
                f"install byabutik with the extra for it (see README)"
            ) from exc
        command: click.Command = getattr(module, attribute)
        return command
