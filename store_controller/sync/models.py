"""Sync's own state on the controller: the catalog revision held, with the settings and access
policy that came with it (one row, written in the same transaction as the catalog)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Mapped

from store_controller.db import tables
from store_controller.db.base import Base


class SyncState(Base):
    __table__ = tables.sync_state

    id: Mapped[int]
    catalog_revision: Mapped[int]
    stock_cursor: Mapped[int]
    """The last backoffice stock book id applied to local stock."""
    store_settings: Mapped[dict[str, Any] | None]
    access_policy: Mapped[dict[str, Any] | None]
    catalog_features: Mapped[str]
    """The features (comma-separated) named on the last complete catalog pull: when this
    software names more (an upgrade), its next pull starts from revision 0."""
    updated_at: Mapped[datetime]
