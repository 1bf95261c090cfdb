"""Whether the modules a process loaded came from up-to-date cached bytecode.

The store controller's unit runs with PYTHONOPTIMIZE=2 on bytecode that deploy/install-store.sh
compiles (the service may not write it). A module whose bytecode for this optimization level is
missing or older than its source (a Python upgraded by apt, a file changed by hand) is compiled
from source at every start: a slower start and more memory, not less (issue 23). Nothing fails,
so the controller says so in its log at start, naming the fix.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterable
from types import ModuleType

_HEADER = 16  # magic, flags, source mtime, source size (PEP 552)


def compiled_from_source(modules: Iterable[ModuleType]) -> list[str]:
    """The names of `modules` (loaded from a .py file) whose cached bytecode for this process's
    optimization level is missing or does not match their source, i.e. were compiled at import."""
    stale = []
    for module in modules:
        origin = getattr(getattr(module, "__spec__", None), "origin", None)
        if isinstance(origin, str) and origin.endswith(".py") and not _fresh(origin):
            stale.append(module.__name__)
    return sorted(stale)


def _fresh(source: str) -> bool:
    try:
        cached = importlib.util.cache_from_source(source)  # for sys.flags.optimize
        with open(cached, "rb") as file:
            header = file.read(_HEADER)
        stat = os.stat(source)
    except (OSError, NotImplementedError, ValueError):
        return False
    if len(header) < _HEADER or header[:4] != importlib.util.MAGIC_NUMBER:
        return False
    if int.from_bytes(header[4:8], "little") != 0:
        return True  # checked by a hash (PEP 552): the import checked it, or was told not to
    mtime = int.from_bytes(header[8:12], "little")
    size = int.from_bytes(header[12:16], "little")
    return mtime == int(stat.st_mtime) & 0xFFFFFFFF and size == stat.st_size & 0xFFFFFFFF


def compiled_from_source_here() -> list[str]:
    """`compiled_from_source` of every module this process has loaded."""
    return compiled_from_source(list(sys.modules.values()))
