"""One row per job that ran to the end: what the status board and the tests read back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class JobRun(Base):
    __tablename__ = "job_runs"
    __table_args__ = (Index("ix_job_runs_task_finished", "task", "finished_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    task: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64), comment="the tick or the thing worked on")
    worker: Mapped[str] = mapped_column(String(128))
    finished_at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(200), default="")
