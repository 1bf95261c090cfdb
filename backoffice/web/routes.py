"""Every router of the web shell, in one list the app includes (a feature adds its own)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from backoffice.alerts import pages as alert_pages
from backoffice.barcodes import pages as barcode_pages
from backoffice.board import pages as board_pages
from backoffice.coldchain import pages as coldchain_pages
from backoffice.devices import pages as device_pages
from backoffice.labels import pages as label_pages
from backoffice.members import me_pages, notes_pages
from backoffice.members import pages as member_pages
from backoffice.notify import person_pages, push_pages, rota_pages
from backoffice.pricefiles import job_pages as pricefile_job_pages
from backoffice.pricefiles import pages as pricefile_pages
from backoffice.products import pages as catalog_pages
from backoffice.reports import export_pages, weekly_pages, zpages
from backoffice.reports import pages as report_pages
from backoffice.stock import pages as stock_pages
from backoffice.stores import settings_pages as store_settings_pages
from backoffice.web import (
    account,
    admin_pages,
    auth,
    bankid_pages,
    email_links,
    home,
    passkey_pages,
    unlock_page,
)

WEB_ASSETS_PATH = "/assets"
WEB_ASSETS_DIR = Path(__file__).parent / "static"
WEB_ROUTERS: list[APIRouter] = [
    auth.router,
    bankid_pages.router,
    home.router,
    account.router,
    passkey_pages.router,
    unlock_page.router,
    admin_pages.router,
    alert_pages.router,
    report_pages.router,
    catalog_pages.router,
    zpages.router,
    export_pages.router,
    weekly_pages.router,
    board_pages.router,
    stock_pages.router,
    email_links.router,
    pricefile_pages.router,
    pricefile_job_pages.router,
    label_pages.router,
    barcode_pages.router,
    coldchain_pages.router,
    store_settings_pages.router,
    device_pages.router,
    member_pages.router,
    notes_pages.router,
    me_pages.router,
    push_pages.public,
    push_pages.router,
    person_pages.router,
    rota_pages.router,
]
