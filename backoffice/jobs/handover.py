"""Deliveries planned in a request reach the job queue when its transaction commits (never
before: a worker must find the rows), and are forgotten if it rolls back. Without a queue they
wait for the next rules tick, which sends whatever is due."""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


class JobQueue(Protocol):
    def deliver(self, delivery_ids: list[int]) -> None: ...

    def pricefile(self, job_id: int, attempt: int) -> None:
        """Run a price file's background preview or apply (backoffice.pricefiles.background)."""

    def close(self) -> None: ...


def hand_deliveries_to(sessions: sessionmaker[Session], queue: list[JobQueue]) -> None:
    """After each commit, give the new delivery ids to `queue[0]` (if there is one)."""

    def committed(session: Session) -> None:
        ids = session.info.pop("deliveries", None)
        if ids and queue:
            try:
                queue[0].deliver(list(ids))
            except Exception:  # the next tick sends them anyway
                log.exception("could not hand deliveries to the job queue")

    def rolled_back(session: Session) -> None:
        session.info.pop("deliveries", None)

    event.listen(sessions, "after_commit", committed)
    event.listen(sessions, "after_soft_rollback", lambda session, _previous: rolled_back(session))
