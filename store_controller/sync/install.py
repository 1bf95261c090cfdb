"""`install_sync(app, controller)`: wire the sync loops into the controller, or say why not."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import FastAPI

from byabutik import __version__
from retail import wire
from store_controller.db.sessions import listen
from store_controller.outbox.queue import URGENT
from store_controller.runtime import StoreController
from store_controller.sync.cable import SimulatedCable
from store_controller.sync.config import SyncConfig
from store_controller.sync.credential import (
    StoredCredential,
    credential_path,
    load_credential,
    save_credential,
)
from store_controller.sync.ports import (
    CatalogSink,
    CommandHandler,
    MembersSink,
    RefusingCommandHandler,
    StatusProvider,
    StockSink,
    UnknownStatus,
)

if TYPE_CHECKING:  # httpx and the sync loops are imported only when sync runs
    import httpx
    from sqlalchemy.orm import Session

    from store_controller.db.sessions import Sessions
    from store_controller.sync.service import SyncService, SyncTiming

log = logging.getLogger(__name__)


def install_sync(
    app: FastAPI,
    controller: StoreController,
    *,
    catalog: CatalogSink | None = None,
    stock: StockSink | None = None,
    members: MembersSink | None = None,
    commands: CommandHandler | None = None,
    status: StatusProvider | None = None,
    timing: SyncTiming | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    cable: SimulatedCable | None = None,
) -> SyncService | None:
    """Start sync with the controller (stop it with it); None, logged, when it cannot run.
    A simulated store's `cable` can cut its link to the backoffice (the /sim page)."""
    settings = controller.settings
    url = settings.backoffice.url
    if not url:
        log.info("sync off: backoffice.url is not set (the store runs offline)")
        return None
    credential = load_credential(settings.data_dir)
    if credential is None:
        log.warning(
            "sync off: no device credential at %s; run `byabutik controller enroll`",
            credential_path(settings.data_dir),
        )
        return None
    if credential.store_id != settings.store_id:
        log.warning(
            "the credential is for store %s, the settings say %s: pushing as %s",
            credential.store_id,
            settings.store_id,
            credential.store_id,
        )
    from store_controller.sync.client import BackofficeClient

    if cable is not None:
        transport = cable.transport(transport)
    from store_controller.sync.service import SyncService

    config = settings.sync
    service = SyncService(
        client=BackofficeClient(
            url, credential.token, transport=transport, timeout=config.timeout_s
        ),
        sessions=controller.sessions,
        clock=controller.clock,
        store_id=credential.store_id,
        software_version=__version__,
        timing=timing or timing_of(config),
        catalog=catalog,
        stock=stock,
        members=members,
        commands=commands or RefusingCommandHandler(),
        status=status or UnknownStatus(),
    )
    data_dir = settings.data_dir

    def keep(rotated: wire.DeviceCredential) -> None:
        save_credential(
            data_dir,
            StoredCredential(
                backoffice_url=url,
                store_id=rotated.store_id,
                device_id=rotated.device_id,
                token=rotated.token,
            ),
        )

    service.keep_credential = keep
    push_when_alerted(controller.sessions, service)
    controller.on_start(service.start)
    controller.on_stop(service.stop)
    app.state.sync = service
    log.info("sync on: store %s to %s", credential.store_id, url)
    return service


def push_when_alerted(sessions: Sessions, service: SyncService) -> None:
    """A transaction that queued an alert wakes the push loop when it commits: a forced door
    leaves for the backoffice at once, not at the next push interval (sales still batch)."""

    def committed(session: Session) -> None:
        if session.info.pop(URGENT, False):
            service.wake()

    def rolled_back(session: Session) -> None:
        session.info.pop(URGENT, None)

    listen(sessions, "after_commit", committed)
    listen(sessions, "after_rollback", rolled_back)


def timing_of(config: SyncConfig) -> SyncTiming:
    from store_controller.sync.service import SyncTiming

    return SyncTiming(
        push_interval=config.push_interval_s,
        command_interval=config.command_interval_s,
        catalog_interval=config.catalog_interval_s,
        stock_interval=config.stock_interval_s,
        heartbeat_interval=config.heartbeat_interval_s,
        batch_max_entries=config.batch_max_entries,
        backlog_batch_max_entries=config.backlog_batch_max_entries,
        batch_max_bytes=config.batch_max_bytes,
        backoff_cap=config.backoff_cap_s,
    )
