"""The backoffice's VAPID key for Web Push: a P-256 private key in a PEM file only the service
user can read. Made at run time, never committed: in dev mode it is made on first use in
`data_dir` (or at the configured path); production refuses a missing, unreadable or
group/world-readable file by its setting's name (`byabutik backoffice vapid-key PATH` makes one).
The page gets the public key (the browser's `applicationServerKey`)."""

from __future__ import annotations

import base64
import contextlib
import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from backoffice.notify.config import NotifySettings

SETTING = "notify.vapid_private_key_file"
DEV_FILE_NAME = "vapid_private.pem"


def make_key_file(path: Path) -> None:
    """Write a new private key to `path` (mode 0600, refused if it exists)."""
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)


def load_key(path: Path) -> ec.EllipticCurvePrivateKey:
    """The key in `path`; ValueError saying what is wrong (missing, readable by others, not a
    P-256 private key)."""
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except FileNotFoundError as exc:
        hint = "make it with `byabutik backoffice vapid-key PATH`"
        raise ValueError(f"{path} does not exist; {hint}") from exc
    except OSError as exc:
        raise ValueError(f"{path} cannot be read: {exc.strerror}") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ValueError(f"{path} can be read by others than the service user (chmod 600)")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{path} holds no unencrypted PEM private key") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ValueError(f"{path} is not a P-256 (prime256v1) private key")
    return key


def key_file(notify: NotifySettings, data_dir: Path, *, dev: bool) -> Path | None:
    """The key file Web Push uses, made now in dev mode if it is missing; None: no Web Push
    (production without the setting)."""
    path = notify.vapid_private_key_file
    if path is None:
        if not dev:
            return None
        path = data_dir / DEV_FILE_NAME
    if dev and not path.exists():
        with contextlib.suppress(FileExistsError):  # another worker made it just now
            make_key_file(path)
    return path


def public_key(path: Path) -> str:
    """The public key as the browser wants it: the uncompressed point, base64url, no padding."""
    raw = (
        load_key(path)
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def problems(notify: NotifySettings, env_prefix: str) -> list[str]:
    """What production refuses: a configured key file that is missing, shared or not a key."""
    if notify.vapid_private_key_file is None:
        return []
    try:
        load_key(notify.vapid_private_key_file)
    except ValueError as exc:
        return [f"{SETTING} (env {env_prefix}NOTIFY__VAPID_PRIVATE_KEY_FILE): {exc}"]
    return []
