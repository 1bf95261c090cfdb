"""Made-up trading for the report tests: wire sales as a register makes them (VAT per rate on the
day's schedule, rounded per receipt), stored through the sync apply path, and the figures a
report must show computed straight from those sales in Python (the reference)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from sqlalchemy.orm import Session

from backoffice.sales.service import record_sales
from backoffice.stores.service import create_store
from retail import wire
from retail.money import Money
from retail.vat import SWEDISH_VAT, VatClass, VatSummary

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2027, 1, 2, 12, 0, tzinfo=UTC)

PRODUCTS = {  # product key -> (name, VAT class)
    "07310865071805": ("Mjölk 1,5 %", VatClass.FOOD),
    "07311041013557": ("Kaffe bryggmalet", VatClass.FOOD),
    "07310500143010": ("Batterier AA", VatClass.STANDARD),
    "09771234567003": ("Dagens Nyheter", VatClass.REDUCED),
    "07350053850019": ("Frimärke", VatClass.ZERO),
}


@dataclass(frozen=True)
class LineSpec:
    product_key: str
    quantity: int
    unit_price_ore: int
    pant_ore: int = 0


@dataclass(frozen=True)
class SaleSpec:
    at: datetime
    lines: tuple[LineSpec, ...]
    method: wire.PaymentMethod = wire.PaymentMethod.SWISH
    customer: str | None = None


def make_sale(spec: SaleSpec, receipt: int, register: str = "kassa-1") -> wire.Sale:
    """The wire sale of `spec`, VAT on the rate of its local day (like the register)."""
    day = spec.at.astimezone(STOCKHOLM).date()
    lines: list[wire.SaleLine] = []
    for item in spec.lines:
        name, vat_class = PRODUCTS[item.product_key]
        rate = SWEDISH_VAT.rate_bp(vat_class, day)
        amount = item.quantity * item.unit_price_ore
        common = {"product_key": item.product_key, "vat_class": vat_class, "vat_rate_bp": rate}
        lines.append(
            wire.SaleLine(
                line_no=len(lines) + 1,
                name=name,
                quantity=item.quantity,
                unit_price_ore=item.unit_price_ore,
                amount_ore=amount,
                **common,
            )
        )
        if item.pant_ore:
            lines.append(
                wire.SaleLine(
                    kind=wire.SaleLineKind.PANT,
                    line_no=len(lines) + 1,
                    name="Pant",
                    quantity=item.quantity,
                    unit_price_ore=item.pant_ore,
                    amount_ore=item.quantity * item.pant_ore,
                    **common,
                )
            )
    summary = VatSummary.of_lines((line.vat_rate_bp, Money(line.amount_ore)) for line in lines)
    total = sum(line.amount_ore for line in lines)
    return wire.Sale(
        sale_id=uuid.uuid4(),
        register_id=register,
        receipt_number=receipt,
        occurred_at=spec.at,
        lines=tuple(lines),
        vat=wire.VatLine.from_summary(summary),
        payments=(
            wire.Payment(
                method=spec.method, amount_ore=total, reference=f"r-{receipt}", confirmed_at=spec.at
            ),
        ),
        total_ore=total,
        customer_hash=spec.customer,
    )


def store_sales(
    session: Session, slug: str, specs: Iterable[SaleSpec]
) -> tuple[int, list[wire.Sale]]:
    """A new store `slug` with `specs` applied in receipt order (through the sync apply path)."""
    store = create_store(session=session, slug=slug, name=slug.title(), org_number="769600-1234")
    ordered = sorted(specs, key=lambda s: s.at)
    sales = [make_sale(spec, receipt) for receipt, spec in enumerate(ordered, start=1)]
    record_sales(
        session=session,
        store_id=store.id,
        sales=[(i, sale) for i, sale in enumerate(sales, start=1)],
        now=NOW,
    )
    session.flush()
    return store.id, sales


def local_day(at: datetime) -> date:
    return at.astimezone(STOCKHOLM).date()


def vat_by_day(sales: Iterable[wire.Sale]) -> dict[tuple[str, int], tuple[int, int, int]]:
    """{(local day, rate): (gross, VAT, net)} summed from the receipts' VAT rows."""
    sums: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for sale in sales:
        for row in sale.vat:
            entry = sums[(local_day(sale.occurred_at).isoformat(), row.rate_bp)]
            entry[0] += row.gross_ore
            entry[1] += row.vat_ore
            entry[2] += row.net_ore
    return {key: (g, v, n) for key, (g, v, n) in sums.items()}


# Strategies: sales around the food VAT change (2026-04-01) and the spring DST change (03-29).

line_specs = st.builds(
    LineSpec,
    product_key=st.sampled_from(sorted(PRODUCTS)),
    quantity=st.integers(min_value=-2, max_value=5).filter(bool),
    unit_price_ore=st.integers(min_value=1, max_value=99_999),
    pant_ore=st.sampled_from([0, 0, 200, 300]),
)
sale_specs = st.builds(
    SaleSpec,
    at=st.datetimes(
        min_value=datetime(2026, 3, 27, 0, 0),
        max_value=datetime(2026, 4, 3, 0, 0),
        timezones=st.just(UTC),
    ),
    lines=st.lists(line_specs, min_size=1, max_size=4).map(tuple),
    method=st.sampled_from(list(wire.PaymentMethod)),
    customer=st.sampled_from([None, "a" * 64, "b" * 64]),
)
