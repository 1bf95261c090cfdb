"""What the demo prepares before anything starts: the data folder, both databases, the store in
the backoffice with a one-time enrollment code, a demo member, and the controller's TOML."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db import MIGRATIONS as BACKOFFICE_MIGRATIONS
from backoffice.db import make_backoffice_engine
from backoffice.devices.service import issue_enrollment_code
from backoffice.notify.models import Contact
from backoffice.people.models import Person
from backoffice.products.demo import seed_demo_products
from backoffice.stores.service import ensure_store
from byabutik.demo_people import seed_people
from byabutik.runtime.db import make_engine
from byabutik.runtime.files import create_private, private_dir
from store_controller.customers.identity_key import KEY_FILE_NAME, create_key_file, read_key
from store_controller.db import MIGRATIONS as CONTROLLER_MIGRATIONS
from store_controller.payments.member.setup import ensure_member
from store_controller.sync.credential import load_credential

CONTROLLER_CONFIG = """\
# Written by `byabutik demo`; see deploy/controller.example.toml for every setting.
mode = "dev"
store_id = "{store_slug}"
store_name = "{store_name}"
data_dir = "{data_dir}"

[http]
host = "{host}"
port = {ports.controller}

[backoffice]
url = "http://{host}:{ports.backoffice}"

[hardware]
simulated = true
pin_factory = "mock"

thermometer_interval_s = 5

[[hardware.thermometers]]
kind = "simulated"
name = "kyl"
celsius = 4.0

[[hardware.thermometers]]
kind = "simulated"
name = "frys"
celsius = -18.0

[monitoring]
readings_before_alert = 3

[monitoring.limits.kyl]
min_celsius = 0.0
max_celsius = 8.0

[monitoring.limits.frys]
max_celsius = -15.0

[[hardware.scanners]]
kind = "serial"
name = "kiosk"
url = "socket://{host}:{ports.scanner_tcp}"

[checkout]
demo_catalog = true
payment_provider = "swish"
member_account = true

[receipts]
org_number = "802000-0000"
address = "Byvägen 1, 123 45 Demoby"

[swish]
environment = "simulator"
base_url = "https://{host}:{ports.swish}/swish-cpcapi/api/"
certificate = "{swish_dir}/merchant.p12"
certificate_password = "swish"
ca_file = "{swish_dir}/ca.pem"
callback_url = "http://{host}:{ports.backoffice}/api/swish/callback"
callback_identifier = "{callback_identifier}"
poll_max_interval = 2

[bankid]
environment = "simulator"
base_url = "https://{host}:{ports.bankid}/rp/v6.0/"
certificate = "{bankid_dir}/rp.p12"
certificate_password = "qwerty123"
ca_file = "{bankid_dir}/ca.pem"
"""


@dataclass(frozen=True)
class Ports:
    backoffice: int = 8000
    controller: int = 8080
    bankid: int = 8444
    bankid_phone: int = 8445
    scanner_tcp: int = 7001
    scanner_http: int = 8091
    swish: int = 8446
    swish_phone: int = 8447
    mail_smtp: int = 8025
    mail_http: int = 8026


DEMO_MEMBER = ("191212121212", "Tolvan Tolvansson")
"""The BankID simulator's first test identity (Skatteverket's test number), a member at start."""
DEMO_MEMBER_LIMIT_ORE = 500_00

DEMO_VOLUNTEER = "Vera Volontär"
"""The contact on watch for the demo store: e-mail to the mail catcher, webhook to its receiver."""
DEMO_VOLUNTEER_EMAIL = "volontar@demo.byabutik.se"
"""The demo volunteer's sign-in (byabutik.demo_people): the contact is that person."""

STORE_SLUG = "demo"
STORE_NAME = "Byabutiken i Demoby"


@dataclass(frozen=True)
class DemoData:
    root: Path
    config_file: Path
    backoffice_dir: Path
    controller_dir: Path
    bankid_dir: Path
    swish_dir: Path
    enrollment_code: str | None
    """A one-time code for the controller, or None when it is already enrolled."""
    callback_identifier: str = ""
    """What the store gives Swish and the backoffice expects on its callbacks (made per run)."""


