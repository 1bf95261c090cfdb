"""The sale's hand-made canonical text is byte for byte `canonical_json` of its dump: the journal's
hashes and the outbox rows do not change."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from retail.wire import AgeCheck, Sale, SaleLineKind
from store_controller.checkout.chain import canonical_json
from store_controller.checkout.sale_text import journal_body, sale_json
from tests.retail.wire.factories import CUSTOMER, sale
from tests.retail.wire.test_sale_arithmetic import consistent_sales

TEXT = st.text(max_size=40)  # quotes, backslashes, controls, non-ASCII, surrogates' neighbours
TIMES = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)


def expected(a_sale: Sale) -> tuple[str, str]:
    dumped = a_sale.model_dump(mode="json")
    return canonical_json(dumped), dumped["occurred_at"]


@st.composite
def varied_sales(draw: st.DrawFn) -> Sale:
    """Consistent sales, then every text, time and optional field varied (a copy is not
    validated again: only the types matter to the text)."""
    base = draw(consistent_sales() | st.just(sale()))
    lines = tuple(
        line.model_copy(
            update={
                "name": draw(TEXT),
                "product_key": draw(TEXT),
                "kind": draw(st.sampled_from(list(SaleLineKind))),
                "age_limit": draw(st.integers(0, 25)),
            }
        )
        for line in base.lines
    )
    payments = tuple(
        payment.model_copy(update={"reference": draw(TEXT), "confirmed_at": draw(TIMES)})
        for payment in base.payments
    )
    checks = tuple(
        AgeCheck.model_construct(
            identity_hash=draw(TEXT),
            required_age=draw(st.integers(1, 25)),
            passed=draw(st.booleans()),
            checked_at=draw(TIMES),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    return base.model_copy(
        update={
            "sale_id": draw(st.uuids()),
            "register_id": draw(TEXT),
            "receipt_number": draw(st.integers(1, 10**12 - 1)),
            "occurred_at": draw(TIMES),
            "lines": lines,
            "payments": payments,
            "customer_hash": draw(st.none() | TEXT),
            "age_checks": checks,
        }
    )


@settings(deadline=None, max_examples=500)
@given(varied_sales())
def test_the_hand_made_text_is_canonical_jsons(a_sale: Sale) -> None:
    assert sale_json(a_sale) == expected(a_sale)


def test_the_factorys_sale_with_a_customer_and_an_age_check() -> None:
    at = datetime(2026, 12, 6, 19, 40, 1, 250000, tzinfo=UTC)
    a_sale = sale(
        customer_hash=CUSTOMER,
        age_checks=[
            {"identity_hash": CUSTOMER, "required_age": 18, "passed": True, "checked_at": at}
        ],
    )
    text, occurred = sale_json(a_sale)
    assert (text, occurred) == expected(a_sale)
    assert Sale.model_validate_json(text) == a_sale


@settings(deadline=None, max_examples=300)
@given(
    varied_sales(),
    TEXT,
    st.integers(0, 10**9),
    TEXT,
    st.lists(TEXT, max_size=3),
)
def test_the_hand_made_journal_body_is_canonical_jsons(
    a_sale: Sale, store_id: str, pant_ore: int, provider: str, orders: list[str]
) -> None:
    sale_text, _ = sale_json(a_sale, str(a_sale.sale_id))
    assert sale_text == expected(a_sale)[0]
    body = {
        "kind": "sale",
        "store_id": store_id,
        "pant_ore": pant_ore,
        "payment_provider": provider,
        "age_check_orders": orders,
        "sale": json.loads(sale_text),
    }
    made = journal_body(
        sale_text,
        store_id=store_id,
        pant_ore=pant_ore,
        provider=provider,
        age_check_orders=orders,
    )
    assert made == canonical_json(body)
