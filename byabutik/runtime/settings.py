"""Helpers for typed settings: one error type that names every bad key, and the secret rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

from pydantic import ValidationError

Mode = Literal["dev", "production"]

# Values that ship in example files and defaults; never acceptable outside dev mode.
DEFAULT_SECRET_MARKER = "change-me"  # noqa: S105 - the marker, not a secret

T = TypeVar("T")


class SettingsError(Exception):
    """Settings are invalid; the message names each offending key and its environment variable."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid settings:\n" + "\n".join(f"  - {p}" for p in problems))


def env_name(prefix: str, loc: tuple[int | str, ...]) -> str:
    return prefix + "__".join(str(part) for part in loc).upper()


def load_settings(factory: Callable[[], T], *, env_prefix: str) -> T:
    """Build settings, turning pydantic's error into a SettingsError that names the keys."""
    try:
        return factory()
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if p != "__root__")
            key = ".".join(str(p) for p in loc) or "(settings)"
            where = f" (env {env_name(env_prefix, loc)})" if loc else ""
            problems.append(f"{key}{where}: {error['msg']}")
        raise SettingsError(problems) from None


def is_default_secret(value: str) -> bool:
    return not value or DEFAULT_SECRET_MARKER in value
