"""Catalog changes pulled by a store: products, prices, store settings and access policy."""

from __future__ import annotations

import enum
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, JsonValue, model_validator

from retail.enum_value import read_value_in_c
from retail.orgnr import org_number_of_vat, parse_org_number
from retail.vat.rates import VatClass
from retail.wire.common import (
    Count,
    Gtin14,
    Name,
    NonNegativeOre,
    Note,
    PolicyKey,
    ProductName,
    Sku,
    StrictBool,
    StrictInt,
    TimeOfDay,
    UtcDateTime,
    WireModel,
)
from retail.wire.policy import MEMBER_HOURS, PolicyRules

MAX_PRODUCTS_PER_PAGE = 2_000
MAX_POLICY_BYTES = 16_384


@read_value_in_c
class Unit(enum.StrEnum):
    """How a product is sold."""

    PIECE = "piece"
    KILOGRAM = "kg"


class ScheduledPrice(WireModel):
    """A shelf price (VAT included) taking effect at `effective_at`."""

    price_ore: NonNegativeOre
    effective_at: UtcDateTime


class Product(WireModel):
    """A product as the store sells it."""

    sku: Sku
    name: ProductName
    gtins: Annotated[tuple[Gtin14, ...], Field(max_length=20)] = ()
    article: Annotated[str, Field(pattern=r"^2[0-5][0-9]{6}$")] | None = None
    """The 8-digit article identity of its Swedish price or weight labels."""
    unit: Unit = Unit.PIECE
    price_ore: NonNegativeOre
    """Per piece, or per kilogram for `Unit.KILOGRAM`."""
    scheduled_prices: Annotated[tuple[ScheduledPrice, ...], Field(max_length=10)] = ()
    vat_class: VatClass
    pant_ore: Annotated[StrictInt, Field(ge=0, le=10_000)] = 0
    age_limit: Annotated[StrictInt, Field(ge=0, le=25)] = 0
    active: StrictBool = True

    @model_validator(mode="after")
    def _ordered_schedule(self) -> Self:
        times = [price.effective_at for price in self.scheduled_prices]
        if times != sorted(set(times)):
            raise ValueError("scheduled prices are in strictly ascending time order")
        return self


class OpeningHours(WireModel):
    """Open on `weekday` (0 = Monday) from `opens` to `closes` (local time; closes > opens)."""

    weekday: Annotated[StrictInt, Field(ge=0, le=6)]
    opens: TimeOfDay
    closes: TimeOfDay

    @model_validator(mode="after")
    def _opens_before_closing(self) -> Self:
        if self.closes <= self.opens:
            raise ValueError("closes after it opens")
        return self


def _org_number(text: str) -> str:
    return parse_org_number(text)


def _vat_number(text: str) -> str:
    org_number_of_vat(text)
    return text


OrgNumber = Annotated[str, Field(max_length=11), AfterValidator(_org_number)]
VatNumber = Annotated[str, Field(pattern=r"^SE[0-9]{10}01$"), AfterValidator(_vat_number)]


class StoreSettings(WireModel):
    """Settings the owner edits in the backoffice."""

    display_name: Name
    timezone: Annotated[str, Field(pattern=r"^[A-Za-z_]+(?:/[A-Za-z0-9_+-]+){0,2}$")]
    unlock_seconds: Annotated[StrictInt, Field(ge=1, le=30)] = 5
    held_open_alarm_seconds: Annotated[StrictInt, Field(ge=5, le=600)] = 30
    opening_hours: Annotated[tuple[OpeningHours, ...], Field(max_length=21)] = ()
    receipt_footer: Note = ""
    legal_name: Name | None = None
    """The company or association behind the store, as registered (on every receipt)."""
    org_number: OrgNumber | None = None
    vat_number: VatNumber | None = None
    address: Note | None = None
    """Where the sale takes place (on every receipt)."""
    customer_contact: Note | None = None
    """How customers reach a person: telephone, e-mail."""


class AccessPolicy(WireModel):
    """Who may enter: `rules` is a `PolicyRules` as JSON (kept a JSON object on the wire so that
    controllers reading the rules themselves still work); bounded in size."""

    version: Annotated[StrictInt, Field(ge=1, le=1_000)]
    rules: Annotated[dict[PolicyKey, JsonValue], Field(max_length=64)]

    @model_validator(mode="after")
    def _bounded(self) -> Self:
        if len(self.model_dump_json()) > MAX_POLICY_BYTES:
            raise ValueError(f"an access policy is at most {MAX_POLICY_BYTES} bytes of JSON")
        return self

    @classmethod
    def of(cls, version: int, rules: PolicyRules) -> AccessPolicy:
        """The wire form of typed `rules`."""
        return cls(version=version, rules=rules.wire_rules())

    def for_features(self, features: frozenset[str]) -> AccessPolicy:
        """This policy as a controller naming `features` on its pull can read it: without
        `member_hours` unless it named that feature (it then admits members at everyone's
        hours only, never more)."""
        if MEMBER_HOURS in features or MEMBER_HOURS not in self.rules:
            return self
        rules = {key: value for key, value in self.rules.items() if key != MEMBER_HOURS}
        return self.model_copy(update={"rules": rules})

    def typed(self) -> PolicyRules:
        """The rules as the typed model (ValidationError when they are not one)."""
        return PolicyRules.model_validate(self.rules)


class CatalogChanges(WireModel):
    """One page of changes after `since_revision`, up to `revision`; `full` replaces everything."""

    kind: Literal["catalog_changes"] = "catalog_changes"
    since_revision: Count
    revision: Count
    full: StrictBool = False
    products: Annotated[tuple[Product, ...], Field(max_length=MAX_PRODUCTS_PER_PAGE)] = ()
    removed_skus: Annotated[tuple[Sku, ...], Field(max_length=MAX_PRODUCTS_PER_PAGE)] = ()
    settings: StoreSettings | None = None
    access_policy: AccessPolicy | None = None
    more: StrictBool = False
    """Another page follows: ask again from `revision`."""

    @model_validator(mode="after")
    def _moves_forward(self) -> Self:
        if self.revision < self.since_revision:
            raise ValueError("revision never goes back")
        return self
