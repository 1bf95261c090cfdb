"""Whether a store shows its public page to villagers (off until its owner switches it on)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, Session, mapped_column

from backoffice.db.base import Base


class PublicPage(Base):
    __tablename__ = "public_pages"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime]


def is_public(session: Session, store_id: int) -> bool:
    row = session.get(PublicPage, store_id)
    return row is not None and row.enabled
