"""Contacts (until people with accounts exist: `person_id` is filled in later), the weekly
on-call rota with its exceptions, deliveries with every attempt, and acknowledge-link nonces."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base

BigId = BigInteger().with_variant(Integer, "sqlite")


class Contact(Base):
    """Someone who hears of a store's alerts: which severities, which channels, quiet hours."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(comment="the person, once accounts exist")
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20), comment="E.164, for SMS")
    ntfy_topic: Mapped[str | None] = mapped_column(String(64))
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    push_subscription: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    severities: Mapped[str] = mapped_column(String(40), comment="comma-separated")
    channels: Mapped[str] = mapped_column(String(60), comment="comma-separated, in order")
    quiet_from: Mapped[time | None] = mapped_column(comment="local time; critical ignores it")
    quiet_until: Mapped[time | None]
    rota_order: Mapped[int] = mapped_column(default=0, comment="escalation order in the store")
    active: Mapped[bool] = mapped_column(default=True)


class OnCallShift(Base):
    """The weekly pattern: on `weekday` (0 = Monday) from `starts` to `ends`, local time
    (`ends` <= `starts` runs past midnight)."""

    __tablename__ = "oncall_shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    weekday: Mapped[int]
    starts: Mapped[time]
    ends: Mapped[time]


class OnCallException(Base):
    """`contact_id` is on watch instead of the weekly pattern between the two instants."""

    __tablename__ = "oncall_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]


class Delivery(Base):
    """One alert to one contact through one channel; `status` pending -> sent | failed."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (Index("ix_notification_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("alert_cases.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    channel: Mapped[str] = mapped_column(String(16))
    stage: Mapped[int] = mapped_column(comment="0 on watch, 1 the next person, 2 everyone")
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))


class DeliveryAttempt(Base):
    __tablename__ = "notification_attempts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("notification_deliveries.id"), index=True
    )
    at: Mapped[datetime]
    ok: Mapped[bool]
    detail: Mapped[str] = mapped_column(String(500))


class AckNonce(Base):
    """The single use of a signed acknowledge link: its nonce, once used."""

    __tablename__ = "ack_link_uses"

    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("alert_cases.id"))
    used_at: Mapped[datetime]


class PushSubscription(Base):
    """One browser (a phone's) Web Push subscription of a person, as its PushManager gave it:
    alerts for the person's contacts with the push channel reach every one of them."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    device: Mapped[str] = mapped_column(String(120), comment="a label from the user agent")
    created_at: Mapped[datetime]
