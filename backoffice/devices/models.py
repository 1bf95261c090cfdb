"""Device credentials: one-time enrollment codes and bearer tokens, both kept only as hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base
from byabutik.runtime.db import utcnow


class EnrollmentCode(Base):
    """A code the owner types on a new controller; valid once, until `expires_at`."""

    __tablename__ = "enrollment_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True, comment="SHA-256 hex")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class Device(Base):
    """A store controller's credential; a revoked device is refused with 401."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, comment="SHA-256 hex")
    software_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    catalog_features: Mapped[str | None] = mapped_column(String(200), default=None)
    """The features it named on its last catalog pull (comma-separated, sorted); None: it has
    not pulled since the backoffice began noting them (it does within a minute)."""
    rotated_from_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), default=None)
    """The row whose token this one replaced: the same controller after a key rotation (the old
    row stays, revoked, for the audit trail)."""
    heartbeat_at: Mapped[datetime | None] = mapped_column(default=None)
    """When its newest heartbeat arrived (our clock); with the figures it reported below."""
    heartbeat_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    """The store's clock on that heartbeat: an older one replayed later does not replace it."""
    outbox_backlog: Mapped[int | None] = mapped_column(default=None)
    catalog_revision: Mapped[int | None] = mapped_column(default=None)
