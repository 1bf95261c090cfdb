"""A store's details (legal name, organisation and VAT number, address, time zone, customer
contact) and its opening hours: read, saved, and sent to the store through the catalog pull.

The name, organisation number, address and time zone live on the `stores` row (receipts and
reports read them there); the whole set also goes into the store's `wire.StoreSettings`, and the
hours into its access policy (`wire.PolicyRules.hours`, the one format the door reads), so one
save is one catalog revision the store's heartbeat later reports as applied.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy.orm import Session

from backoffice.catalog.models import StoreCatalogSettings
from backoffice.catalog.service import set_store_settings
from backoffice.errors import BackofficeError
from backoffice.heartbeats.service import latest
from backoffice.stores.models import Store
from retail import wire
from retail.orgnr import OrgNumberError, parse_org_number, vat_number


class StoreDetails(BaseModel):
    """What an owner edits on the store settings page (and `PUT .../details` takes)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    legal_name: str = Field(min_length=1, max_length=120)
    org_number: str = Field(max_length=13)
    address: str = Field(min_length=1, max_length=200)
    time_zone: str = "Europe/Stockholm"
    customer_contact: str = Field(default="", max_length=200)
    hours: wire.WeeklyHours = wire.WeeklyHours()

    @field_validator("org_number")
    @classmethod
    def _org(cls, value: str) -> str:
        return parse_org_number(value)

    @property
    def vat_number(self) -> str:
        return vat_number(self.org_number)


class DetailsRead(StoreDetails):
    vat_number_text: str
    revision: int | None
    store_revision: int | None
    applied: bool


def _row(session: Session, store: Store) -> StoreCatalogSettings | None:
    return session.get(StoreCatalogSettings, store.id)


def current_rules(session: Session, store: Store) -> wire.PolicyRules:
    """The store's access policy as last saved (the defaults before any)."""
    row = _row(session, store)
    if row is None or row.access_policy is None:
        return wire.PolicyRules(timezone=store.time_zone)
    return wire.AccessPolicy.model_validate(row.access_policy).typed()


def _settings(session: Session, store: Store) -> dict[str, Any]:
    row = _row(session, store)
    return dict(row.settings) if row is not None and row.settings else {}


def legal_name(session: Session, store: Store) -> str:
    """The registered name behind the store (its own name until one is saved)."""
    return str(_settings(session, store).get("legal_name") or store.name)


def applied_state(session: Session, store: Store) -> tuple[int | None, int | None, bool]:
    """(revision saved, revision the store reported in its latest heartbeat, applied?)."""
    row = _row(session, store)
    status = latest(session=session, store_id=store.id)
    held = None if status is None else int(status.body["catalog_revision"])
    saved = None if row is None else row.revision
    return saved, held, saved is not None and held is not None and held >= saved


def read_details(session: Session, store: Store) -> DetailsRead:
    settings = _settings(session, store)
    saved, held, applied = applied_state(session, store)
    org = store.org_number
    try:
        vat = vat_number(org)
    except OrgNumberError:
        vat = ""
    return DetailsRead.model_construct(
        name=store.name,
        legal_name=settings.get("legal_name") or "",
        org_number=org,
        address=store.address,
        time_zone=store.time_zone,
        customer_contact=settings.get("customer_contact") or "",
        hours=current_rules(session, store).hours,
        vat_number_text=vat,
        revision=saved,
        store_revision=held,
        applied=applied,
    )


def save_details(session: Session, store: Store, details: StoreDetails, now: datetime) -> int:
    """Save `details` on the store and send them (settings and hours) to it; the revision."""
    try:
        rules = current_rules(session, store).model_copy(
            update={"hours": details.hours, "timezone": details.time_zone}
        )
        rules = wire.PolicyRules.model_validate(rules.model_dump(mode="json"))
        settings = wire.StoreSettings.model_validate(
            {
                **_settings(session, store),
                "display_name": details.name,
                "timezone": details.time_zone,
                "legal_name": details.legal_name,
                "org_number": details.org_number,
                "vat_number": details.vat_number,
                "address": details.address,
                "customer_contact": details.customer_contact or None,
            }
        )
    except ValidationError as exc:
        raise BackofficeError(_first_error(exc)) from None
    store.name, store.org_number = details.name, details.org_number
    store.address, store.time_zone = details.address, details.time_zone
    version = _next_version(session, store)
    return set_store_settings(
        session=session,
        store_id=store.id,
        now=now,
        settings=settings,
        policy=wire.AccessPolicy.of(version, rules),
    )


def save_rules(session: Session, store: Store, rules: wire.PolicyRules, now: datetime) -> int:
    """Save the store's access policy and send it to the store; the revision."""
    policy = wire.AccessPolicy.of(_next_version(session, store), rules)
    return set_store_settings(session=session, store_id=store.id, now=now, policy=policy)


def _next_version(session: Session, store: Store) -> int:
    row = _row(session, store)
    if row is None or row.access_policy is None:
        return 1
    return min(int(row.access_policy.get("version", 0)) + 1, 1_000)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors(include_input=False)[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}"


def parse_day_line(line: str) -> tuple[date, list[str]]:
    """An exception line of the form: `2026-12-24 07:00-13:00` or `2026-12-25 stängt`."""
    day, _, rest = line.strip().partition(" ")
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise BackofficeError(
            f"ett undantag börjar med ett datum ÅÅÅÅ-MM-DD: {line[:40]!r}"
        ) from None
    words = rest.replace(",", " ").split()
    if words in ([], ["stängt"], ["closed"]):
        return when, []
    return when, words
