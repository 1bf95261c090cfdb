"""The doctor's checks of what guards personal data and money: the identity hash key, the files
only the service user may read, and (in production) nothing simulated.

One finding per problem, naming the file or setting and the fix. File modes are failures in
production and warnings in dev mode (a developer's checkout is not a store).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from byabutik.runtime.db import sqlite_files
from byabutik.runtime.files import exposure
from store_controller.customers.identity_key import key_location, key_problems
from store_controller.doctor import Check
from store_controller.production import simulation_problems
from store_controller.settings import ControllerSettings
from store_controller.sync.credential import credential_path

KEY = "identity hash key"


def check_privacy(settings: ControllerSettings, config_file: Path | None) -> list[Check]:
    warn = settings.mode == "dev"
    checks: list[Check] = []
    if settings.mode == "production":
        problems = simulation_problems(settings)
        checks += [Check("production mode", False, p) for p in problems]
        if not problems:
            checks.append(Check("production mode", True, "nothing simulated"))
    checks += _key_checks(settings, config_file)
    if config_file is not None:
        checks.append(_private_file("configuration", config_file, warn=warn))
    checks.append(_private_dir(settings.data_dir, warn=warn))
    database = _sqlite_file(settings.effective_database_url)
    for path in sqlite_files(database) if database is not None else []:
        if path.exists():
            checks.append(_private_file("database", path, warn=warn))
    credential = credential_path(settings.data_dir)
    if credential.exists():
        checks.append(_private_file("device credential", credential, warn=warn))
    for what, path in _key_material(settings):
        if path.exists():
            checks.append(_private_file(what, path, warn=warn))
    return checks


def _key_checks(settings: ControllerSettings, config_file: Path | None) -> list[Check]:
    problems = key_problems(settings, config_file=config_file)
    if problems:
        return [Check(KEY, False, problem) for problem in problems]
    if settings.secrets.identity_hash_key is not None:
        return [Check(KEY, True, "in the configuration (dev mode and tests only)")]
    location = key_location(settings)
    if not location.path.exists():
        return [Check(KEY, True, f"{location.path} is made at start (dev mode)")]
    return [Check(KEY, True, f"{location.path} ({location.origin}), owner only")]


def _private_file(what: str, path: Path, *, warn: bool) -> Check:
    name = f"{what} {path.name}"
    try:
        readable_by = exposure(path)
    except OSError as exc:
        return Check(name, False, f"cannot check {path}: {exc}")
    if readable_by is None:
        return Check(name, True, f"{path}, owner only")
    fix = f"run `chmod 600 {path}` (and `chown` it to the service user)"
    return Check(name, False, f"{path} can be read by {readable_by}: {fix}", warning=warn)


def _private_dir(folder: Path, *, warn: bool) -> Check:
    name = "data_dir"
    if not folder.exists():
        return Check(name, True, f"{folder} is made at start")
    readable_by = exposure(folder)
    if readable_by is None:
        return Check(name, True, f"{folder}, owner only")
    fix = f"run `chmod 700 {folder}` (systemd's StateDirectoryMode=0700 does it)"
    return Check(name, False, f"{folder} can be listed by {readable_by}: {fix}", warning=warn)


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _key_material(settings: ControllerSettings) -> list[tuple[str, Path]]:
    """Private keys in files the configuration names: a PEM key, or a certificate file that
    holds its key (PKCS#12, or PEM without a separate key)."""
    found: list[tuple[str, Path]] = []
    for service, config in (("bankid", settings.bankid), ("swish", settings.swish)):
        if config.key is not None:
            found.append((f"{service}.key", config.key))
        elif config.certificate is not None:
            found.append((f"{service}.certificate", config.certificate))
    return found
