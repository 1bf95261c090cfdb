"""What a long-running process holds after start-up, kept out of the collector's full passes.

A backoffice worker or store controller imports a few hundred thousand objects at start (modules,
classes, functions, SQLAlchemy's tables and mappers) that live as long as the process. CPython's
cyclic garbage collector walks every one of them on each full collection; with a request that
makes many container objects (a 10,000-row price file, a large sync push), a full pass cost
190-250 ms of CPU, more than the request's own work. `gc.freeze()` moves what is alive at start
into the permanent generation, which collections skip; it frees nothing and changes no object.
"""

from __future__ import annotations

import gc


def settle_after_start() -> int:
    """Collect once, then freeze every object still alive; answers how many were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
