"""Commands for one store, and what became of them."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class StoreCommand(Base):
    __tablename__ = "store_commands"
    __table_args__ = (Index("ix_store_commands_pending", "store_id", "status"),)

    command_id: Mapped[UUID] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    issued_by: Mapped[str] = mapped_column(String(120))
    body: Mapped[dict[str, Any]] = mapped_column(JSON, comment="the wire CommandBody as JSON")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    acked_at: Mapped[datetime | None] = mapped_column(default=None)
    detail: Mapped[str] = mapped_column(String(500), default="")
