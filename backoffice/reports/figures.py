"""The figures reports hand back (also the JSON the API answers): amounts in öre, counts as ints."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticUndefined


class Figures(BaseModel):
    model_config = ConfigDict(frozen=True)


F = TypeVar("F", bound="Figures")


def trusted_builder(cls: type[F]) -> Callable[..., F]:
    """Builds `cls` from values validated already, as `model_construct` does (the fields in
    their order, a missing one at its default, the fields set = those given) without its walk
    through aliases for every field: figures have none, nor private attributes or a post-init."""
    fields = cls.__pydantic_fields__
    assert not cls.__pydantic_post_init__
    assert not cls.__private_attributes__
    assert all(f.alias is None and f.validation_alias is None for f in fields.values())
    order = tuple(
        (name, None if field.default is PydanticUndefined else field.default)
        for name, field in fields.items()
    )
    assert all(f.default_factory is None for f in fields.values())
    new, setattr_ = cls.__new__, object.__setattr__

    def build(**values: Any) -> F:
        model = new(cls)
        setattr_(model, "__dict__", {n: values.get(n, d) for n, d in order})
        setattr_(model, "__pydantic_fields_set__", set(values))
        setattr_(model, "__pydantic_extra__", None)
        setattr_(model, "__pydantic_private__", None)
        return model

    return build


class ScopeRead(Figures):
    store_ids: tuple[int, ...]
    start: date
    end: date
    time_zone: str


class SalesRow(Figures):
    """Receipts in one period (and store): purchases have a total >= 0, returns below 0."""

    period: str
    store_id: int | None = None
    receipts: int
    returns: int
    sales_count: int
    sales_ore: int
    returns_ore: int
    net_ore: int
    average_basket_ore: int | None
    """Purchases' total / number of purchases, rounded half up (None without purchases)."""


class SalesReport(Figures):
    scope: ScopeRead
    grain: str
    rows: tuple[SalesRow, ...]
    total: SalesRow


class PaymentRow(Figures):
    method: str
    count: int
    amount_ore: int
    share_bp: int | None
    """Share of the period's payments in basis points (None when nothing was paid)."""


class Comparison(Figures):
    previous: ScopeRead
    previous_total: SalesRow
    net_change_ore: int
    net_change_bp: int | None
    """Change of net sales against the previous period, basis points (None from zero)."""
    sales_count_change: int


class SalesSummary(Figures):
    scope: ScopeRead
    total: SalesRow
    payments: tuple[PaymentRow, ...]
    comparison: Comparison


class VatRow(Figures):
    period: str
    store_id: int | None = None
    rate_bp: int
    gross_ore: int
    vat_ore: int
    net_ore: int


class VatReport(Figures):
    scope: ScopeRead
    grain: str
    rows: tuple[VatRow, ...]
    totals: tuple[VatRow, ...]
    """Per rate over the whole range (period "total")."""


class ProductRow(Figures):
    store_id: int | None = None
    product_key: str
    name: str
    kind: str
    vat_class: str
    category: str
    lines: int
    quantity: int
    weight_g: int
    gross_ore: int
    net_ore: int
    """Gross less the VAT inside it, per rate, rounded half up (receipts round per receipt)."""
    cost_ore: int | None
    margin_ore: int | None
    """Net less cost, when the cost price is known (catalog work, issue 18)."""


class ProductReport(Figures):
    scope: ScopeRead
    rows: tuple[ProductRow, ...]


class CategoryRow(Figures):
    category: str
    products: int
    lines: int
    gross_ore: int
    net_ore: int
    cost_ore: int | None
    margin_ore: int | None


class CategoryReport(Figures):
    scope: ScopeRead
    source: str
    """Where categories came from: "catalog" or "vat_class" until the catalog has them."""
    rows: tuple[CategoryRow, ...]


class Stamp(Figures):
    """When and from what a figure was made, for printed pages."""

    made_at: datetime