def prepare(root: Path, host: str, ports: Ports) -> DemoData:
    """Folders, databases, the store and its volunteer on watch, the controller's settings."""
    root = root.resolve()
    data = DemoData(
        root=root,
        config_file=root / "controller.toml",
        backoffice_dir=root / "backoffice",
        controller_dir=root / "controller",
        bankid_dir=root / "bankid",
        swish_dir=root / "swish",
        enrollment_code=None,
        callback_identifier=secrets.token_hex(16),
    )
    private_dir(root)
    code = _prepare_backoffice(data, f"http://{host}:{ports.mail_http}/webhook")
    _prepare_controller(data)
    identity_key = data.backoffice_dir / "bankid-identity.key"
    if not identity_key.exists():  # kept across runs: linked BankIDs keep matching
        create_private(identity_key, secrets.token_hex(32).encode())
    data.config_file.unlink(missing_ok=True)  # written anew, readable by this user alone
    create_private(
        data.config_file,
        CONTROLLER_CONFIG.format(
            data_dir=data.controller_dir,
            host=host,
            ports=ports,
            bankid_dir=data.bankid_dir,
            swish_dir=data.swish_dir,
            store_slug=STORE_SLUG,
            store_name=STORE_NAME,
            callback_identifier=data.callback_identifier,
        ).encode(),
    )
    return DemoData(**{**data.__dict__, "enrollment_code": code})


def _prepare_backoffice(data: DemoData, webhook_url: str) -> str | None:
    """The store exists in the backoffice with its volunteer on watch; a code to enroll its
    controller if it never was."""
    engine = make_backoffice_engine(f"sqlite:///{data.backoffice_dir / 'backoffice.db'}")
    try:
        BACKOFFICE_MIGRATIONS.upgrade(engine)
        with sessionmaker(engine).begin() as session:
            seed_demo_products(session=session, now=datetime.now(UTC))
            store = ensure_store(session=session, slug=STORE_SLUG, name=STORE_NAME)
            seed_people(session, STORE_SLUG)
            ensure_volunteer(session, store.id, webhook_url)
            if load_credential(data.controller_dir) is not None:
                return None
            return issue_enrollment_code(session=session, store=store, now=datetime.now(UTC)).code
    finally:
        engine.dispose()


def ensure_volunteer(session: Session, store_id: int, webhook_url: str) -> Contact:
    """The demo store's one contact, on watch around the clock (nobody else is): every severity
    by e-mail (the mail catcher) and signed webhook (its receiver, whose port may change)."""
    person_id = session.scalar(select(Person.id).where(Person.email == DEMO_VOLUNTEER_EMAIL))
    contact = session.scalar(
        select(Contact).where(Contact.store_id == store_id, Contact.name == DEMO_VOLUNTEER)
    )
    if contact is None:
        contact = Contact(store_id=store_id, active=True, name=DEMO_VOLUNTEER, rota_order=0)
        session.add(contact)
    contact.email = DEMO_VOLUNTEER_EMAIL
    contact.person_id = person_id
    contact.webhook_url = webhook_url
    contact.severities = "critical,warning,info"
    contact.channels = "email,webhook"
    session.flush()
    return contact


def _prepare_controller(data: DemoData) -> None:
    """The controller's identity hash key (made here, mode 0600, where the controller looks for
    it: data_dir/identity-hash.key) and its database with one approved member who can pay on
    account."""
    private_dir(data.controller_dir)
    key_file = data.controller_dir / KEY_FILE_NAME
    if not key_file.exists():
        create_key_file(key_file)
    engine = make_engine(f"sqlite:///{data.controller_dir / 'controller.db'}")
    try:
        CONTROLLER_MIGRATIONS.upgrade(engine)
        with sessionmaker(engine).begin() as session:
            ensure_member(
                session,
                personal_number=DEMO_MEMBER[0],
                name=DEMO_MEMBER[1],
                hash_key=read_key(key_file),
                limit_ore=DEMO_MEMBER_LIMIT_ORE,
                at=datetime.now(UTC),
            )
    finally:
        engine.dispose()
