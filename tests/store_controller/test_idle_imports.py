"""What an idle controller does not load: the page templates and the QR encoder wait for their
first use (memory on a Pi 3, issue 23), and still draw when asked; prometheus_client loads only when
/metrics is configured (tests/store_controller/test_metrics.py); the settings are read without
pydantic-settings (and the argparse and dotenv it brings); a started controller that nobody visits
reads and writes with Core statements and never loads the ORM (`sqlalchemy.orm`), which a pull or
an admin path brings in; a sale, its payments, a door entry and the day's close do not load it
either; nor the demo assortment, unless the store asks for it; nor the wire's push envelope and
the messages only a sync, a pull or a command reads (`retail.wire` loads a submodule with its
first name), nor the sale, payment record and Z-report messages, which the first payment, sale or
day's close brings; nor the tables only a sale, a stock change, the journal, an entry or a member
uses (`store_controller.db.tables` declares them on first use); nor `pydantic.v1`, which FastAPI
would import to refuse v1 models while it builds the routes (byabutik.runtime.lean_fastapi)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from store_controller.checkout.qr import qr_svg
from store_controller.web.templating import templates

ONLY_WHEN_USED = ("jinja2", "segno", "prometheus_client")
NEVER = ("pydantic_settings", "argparse", "dotenv")
WIRE_NOT_AT_IDLE = (
    "retail.wire.envelope",  # the push batch, which imports every message the outbox carries
    "retail.wire.catalog",
    "retail.wire.commands",
    "retail.wire.enrollment",
    "retail.wire.jsontext",
    "retail.wire.members",
    "retail.wire.policy",
    "retail.wire.stock",
    "retail.wire.sales",  # a sale and its payment method: with the first payment or sale
    "retail.wire.payments",  # a Swish payment's record: with the first payment
    "retail.wire.reports",  # the Z-report: with the day's close
)
# What an idle controller reads and writes: alerts, the outbox (a heartbeat, a sweep), the sync
# state, the kiosk's catalog lookup (built at start), the Z-reports and pending payments at start.
IDLE_TABLES = {
    "alerts",
    "outbox",
    "sync_state",
    "products",
    "product_codes",
    "z_reports",
    "pending_payments",
}
NOT_AT_IDLE = (
    "sqlalchemy.orm",  # a pulled page or an admin path brings it; a sale or an entry does not
    "store_controller.checkout.seed",  # the demo assortment: only a store that asks for it
    "byabutik.demo_catalog",
    "importlib_metadata",  # gpiozero reads its entry points with the standard library's
    "importlib_resources",
    "store_controller.db.sale_tables",  # sales, stock, the journal: with the first sale
    "store_controller.db.people_tables",  # customers, visits, members: with the first entry
    "sqlalchemy.dialects.postgresql",  # a table's `postgresql_*` keyword would import it
    "pydantic.v1",  # FastAPI's check of each route's types, answered without it (lean_fastapi)
)

STARTED = """
import sys
from byabutik.runtime.lean_fastapi import import_fastapi_lean
import_fastapi_lean()  # as `byabutik controller run` does, before any route is built
from fastapi.testclient import TestClient
from drivers.gpio.pins import make_pin_factory
from store_controller.bootstrap import build_controller, create_app
from store_controller.core.clock import ManualClock
from store_controller.settings import ControllerSettings

settings = ControllerSettings(data_dir=sys.argv[1])
controller = build_controller(settings, clock=ManualClock(), pin_factory=make_pin_factory("mock"))
with TestClient(create_app(controller)) as client:
    for screen in ("/readyz", "/", "/kiosk", "/door"):  # the store's own screens are open
        assert client.get(screen).status_code == 200, screen
    print(*(m for m in sys.modules if m.startswith("retail.wire") or m in sys.argv[2:]))
    from store_controller.db.tables import metadata
    print(*(f"table:{name}" for name in metadata.tables))
