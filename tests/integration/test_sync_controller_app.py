"""The whole controller app, built by bootstrap, syncs with a backoffice served over HTTP:
outbox rows written by the store arrive within seconds, the catalog reaches the checkout's
table, and a remote unlock reaches the door."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backoffice.catalog.service import put_product, set_store_settings
from backoffice.sales.models import Sale
from backoffice.stores.service import get_store
from byabutik.runtime.db import utcnow
from retail import wire
from store_controller.bootstrap import build_controller, create_app
from store_controller.checkout.models import ProductRow
from store_controller.settings import BackofficeLink, ControllerSettings
from store_controller.sync.credential import StoredCredential, save_credential
from store_controller.sync.models import SyncState
from store_controller.sync.service import SyncService
from tests.servers import serving
from tests.store_controller.sync.harness import MILK, running_backoffice, trade
from tests.waits import WAIT_S


def eventually(check: Callable[[], bool], timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail("the condition did not hold in time")
        time.sleep(0.05)


def test_a_running_controller_syncs_by_itself(database_url: str, tmp_path: Path) -> None:
    with running_backoffice(database_url) as backoffice, serving(backoffice.app) as url:
        token = backoffice.enroll_store("byn-1")
        with backoffice.sessions.begin() as session:
            store_id = get_store(session=session, slug="byn-1").id
            product = wire.Product(
                sku="mjolk", name="Mjölk", gtins=(MILK,), price_ore=1500, vat_class="food"
            )
            put_product(session=session, product=product, store_id=None, now=utcnow())
            settings = wire.StoreSettings(display_name="Byn", timezone="Europe/Stockholm")
            set_store_settings(session=session, store_id=store_id, now=utcnow(), settings=settings)
        save_credential(tmp_path, StoredCredential(url, "byn-1", 1, token))
        settings_ = ControllerSettings(
            data_dir=tmp_path, store_id="byn-1", backoffice=BackofficeLink(url=url)
        )
        controller = build_controller(settings_)
        app = create_app(controller)
        with TestClient(app) as client:
            service = app.state.sync
            assert isinstance(service, SyncService)
            trade(controller.sessions, 5)
            client.portal.call(service.wake)  # type: ignore[union-attr]

            def arrived() -> bool:
                with backoffice.sessions() as session:
                    return session.scalar(select(func.count()).select_from(Sale)) == 5

            def catalog_in() -> bool:
                with controller.sessions() as session:
                    row = session.scalar(select(ProductRow).where(ProductRow.sku == "mjolk"))
                    state = session.get(SyncState, 1)
                    return row is not None and state is not None and bool(state.store_settings)

            eventually(arrived)
            eventually(catalog_in)
