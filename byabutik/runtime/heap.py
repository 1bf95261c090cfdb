"""What a long-running process holds after start-up, kept out of the collector's passes.

A backoffice worker or store controller imports a few hundred thousand objects at start (modules,
classes, functions, SQLAlchemy's tables and mappers) that live as long as the process. CPython's
cyclic garbage collector walks every one of them on each full collection; with a request that
makes many container objects (a 10,000-row price file, a large sync push), a full pass cost
190-250 ms of CPU, more than the request's own work. `gc.freeze()` moves what is alive at start
into the permanent generation, which collections skip; it frees nothing and changes no object.

A server's requests also make their objects in bursts that live as long as the request: a sync
push of 500 entries holds ~10,000 containers (models, their dicts, lists) from its validation
until its commit. With CPython's default young threshold (700 allocations) a push ran three or
four young collections and every third push a middle one (~7 ms), each walking the push's live
objects again: ~10 % of a backoffice worker's CPU (issue-23 notes, session 11). A server
therefore starts a young collection only after `SERVER_YOUNG_THRESHOLD` allocations: a
request's own objects are mostly freed by reference counting before one runs, and cycles are
still collected.
"""

from __future__ import annotations

import gc

SERVER_YOUNG_THRESHOLD = 50_000
"""Net allocations of container objects between two young collections in a server process
(CPython's default is 700); the older generations keep their default ratios."""


def settle_after_start(*, young_threshold: int | None = None) -> int:
    """Collect once, then freeze every object still alive; answers how many were frozen.
    `young_threshold`: the allocations between two young collections from now on (None: the
    interpreter's own)."""
    gc.collect()
    gc.freeze()
    if young_threshold is not None:
        _, middle, old = gc.get_threshold()
        gc.set_threshold(young_threshold, middle, old)
    return gc.get_freeze_count()