"""


def test_starting_the_controller_imports_no_template_engine_or_qr_encoder() -> None:
    code = (
        "import sys, store_controller.cli, store_controller.bootstrap, store_controller.web.home, "
        "store_controller.entry.web, store_controller.entry.sim_web, store_controller.entry.view; "
        f"print(sorted(m for m in {ONLY_WHEN_USED + NEVER!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def started(data: Path) -> list[str]:
    """Start the controller on `data` (one fixed time: the same day both times), ask for its
    readiness and the pages of its screens, and stop it; which of the wire's modules and of
    `NOT_AT_IDLE` were loaded then, and which tables were declared (`table:<name>`)."""
    run = subprocess.run(
        [sys.executable, "-c", STARTED, str(data), *NOT_AT_IDLE],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.split()


def test_a_restarted_controller_that_nobody_visits_loads_no_orm_and_no_push_envelope(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    started(data)  # the first start migrates the database and closes the last day's Z-report
    loaded = started(data)
    assert "retail.wire.events" in loaded  # sanity: the listing sees the wire at all
    assert [module for module in NOT_AT_IDLE + WIRE_NOT_AT_IDLE if module in loaded] == []
    declared = {name.removeprefix("table:") for name in loaded if name.startswith("table:")}
    assert declared == IDLE_TABLES


# A restarted controller on a catalog seeded by its first start: a declined payment, a sale and
# an unknown barcode through the kiosk's routes; a door entry's writes (decision, door opened,
# visit closed) and a member's charge as the door and a signed member payment make them; then the
# next day's Z-report, closed by its reporter.
SOLD = """
import sys
from datetime import date, timedelta
from fastapi.testclient import TestClient
from drivers.gpio.pins import make_pin_factory
from retail import Money
from retail.wire import VisitOutcome
from store_controller.bootstrap import build_controller, create_app
from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.zreport import ZReporter
from store_controller.core.clock import ManualClock
from store_controller.db import tables
from store_controller.entry import records
from store_controller.entry.decision_writer import Outcome, record_decision
from store_controller.payments.member.accounts import Charge
from store_controller.settings import ControllerSettings

VISIT, SALE = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"
MEMBER = "a" * 64


def entry_and_member_charge(controller, service, clock):
    sessions, now = controller.sessions, clock.now()
    person = records.ProvenPerson(MEMBER, date(1980, 1, 2), "Anna")
    granted = lambda customer: Outcome(VisitOutcome.GRANTED, 46, final=False)
    record_decision(sessions, person, visit_id=VISIT, now=now, decide=granted)
    records.mark_door_opened(sessions, VISIT, at=now)
    records.finish_visit(sessions, VISIT, closed_at=now)
    with sessions.kw["bind"].begin() as connection:  # approved by the owner (an admin path)
        connection.execute(tables.customers.update().values(status="member"))
        account = dict(credit_limit_ore=10000, balance_ore=0, approved_at=now, updated_at=now)
        connection.execute(tables.member_accounts.insert().values(identity_hash=MEMBER, **account))
    member = service.provider_named("member_account")  # what its signed BankID order then does
    assert isinstance(member._charge(SALE, MEMBER, Money(100), "order"), Charge)


seeding = sys.argv[2] == "seed"
checkout = CheckoutConfig(demo_catalog=seeding, member_account=True)
settings = ControllerSettings(data_dir=sys.argv[1], checkout=checkout)
clock = ManualClock()
controller = build_controller(settings, clock=clock, pin_factory=make_pin_factory("mock"))
app = create_app(controller)
with TestClient(app) as client:
    service = app.state.checkout
    if not seeding:
        for code in ("7310000000010", "7310000000027"):
            assert client.post("/kiosk/scan", json={"code": code}).status_code == 204, code
        for outcome in ("decline", "approve"):
            assert client.post("/kiosk/pay").status_code == 204
            assert client.post(f"/kiosk/pay/simulate/{outcome}").status_code == 204
        assert service.receipt is not None and service.receipt.receipt.number == 1
        assert client.post("/kiosk/scan", json={"code": "7310000099999"}).status_code == 204
        entry_and_member_charge(controller, service, clock)
        clock.advance(timedelta(days=1).total_seconds())
        reporter = ZReporter(sessions=controller.sessions, clock=clock, config=checkout)
        report = client.portal.call(reporter.tick)
        assert report is not None and report.receipt_count == 1, report
print(*(m for m in sys.modules if m in sys.argv[3:]))
"""


def test_a_sale_its_payments_an_entry_and_the_day_close_load_no_orm(tmp_path: Path) -> None:
    """The customer's paths (payments asked and settled, the sale, an unknown barcode, a door
    entry, a member's charge) and the day's Z-report run on Core statements: a store that has
    sold idles without the ORM."""

    def run(mode: str) -> list[str]:
        command = [sys.executable, "-c", SOLD, str(tmp_path / "data"), mode, "sqlalchemy.orm"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.split()

    assert run("seed") == ["sqlalchemy.orm"]  # sanity: the demo catalog's seeding uses the ORM
    assert run("sell") == []


def test_a_page_and_a_qr_code_still_draw_on_first_use() -> None:
    app = FastAPI()

    @app.get("/")
    def home(request: Request) -> object:
        context = {"lang": "sv", "store_name": "Byn", "screens": [], "mode": "dev"}
        return templates.TemplateResponse(request, "home.html", context)

    page = TestClient(app).get("/")
    assert page.status_code == 200
    assert "Byn" in page.text
    assert qr_svg("https://example.org").startswith("<svg")
