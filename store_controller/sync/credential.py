"""The device credential on disk: one JSON file in data_dir, mode 0600, written atomically."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

CREDENTIAL_FILE = "device-credential.json"


@dataclass(frozen=True)
class StoredCredential:
    backoffice_url: str
    store_id: str
    device_id: int
    token: str

    def __repr__(self) -> str:  # never print the token
        return f"StoredCredential(store_id={self.store_id!r}, device_id={self.device_id})"


def credential_path(data_dir: Path) -> Path:
    return data_dir / CREDENTIAL_FILE


def save_credential(data_dir: Path, credential: StoredCredential) -> Path:
    """Write the credential readable by its owner only; a crash leaves the old file or the new."""
    data_dir.mkdir(parents=True, exist_ok=True)
    target = credential_path(data_dir)
    fd, temporary = tempfile.mkstemp(dir=data_dir, prefix=".credential-", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(credential), handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_dir(data_dir)
    return target


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def load_credential(data_dir: Path) -> StoredCredential | None:
    """The stored credential, or None when the controller was never enrolled."""
    path = credential_path(data_dir)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return StoredCredential(
        backoffice_url=str(data["backoffice_url"]),
        store_id=str(data["store_id"]),
        device_id=int(data["device_id"]),
        token=str(data["token"]),
    )
