"""Enrollment: exchange the owner's one-time code for this controller's device credential."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from store_controller.sync import outbox
from store_controller.sync.client import BackofficeClient
from store_controller.sync.credential import StoredCredential, save_credential

if TYPE_CHECKING:
    from store_controller.db.sessions import Sessions


log = logging.getLogger(__name__)


async def enroll(
    *,
    backoffice_url: str,
    code: str,
    data_dir: Path,
    software_version: str,
    sessions: Sessions | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[StoredCredential, Path]:
    """Redeem `code` and store the credential (0600) in `data_dir`; raises `SyncError`s.

    With `sessions` (the controller's database), a fresh outbox is numbered after what the
    backoffice already holds for the store (see `outbox.continue_after`).
    """
    client = BackofficeClient(backoffice_url, transport=transport)
    try:
        answer = await client.enroll(code.strip().upper(), software_version)
    finally:
        await client.aclose()
    credential = StoredCredential(
        backoffice_url=backoffice_url,
        store_id=answer.store_id,
        device_id=answer.device_id,
        token=answer.token,
    )
    if sessions is not None:
        shift = await asyncio.to_thread(outbox.continue_after, sessions, answer.last_seq)
        if shift:
            log.warning("fresh outbox: numbering continues after %d, the backoffice's last", shift)
    return credential, save_credential(data_dir, credential)
