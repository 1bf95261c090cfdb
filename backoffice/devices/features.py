"""What each store controller reads beyond its protocol version, as it named it on its last
catalog pull (`?features=`): noted on its device row, so the owner's pages can say when a
store's software is too old for a setting (members' hours)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.devices.models import Device
from retail import wire

MAX_TEXT = 200
WORDS: dict[str, str] = {
    wire.MEMBER_HOURS: "medlemmarnas egna tider",
    wire.ERASED: "radering av kunduppgifter",
    wire.ROTATE_TOKEN: "nyckelbyte",
}
"""What each feature a controller names lets it do, as the owner's page says it (Swedish, the
message id; English in `messages_en`). A name not here is shown as it is."""


def features_text(features: frozenset[str]) -> str:
    """The stored form: sorted, comma-separated, cut to the column's size at a whole name."""
    text = ""
    for name in sorted(features):
        longer = f"{text},{name}" if text else name
        if len(longer) > MAX_TEXT:
            break
        text = longer
    return text


def note_pull_features(session: Session, device_id: int, features: frozenset[str]) -> None:
    """Remember what `device_id` named on this pull; writes (and commits) only on a change."""
    device = session.get_one(Device, device_id)
    text = features_text(features)
    if device.catalog_features != text:
        device.catalog_features = text
        session.commit()


def note_version(session: Session, device_id: int, version: str) -> None:
    """The software version `device_id` reported in its heartbeat (the device page shows it);
    written only on a change, committed by the caller."""
    device = session.get_one(Device, device_id)
    if device.software_version != version:
        device.software_version = version


def parse(text: str | None) -> frozenset[str] | None:
    return None if text is None else frozenset(name for name in text.split(",") if name)


def active_device_features(session: Session, store_id: int) -> list[frozenset[str] | None]:
    """Per active (not revoked) device of the store, oldest first: the features named on its
    last pull, or None when it has not pulled since they were noted."""
    texts = session.scalars(
        select(Device.catalog_features)
        .where(Device.store_id == store_id, Device.revoked_at.is_(None))
        .order_by(Device.id)
    )
    return [parse(text) for text in texts]


def store_lacks(session: Session, store_id: int, feature: str) -> bool:
    """Does an active controller of the store say (on its last pull) it cannot read `feature`?
    False when none has pulled since features were noted: not known yet."""
    return any(
        named is not None and feature not in named
        for named in active_device_features(session, store_id)
    )
