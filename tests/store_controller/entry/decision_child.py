"""A door that is killed (SIGKILL) the moment its relay is told to energise after a granted
entry, for the kill test: the decision's commit has returned, the relay never came on.

Usage: python -m tests.store_controller.entry.decision_child DB_PATH VISITS_BEFORE

Makes VISITS_BEFORE entries whose relay works, then one whose unlock kills the process.
"""

from __future__ import annotations

import os
import signal
import sys

from sqlalchemy.orm import sessionmaker

from byabutik.runtime.db import make_engine
from store_controller.core.clock import SystemClock
from store_controller.door import AccessPolicy, ContactClosed, ContactOpened, DoorConfig
from store_controller.entry.admission import Admission
from store_controller.entry.commands import PolicyHolder
from store_controller.entry.service import DoorService

ADULT = "191212121212"  # Skatteverket's test number (born 1912)


class KillingLock:
    """A lock whose relay works `works` times; the next unlock kills the process."""

    name = "door"

    def __init__(self, works: int) -> None:
        self._works = works
        self.is_locked = True

    def unlock(self, window_s: float) -> float:
        if self._works == 0:
            print("RELAY", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        self._works -= 1
        self.is_locked = False
        return window_s

    def lock(self) -> None:
        self.is_locked = True

    def close(self) -> None:
        self.is_locked = True


def main(database: str, works: int) -> None:
    engine = make_engine(f"sqlite:///{database}")
    sessions = sessionmaker(engine, expire_on_commit=False)
    clock = SystemClock()
    door = DoorService(config=DoorConfig(), lock=KillingLock(works), sessions=sessions, clock=clock)
    admission = Admission(
        door=door,
        sessions=sessions,
        clock=clock,
        policy=PolicyHolder(AccessPolicy()),
        hash_key=b"kill-test-identity-hash-key-0123",
    )
    for _ in range(works + 1):
        verdict = admission.admit(ADULT, "Kill Test")
        print(f"GRANTED {verdict.granted}", flush=True)
        door.apply(ContactOpened())  # the person walks in
        door.apply(ContactClosed())


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
