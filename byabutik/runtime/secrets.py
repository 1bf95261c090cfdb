"""The rules a secret must pass in production, shared by both apps.

A secret is refused when it is shorter than `MIN_SECRET_LENGTH` characters, when it carries the
dev defaults' marker, or when it equals any value of the example configuration under deploy/
(read from the files themselves, so the list cannot drift from what people copy). Where the
source tree is not installed, the values below stand in; a test keeps them equal to the files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, SecretStr

from byabutik.runtime.settings import env_name, is_default_secret

MIN_SECRET_LENGTH = 32
GENERATE = 'python3 -c "import secrets; print(secrets.token_urlsafe(48))"'
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "deploy"
EXAMPLE_GLOB = "*.example.*"
PACKAGED_EXAMPLE_SECRETS: dict[str, str] = {
    "replace-with-a-long-random-secret-0123456789abcdef": "backoffice.example.env",
    "same-32-to-36-characters-as-the-stores": "backoffice.example.env",
}
"""The examples' secrets (`secret_settings_in`), for installs without deploy/."""

# `KEY=value`, `key = "value"` or `key = 'value'`, commented out or not.
_ASSIGNMENT = re.compile(
    r"""^\s*\#?\s*(?P<key>[A-Za-z_][\w.-]*)\s*=\s*"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s#]+))"""
)
_SECRET_KEY_NAME = re.compile(r"secret|token|password|identifier|hash_key", re.IGNORECASE)


def example_assignments(folder: Path = EXAMPLES_DIR) -> Iterator[tuple[str, str, str]]:
    """(file name, key, value) of every assignment in the example files, commented or not."""
    for path in sorted(folder.rglob(EXAMPLE_GLOB)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := _ASSIGNMENT.match(line):
                value = next(v for v in match.group("dq", "sq", "bare") if v is not None)
                yield path.name, match.group("key"), value.strip()


def example_values(folder: Path = EXAMPLES_DIR) -> dict[str, str]:
    """Every value assigned in the example files under `folder` -> the file's name (the
    packaged secrets where there is no such folder)."""
    if not folder.is_dir():
        return dict(PACKAGED_EXAMPLE_SECRETS)
    found: dict[str, str] = {}
    for name, _key, value in example_assignments(folder):
        found.setdefault(value, name)
    return found


def secret_settings_in(folder: Path = EXAMPLES_DIR) -> dict[str, str]:
    """The values the examples give to secret-named settings, long enough to pass for one."""
    return {
        value: name
        for name, key, value in example_assignments(folder)
        if _SECRET_KEY_NAME.search(key) and len(value) >= MIN_SECRET_LENGTH
    }


def secret_problems(
    settings: BaseModel, *, env_prefix: str, examples: dict[str, str] | None = None
) -> list[str]:
    """Why each secret in `settings` (nested sections too) is unfit for production, naming the
    setting, its environment variable and what to put there; never the secret itself."""
    examples = example_values() if examples is None else examples
    problems = []
    for loc, secret in _secrets(settings, ()):
        value = secret.get_secret_value()
        where = f"{'.'.join(loc)} (env {env_name(env_prefix, loc)})"
        fix = f"put a random secret of your own there, e.g. from {GENERATE}"
        if not value:
            problems.append(f"{where}: is empty; {fix}")
        elif value.strip() in examples:
            problems.append(
                f"{where}: is the example value from deploy/{examples[value.strip()]}; {fix}"
            )
        elif is_default_secret(value):
            problems.append(f"{where}: is the development default; {fix}")
        elif len(value) < MIN_SECRET_LENGTH and not loc[-1].endswith("password"):
            problems.append(
                f"{where}: is {len(value)} characters, production needs at least "
                f"{MIN_SECRET_LENGTH}; {fix}"
            )
    return problems


def _secrets(model: BaseModel, at: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], SecretStr]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, SecretStr):
            yield (*at, name), value
        elif isinstance(value, BaseModel):
            yield from _secrets(value, (*at, name))
