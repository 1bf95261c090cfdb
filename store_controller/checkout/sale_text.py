"""A sale's canonical JSON made by hand: the text `canonical_json(sale.model_dump(mode="json"))`
gives (sorted keys, no spaces, UTF-8), without the dump's dict tree and the sorting encoder
(issue 23). The journal's hash covers this text: a property test holds it to
`canonical_json`'s for generated sales (tests/store_controller/checkout/test_sale_text.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from json.encoder import encode_basestring as _text
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retail.wire import Sale


def wire_time(at: datetime) -> str:
    """A wire timestamp (UTC) as pydantic writes it: ISO 8601, "Z", microseconds only if set."""
    text = at.isoformat()
    if not text.endswith("+00:00"):
        raise ValueError("a wire timestamp is in UTC")
    return text[:-6] + "Z"


def sale_json(sale: Sale, sale_key: str | None = None) -> tuple[str, str]:
    """The sale's canonical text, and its `occurred_at` as text; `sale_key` is `str` of the
    sale's id when the caller has it already."""
    occurred = wire_time(sale.occurred_at)
    lines = ",".join(
        f'{{"age_limit":{ln.age_limit},"amount_ore":{ln.amount_ore},"kind":{_text(ln.kind)},'
        f'"line_no":{ln.line_no},"name":{_text(ln.name)},'
        f'"product_key":{_text(ln.product_key)},"quantity":{ln.quantity},'
        f'"unit_price_ore":{ln.unit_price_ore},"vat_class":{_text(ln.vat_class)},'
        f'"vat_rate_bp":{ln.vat_rate_bp},'
        f'"weight_g":{"null" if ln.weight_g is None else ln.weight_g}}}'
        for ln in sale.lines
    )
    payments = ",".join(
        f'{{"amount_ore":{p.amount_ore},"confirmed_at":"{wire_time(p.confirmed_at)}",'
        f'"method":{_text(p.method)},"reference":{_text(p.reference)}}}'
        for p in sale.payments
    )
    vat = ",".join(
        f'{{"gross_ore":{v.gross_ore},"net_ore":{v.net_ore},"rate_bp":{v.rate_bp},'
        f'"vat_ore":{v.vat_ore}}}'
        for v in sale.vat
    )
    checks = ",".join(
        f'{{"checked_at":"{wire_time(c.checked_at)}","identity_hash":{_text(c.identity_hash)},'
        f'"passed":{"true" if c.passed else "false"},"required_age":{c.required_age}}}'
        for c in sale.age_checks
    )
    customer = "null" if sale.customer_hash is None else _text(sale.customer_hash)
    key = str(sale.sale_id) if sale_key is None else sale_key
    text = (
        f'{{"age_checks":[{checks}],"customer_hash":{customer},"kind":{_text(sale.kind)},'
        f'"lines":[{lines}],"occurred_at":"{occurred}","payments":[{payments}],'
        f'"receipt_number":{sale.receipt_number},"register_id":{_text(sale.register_id)},'
        f'"sale_id":"{key}","total_ore":{sale.total_ore},"vat":[{vat}]}}'
    )
    return text, occurred


def journal_body(
    sale_text: str, *, store_id: str, pant_ore: int, provider: str, age_check_orders: Iterable[str]
) -> str:
    """A sale's journal entry as canonical text around the sale's own (`sale_text`, the outbox
    row's): `canonical_json` of {"kind": "sale", "store_id", "pant_ore", "payment_provider",
    "age_check_orders", "sale"}, its members written out in their sorted order."""
    orders = ",".join([_text(order) for order in age_check_orders])
    return (
        f'{{"age_check_orders":[{orders}],"kind":"sale","pant_ore":{int(pant_ore)},'
        f'"payment_provider":{_text(provider)},"sale":{sale_text},"store_id":{_text(store_id)}}}'
    )
