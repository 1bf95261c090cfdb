"""Sync's own state on the controller: the catalog revision held, with the settings and access
policy that came with it (one row, written in the same transaction as the catalog)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from store_controller.db.base import Base


class SyncState(Base):
    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    catalog_revision: Mapped[int] = mapped_column(default=0)
    stock_cursor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    """The last backoffice stock book id applied to local stock."""
    store_settings: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    access_policy: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    catalog_features: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """The features (comma-separated) named on the last complete catalog pull: when this
    software names more (an upgrade), its next pull starts from revision 0."""
    updated_at: Mapped[datetime]
