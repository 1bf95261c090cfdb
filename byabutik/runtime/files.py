"""Files only the service user may read: databases, keys, credentials, configuration.

Made with mode 0600 from the first byte (never written first and narrowed afterwards), in
folders made 0700; `exposure` says who else could read one that exists.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def private_dir(folder: Path) -> None:
    """Make `folder` (and missing parents) 0700; an existing folder keeps its mode."""
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)


def create_private(path: Path, data: bytes) -> None:
    """Write a new file readable by its owner alone; refuses to replace an existing one."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)  # whatever the umask
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def touch_private(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist (before SQLite opens it)."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_FILE)
    except FileExistsError:
        return
    os.fchmod(fd, PRIVATE_FILE)
    os.close(fd)


def exposure(path: Path) -> str | None:
    """Who besides the owner may read or write `path` ("group and others (0644)"), or None."""
    mode = path.stat().st_mode
    if not mode & _OTHERS:
        return None
    classes = (("group", stat.S_IRWXG), ("others", stat.S_IRWXO))
    who = [name for name, bits in classes if mode & bits]
    return f"{' and '.join(who)} ({stat.S_IMODE(mode):04o})"


def make_private(path: Path) -> bool:
    """Narrow an existing file we own to 0600; False when that is not ours to do."""
    try:
        if exposure(path) is not None:
            path.chmod(PRIVATE_FILE)
    except (PermissionError, FileNotFoundError):
        return False
    return True
