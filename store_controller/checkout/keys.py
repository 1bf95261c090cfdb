"""New ids for what a sale writes: time-ordered UUIDs (version 7, RFC 9562), as text.

A sale's rows are keyed by its sale id (sales, its lines, VAT, payments, the pending payment) and
its stock movements by their own ids. With random (version 4) ids every one of those B-trees took
each new row into a random leaf: a sale dirtied a leaf per tree wherever it fell, and each
checkpoint copied back as many distinct pages. A version 7 id begins with the Unix time in
milliseconds, so new rows go to the right-hand end of each tree and the same few leaves are
written again (issue 23).

Layout (RFC 9562, 5.7 and 6.2 method 1): 48 bits of Unix milliseconds, version 7, a 12-bit counter
(`rand_a`) started at a random value below 2048 at each new millisecond and counted up for each
further id in it, the variant, 62 random bits (`rand_b`). Ids from one generator only ever grow:
if the clock steps back (a Pi without a real-time clock boots with a wrong time, then NTP steps
it), the last millisecond is kept and counted on, and a counter past 4095 moves to the next
millisecond. The time in an id is when it was made, or later after a step back; nothing reads it.
Uniqueness does not rest on the clock: ids of another process, or of this one after a restart
with the clock behind, differ in their random bits. A sale id is also a receipt's capability
(the receipt link): it carries 62 random bits, 73 when it is the first id of its millisecond
(as a sale id nearly always is), beside its time.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable

_COUNTER_MAX = 0xFFF
_VERSION = 0x7 << 76
_VARIANT = 0b10 << 62
_RAND_B = (1 << 62) - 1


class TimeOrderedIds:
    """A generator of version 7 UUIDs; `clock` gives Unix nanoseconds, `entropy(n)` n random
    bytes (the system's random source unless a test gives its own)."""

    def __init__(
        self,
        clock: Callable[[], int] = time.time_ns,
        entropy: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self._clock = clock
        self._entropy = entropy
        self._lock = threading.Lock()
        self._ms = -1
        self._counter = 0

    def texts(self, count: int) -> list[str]:
        """`count` new ids as text (`str(uuid.UUID)`'s form), each greater than the one before,
        from one read of the random source."""
        raw = self._entropy(10 * count)
        ids: list[str] = []
        with self._lock:
            now = self._clock() // 1_000_000
            ms, counter = self._ms, self._counter
            for start in range(0, 10 * count, 10):
                seed = raw[start] << 3 | raw[start + 1] >> 5  # 11 bits: room to count up
                if now > ms:
                    ms, counter = now, seed
                else:  # the same millisecond, or the clock went back: count on
                    counter += 1
                    if counter > _COUNTER_MAX:
                        ms, counter = ms + 1, seed
                rand_b = int.from_bytes(raw[start + 2 : start + 10], "big") & _RAND_B
                h = f"{ms << 80 | _VERSION | counter << 64 | _VARIANT | rand_b:032x}"
                ids.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
            self._ms, self._counter = ms, counter
        return ids


_IDS = TimeOrderedIds()


def new_ids(count: int) -> list[str]:
    """`count` new time-ordered ids as text, ascending (this process's generator)."""
    return _IDS.texts(count)


def new_id() -> uuid.UUID:
    """One new time-ordered id (this process's generator)."""
    return uuid.UUID(_IDS.texts(1)[0])
