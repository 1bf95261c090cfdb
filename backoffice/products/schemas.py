"""What the products API reads and answers."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from retail.barcodes import InvalidBarcodeError, to_gtin14
from retail.comparison import ContentUnit
from retail.money import MAX_AMOUNT_ORE
from retail.vat.rates import VatClass
from retail.wire.catalog import Unit


class Deposit(enum.StrEnum):
    """Pant class (Pantamera): 1 kr for cans and PET up to a litre, 2 kr above a litre."""

    NONE = "none"
    SMALL = "small"
    LARGE = "large"


DEPOSIT_ORE = {Deposit.NONE: 0, Deposit.SMALL: 100, Deposit.LARGE: 200}


def _gtin(code: str) -> str:
    try:
        return to_gtin14(code)
    except InvalidBarcodeError as exc:
        raise ValueError(f"GTIN {code}: {exc}") from None


Gtin = Annotated[str, AfterValidator(_gtin)]
Price = Annotated[int, Field(ge=0, le=MAX_AMOUNT_ORE)]
Text = Annotated[str, Field(max_length=80)]


class ProductInput(BaseModel):
    """A product as the owner saves it; `price_ore` takes effect at once if it differs."""

    model_config = ConfigDict(extra="forbid")

    sku: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
    name: str = Field(min_length=1, max_length=120)
    brand: Text = ""
    category: Text = ""
    gtins: list[Gtin] = Field(default_factory=list, max_length=20)
    article: str | None = Field(default=None, pattern=r"^2[0-5][0-9]{6}$")
    unit: Unit = Unit.PIECE
    price_ore: Price
    vat_class: VatClass
    deposit: Deposit = Deposit.NONE
    age_limit: int = Field(default=0, ge=0, le=25)
    essential: bool = False
    supplier: Text = ""
    cost_price_ore: Price | None = None
    content_amount: int | None = Field(default=None, gt=0, le=1_000_000)
    content_unit: ContentUnit | None = None
    active: bool = True


class PriceChangeInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    price_ore: Price
    effective_at: datetime | None = None
    """None = now; otherwise when it takes effect (with a time zone)."""
    store: str | None = None
    """A store's slug, or None for every store."""


class PriceChangeRead(BaseModel):
    id: int
    price_ore: int
    effective_at: datetime
    store: str | None
    source: str
    pending: bool


class ComparisonRead(BaseModel):
    ore: int
    per: str
    label: str


class StorePriceRead(BaseModel):
    """The price a store sells at now, and whether the store has pulled the latest revision."""

    store: str
    price_ore: int
    comparison: ComparisonRead | None
    store_revision: int | None
    applied: bool


class ProductRead(ProductInput):
    revision: int
    comparison: ComparisonRead | None
    vat_rate_bp: int
    updated_at: datetime


class ProductDetail(ProductRead):
    stores: list[StorePriceRead]
    prices: list[PriceChangeRead]


class ProductPage(BaseModel):
    total: int
    items: list[ProductRead]
