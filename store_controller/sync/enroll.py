"""Enrollment: exchange the owner's one-time code for this controller's device credential."""

from __future__ import annotations

from pathlib import Path

import httpx

from store_controller.sync.client import BackofficeClient
from store_controller.sync.credential import StoredCredential, save_credential


async def enroll(
    *,
    backoffice_url: str,
    code: str,
    data_dir: Path,
    software_version: str,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[StoredCredential, Path]:
    """Redeem `code` and store the credential (0600) in `data_dir`; raises `SyncError`s."""
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
    return credential, save_credential(data_dir, credential)
