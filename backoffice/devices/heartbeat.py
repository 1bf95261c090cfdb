"""Each controller's own latest heartbeat: when it arrived, its outbox depth and the catalog
revision it has applied, kept on its device row (the store's newest heartbeat, whichever
controller sent it, stays in `store_status`). A heartbeat replayed late, sent before the one
held, does not replace it (`heartbeats.service.older`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from backoffice.devices.features import note_version
from backoffice.devices.models import Device
from backoffice.heartbeats.service import older
from retail import wire


def note_heartbeat(
    session: Session, device_id: int, heartbeat: wire.Heartbeat, now: datetime
) -> None:
    """Keep `heartbeat`'s figures (and version) on the device that sent it, directly or in
    its outbox; committed by the caller. A late replay changes nothing, not even the version
    (a heartbeat from before an upgrade would put the old one back)."""
    device = session.get_one(Device, device_id)
    held, held_at = device.heartbeat_sent_at, device.heartbeat_at
    if held is not None and held_at is not None and older(heartbeat.sent_at, now, held, held_at):
        return
    note_version(session, device_id, heartbeat.software_version)
    device.heartbeat_at = now
    device.heartbeat_sent_at = heartbeat.sent_at
    device.outbox_backlog = heartbeat.outbox_backlog
    device.catalog_revision = heartbeat.catalog_revision
