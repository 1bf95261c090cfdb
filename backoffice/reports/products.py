"""Sales per product and per category, with margins where cost prices are known."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from backoffice.reports.catalog_seams import ProductFacts, category_of
from backoffice.reports.figures import CategoryReport, CategoryRow, ProductReport, ProductRow
from backoffice.reports.products_facts import ProductsFacts
from backoffice.reports.sales import scope_read
from backoffice.reports.scope import ReportScope
from backoffice.reports.sources import product_totals
from retail.money import Money
from retail.rounding import div_round_half_up


@dataclass(slots=True)
class _Product:
    name: str
    vat_class: str
    lines: int = 0
    quantity: int = 0
    weight_g: int = 0
    gross: int = 0
    net: int = 0


@dataclass
class _Category:
    products: int = 0
    lines: int = 0
    gross: int = 0
    net: int = 0
    cost: int | None = 0


def _net(gross: int, rate_bp: int) -> int:
    """`gross - vat_included(Money(gross), rate_bp).ore`, in plain ints (once per product)."""
    return gross - div_round_half_up(gross * rate_bp, 10_000 + rate_bp)


def _collect(
    session: Session, scope: ReportScope, per_store: bool
) -> dict[tuple[int | None, str, str], _Product]:
    products: dict[tuple[int | None, str, str], _Product] = {}
    get = products.get
    for row in product_totals(session, scope, per_store=per_store):
        store, rest = (row[0], row[1:]) if per_store else (None, row)
        key, kind, vat_class, rate, name, lines, quantity, grams, amount = rest
        product = get((store, key, kind))
        if product is None:
            product = products[(store, key, kind)] = _Product(name, vat_class)
        product.lines += lines
        product.quantity += quantity
        product.weight_g += grams
        product.gross += amount
        product.net += _net(amount, rate)
    return products


def product_report(
    *,
    session: Session,
    scope: ReportScope,
    per_store: bool = False,
    facts: ProductFacts | None = None,
    limit: int | None = None,
) -> ProductReport:
    """Every product sold in the range, best-selling (by gross) first."""
    facts = facts or ProductsFacts()
    products = _collect(session, scope, per_store)
    known = facts.facts(session, scope.store_ids, {key for _, key, _ in products})
    # Ordered on the plain totals, and only the rows kept are built as models.
    ordered = sorted(
        products.items(), key=lambda item: (item[0][0] or 0, -item[1].gross, *item[0][1:])
    )
    rows = []
    for (store, key, kind), p in ordered[:limit] if limit else ordered:
        fact = known.get(key)
        cost = _cost(fact.cost_ore if fact else None, p, kind)
        rows.append(
            ProductRow(
                store_id=store,
                product_key=key,
                name=(fact.name if fact and fact.name else p.name),
                kind=kind,
                vat_class=p.vat_class,
                category=category_of(fact, p.vat_class, kind),
                lines=p.lines,
                quantity=p.quantity,
                weight_g=p.weight_g,
                gross_ore=p.gross,
                net_ore=p.net,
                cost_ore=cost,
                margin_ore=None if cost is None else p.net - cost,
            )
        )
    return ProductReport(scope=scope_read(scope), rows=tuple(rows))


def _cost(unit_cost: int | None, product: _Product, kind: str) -> int | None:
    """Cost of what was sold: per piece, or per kg for goods sold by weight; pant costs nothing
    here (the deposit is paid on to the supplier and refunded by Returpack)."""
    if kind == "pant":
        return 0
    if unit_cost is None:
        return None
    if product.weight_g:
        return Money(unit_cost).for_weight(product.weight_g).ore
    return unit_cost * product.quantity


def category_report(
    *, session: Session, scope: ReportScope, facts: ProductFacts | None = None
) -> CategoryReport:
    """Sales per category; margin where every product of the category has a cost price."""
    facts = facts or ProductsFacts()
    report = product_report(session=session, scope=scope, facts=facts)
    return categories_of(report, facts.source)


def categories_of(report: ProductReport, source: str) -> CategoryReport:
    """The category report of a product report already read (one read for both)."""
    sums: dict[str, _Category] = defaultdict(_Category)
    for row in report.rows:
        entry = sums[row.category]
        entry.products += 1
        entry.lines += row.lines
        entry.gross += row.gross_ore
        entry.net += row.net_ore
        entry.cost = (
            None if entry.cost is None or row.cost_ore is None else entry.cost + row.cost_ore
        )
    rows = [
        CategoryRow(
            category=category,
            products=c.products,
            lines=c.lines,
            gross_ore=c.gross,
            net_ore=c.net,
            cost_ore=c.cost,
            margin_ore=None if c.cost is None else c.net - c.cost,
        )
        for category, c in sums.items()
    ]
    rows.sort(key=lambda r: -r.gross_ore)
    return CategoryReport(scope=report.scope, source=source, rows=tuple(rows))
