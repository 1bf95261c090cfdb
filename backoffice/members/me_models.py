"""A member's own sign-in (BankID, no staff person behind it) and their requests for erasure.

A member session knows the member only by the keyed identity hash BankID's personal number
gives; the number itself is never stored. It grants the member's own pages under /me and
nothing of the staff side."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class MemberSession(Base):
    """A signed-in member: the cookie carries a random token, this row its SHA-256."""

    __tablename__ = "member_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    identity_hash: Mapped[str] = mapped_column(String(64), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None] = mapped_column(default=None)


class ErasureRequest(Base):
    """A member asked the association to erase their data: the owner acts on it (never
    automatic). `handled_at`/`handled_by` once the owner erased or answered it."""

    __tablename__ = "member_erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    identity_hash: Mapped[str] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(String(500))
    requested_at: Mapped[datetime]
    handled_at: Mapped[datetime | None] = mapped_column(default=None)
    handled_by: Mapped[str | None] = mapped_column(String(120), default=None)
