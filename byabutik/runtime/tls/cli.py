"""Command-line options every HTTPS simulator shares: where it listens and where its throw-away
certificates go."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])

WILDCARDS = {"0.0.0.0", "::", ""}  # noqa: S104 - names to recognise, not a bind


def shown_host(host: str) -> str:
    """The address a person types: a wildcard bind is reached on 127.0.0.1."""
    return "127.0.0.1" if host in WILDCARDS else host


def certificate_hosts(host: str) -> tuple[str, ...]:
    """Extra names for the server certificate besides localhost and 127.0.0.1."""
    return () if host in WILDCARDS else (host,)


def server_options(
    *, port: int, phone_port: int, cert_dir: Path, certificates: str
) -> Callable[[F], F]:
    """--host, --port, --phone-port and --cert-dir with this simulator's defaults."""

    def decorate(command: F) -> F:
        options = [
            click.option("--host", default="127.0.0.1", show_default=True),
            click.option("--port", default=port, show_default=True, type=click.IntRange(1, 65535)),
            click.option(
                "--phone-port",
                default=phone_port,
                show_default=True,
                type=click.IntRange(0, 65535),
                help="plain-HTTP port for the phone page only (0: none)",
            ),
            click.option(
                "--cert-dir",
                default=cert_dir,
                show_default=True,
                type=click.Path(file_okay=False, path_type=Path),
                help=f"where the throw-away CA, server and {certificates} certificates are written",
            ),
        ]
        for option in reversed(options):
            command = option(command)
        return command

    return decorate
