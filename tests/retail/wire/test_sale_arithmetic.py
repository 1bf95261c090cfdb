"""A sale is checked against the kernel's own arithmetic, and each refusal names its field."""

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from retail.money import Money
from retail.swedish_time import swedish_date
from retail.vat import SWEDISH_VAT, VatClass, VatSummary
from retail.wire import (
    Payment,
    PaymentMethod,
    Sale,
    SaleLine,
    VatLine,
    Visit,
    VisitOutcome,
    ZReport,
)
from tests.retail.wire.factories import NOW, SALE_ID, sale, sale_line, z_report


def errors_of(build: Any, **changes: Any) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        build(**changes)
    return [(error["loc"], error["msg"]) for error in caught.value.errors(include_input=False)]


def locations(build: Any, **changes: Any) -> list[tuple[str | int, ...]]:
    return [loc for loc, _ in errors_of(build, **changes)]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"amount_ore": 3991}, 3990),
        ({"amount_ore": 1995}, 3990),
        ({"unit_price_ore": 1994}, 3988),
        ({"quantity": -2}, -3990),
        ({"weight_g": 750}, 2992),  # 2 × (1995 kr/kg × 0,750 kg = 14,9625 → 14,96)
    ],
)
def test_a_line_amount_is_quantity_times_unit_price(changes: dict[str, Any], expected: int) -> None:
    [(loc, message)] = errors_of(sale_line, **changes)
    assert loc == ("amount_ore",)
    assert f"{expected} öre" in message or "sign" in message


def test_a_line_amount_has_the_sign_of_its_quantity() -> None:
    [(loc, message)] = errors_of(sale_line, amount_ore=-3990)
    assert loc == ("amount_ore",)
    assert "sign" in message
    assert sale_line(quantity=-2, amount_ore=-3990).amount_ore == -3990
    assert sale_line(unit_price_ore=0, amount_ore=0).amount_ore == 0  # a free item


@pytest.mark.parametrize(
    ("unit", "grams", "quantity", "amount"),
    [
        (2000, 750, 1, 1500),
        (1999, 333, 1, 666),  # 665,667 öre, half-up
        (1999, 333, 3, 1998),  # rounded per package, then times three
        (1000, 1, -1, -1),  # a return mirrors its sale
        (1, 500, 1, 1),  # 0,5 öre rounds up
    ],
)
def test_a_weighed_line_is_the_price_of_its_weight_per_package(
    unit: int, grams: int, quantity: int, amount: int
) -> None:
    line = sale_line(unit_price_ore=unit, weight_g=grams, quantity=quantity, amount_ore=amount)
    assert line.expected_amount == Money(amount)
    assert locations(
        sale_line, unit_price_ore=unit, weight_g=grams, quantity=quantity, amount_ore=amount + 1
    ) == [("amount_ore",)]


def test_a_zero_quantity_is_named() -> None:
    assert locations(sale_line, quantity=0, amount_ore=0) == [("quantity",)]


def test_line_errors_are_named_within_the_sale() -> None:
    original = sale()
    wrong = original.lines[1].model_dump() | {"amount_ore": 1501}
    with pytest.raises(ValidationError) as caught:
        Sale.model_validate(
            original.model_dump() | {"lines": [original.lines[0], wrong, original.lines[2]]}
        )
    assert caught.value.errors()[0]["loc"] == ("lines", 1, "amount_ore")


def test_each_line_carries_its_class_rate_on_the_sale_date() -> None:
    milk = sale().lines[0]
    at_12 = milk.model_copy(update={"vat_rate_bp": 1200})
    assert ("lines", 0, "vat_rate_bp") in locations(sale, lines=(at_12, *sale().lines[1:]))


def one_line_sale(at: datetime, rate: int) -> Sale:
    line = sale_line(quantity=1, amount_ore=1995, vat_rate_bp=rate)
    vat = VatLine.from_summary(VatSummary.of_lines([(rate, Money(1995))]))
    return sale(
        occurred_at=at,
        lines=(line,),
        vat=vat,
        total_ore=1995,
        payments=(Payment(method="swish", amount_ore=1995, reference="r-1", confirmed_at=at),),
    )


@pytest.mark.parametrize(
    ("at", "food_rate"),
    [
        (datetime(2026, 3, 31, 21, 59, tzinfo=UTC), 1200),  # 23:59 in Sweden
        (datetime(2026, 3, 31, 22, 0, tzinfo=UTC), 600),  # midnight in Sweden: 1 April
        (datetime(2027, 12, 31, 22, 59, tzinfo=UTC), 600),
        (datetime(2027, 12, 31, 23, 0, tzinfo=UTC), 1200),  # 1 January 2028 in Sweden
    ],
)
def test_the_food_rate_follows_the_date_in_sweden(at: datetime, food_rate: int) -> None:
    assert one_line_sale(at, food_rate).lines[0].vat_rate_bp == food_rate
    other = 1800 - food_rate
    with pytest.raises(ValidationError, match=r"lines\.0\.vat_rate_bp"):
        one_line_sale(at, other)


def rows(*triples: tuple[int, int, int]) -> tuple[VatLine, ...]:
    return tuple(VatLine(rate_bp=r, gross_ore=g, vat_ore=v, net_ore=g - v) for r, g, v in triples)


@pytest.mark.parametrize(
    ("vat", "expected"),
    [
        (rows((2500, 5500, 1100), (600, 5490, 310)), [("vat", 1, "vat_ore")]),  # rounded down
        (rows((2500, 5500, 1100), (600, 5491, 311)), [("vat", 1, "gross_ore"), ("vat",)]),
        (rows((2500, 5500, 1100), (600, 5490, 311), (0, 0, 0)), [("vat", 2, "rate_bp")]),
        (rows((2500, 5500, 1100)), [("vat",), ("vat",)]),  # no row for 6 %
        (rows((2500, 5500, 1100), (1200, 5490, 588)), [("vat", 1, "rate_bp"), ("vat",)]),
        (
            rows((2500, 5500, 1100), (600, 5490, 311), (600, 0, 0)),
            [("vat", 2, "rate_bp"), ("vat", 2, "gross_ore")],
        ),
    ],
)
def test_vat_rows_are_the_summary_of_the_lines(
    vat: tuple[VatLine, ...], expected: list[tuple[str | int, ...]]
) -> None:
    assert locations(sale, vat=vat) == expected


def swish(amount: int) -> Payment:
    return Payment(method=PaymentMethod.SWISH, amount_ore=amount, reference="r-1", confirmed_at=NOW)


@pytest.mark.parametrize(
    ("payments", "expected"),
    [
        ((swish(11990), swish(-1000)), [("payments", 1, "amount_ore")]),
        ((swish(10990), swish(0)), [("payments", 1, "amount_ore")]),
        ((swish(10989),), [("payments",)]),
    ],
)
def test_payments_have_the_sign_of_the_total_and_add_up(
    payments: tuple[Payment, ...], expected: list[tuple[str | int, ...]]
) -> None:
    assert locations(sale, payments=payments) == expected


def test_a_return_is_refunded() -> None:
    line = sale_line(quantity=-1, amount_ore=-1995)
    refund = sale(
        lines=(line,),
        vat=VatLine.from_summary(VatSummary.of_lines([(600, Money(-1995))])),
        payments=(swish(-1995),),
        total_ore=-1995,
    )
    assert refund.vat[0].vat_ore == -113
    assert locations(
        sale, lines=(line,), vat=refund.vat, payments=(swish(1995),), total_ore=-1995
    ) == [
        ("payments", 0, "amount_ore"),
        ("payments",),
    ]


@pytest.mark.parametrize(
    "text",
    ["Mjölk 196408233234", "Mjölk 19640823-3234", "Kund 640823-3234", "Kund 121212+1212"],
)
def test_a_line_name_holds_no_personal_number_and_the_error_does_not_quote_it(text: str) -> None:
    [(loc, message)] = errors_of(sale_line, name=text)
    assert loc == ("name",)
    assert "personal identity number" in message
    with pytest.raises(ValidationError) as caught:
        sale_line(name=text)
    assert "3234" not in str(caught.value)
    assert "1212" not in str(caught.value)


@pytest.mark.parametrize(
    "reference", ["196408233234", "19640823-3234", "x-6408233234", "640823-3234"]
)
def test_a_payment_reference_holds_no_personal_number(reference: str) -> None:
    with pytest.raises(ValidationError, match="personal identity number") as caught:
        Payment(method="swish", amount_ore=1, reference=reference, confirmed_at=NOW)
    assert "3234" not in str(caught.value)


@pytest.mark.parametrize(
    "reference",
    [
        str(SALE_ID),
        "19640823-3234-4c3e-9a55-2f1d3c4b5a69",  # a sale id whose head looks like one
        "AB6408233234CD11",  # digits inside a provider's id
        "0B9C8D1E7F4A4C3E",
        "sale-1",
        "order-1234567890",  # ten digits, no date in them
    ],
)
def test_ids_are_references(reference: str) -> None:
    payment = Payment(method="swish", amount_ore=1, reference=reference, confirmed_at=NOW)
    assert payment.reference == reference


@settings(deadline=None)
@given(st.uuids())
def test_every_sale_id_is_a_reference(sale_id: UUID) -> None:
    assert Payment(method="swish", amount_ore=1, reference=str(sale_id), confirmed_at=NOW)


LINE = st.tuples(
    st.sampled_from(list(VatClass)),
    st.integers(-20, 20).filter(bool),
    st.integers(0, 500_00),
    st.none() | st.integers(1, 20_000),
)


@st.composite
def consistent_sales(draw: st.DrawFn) -> Sale:
    at = draw(
        st.datetimes(
            min_value=datetime(2025, 1, 1), max_value=datetime(2029, 1, 1), timezones=st.just(UTC)
        )
    )
    day = swedish_date(at)
    lines = []
    for number, (vat_class, quantity, unit, grams) in enumerate(
        draw(st.lists(LINE, min_size=1, max_size=6)), 1
    ):
        package = Money(unit) if grams is None else Money(unit).for_weight(grams)
        lines.append(
            sale_line(
                line_no=number,
                quantity=quantity,
                weight_g=grams,
                unit_price_ore=unit,
                amount_ore=(package * quantity).ore,
                vat_class=vat_class,
                vat_rate_bp=SWEDISH_VAT.rate_bp(vat_class, day),
            )
        )
    total = sum(line.amount_ore for line in lines)
    summary = VatSummary.of_lines((line.vat_rate_bp, Money(line.amount_ore)) for line in lines)
    return sale(
        occurred_at=at,
        lines=tuple(lines),
        vat=VatLine.from_summary(summary),
        payments=(Payment(method="swish", amount_ore=total, reference="r", confirmed_at=at),),
        total_ore=total,
    )


@settings(deadline=None, max_examples=200)
@given(consistent_sales(), st.data())
def test_a_sale_off_by_one_ore_anywhere_is_refused_there(
    original: Sale, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(original.lines) - 1))
    line = original.lines[index]
    assert Sale.model_validate_json(original.model_dump_json()) == original
    document = original.model_dump()
    document["lines"][index]["amount_ore"] = line.amount_ore + data.draw(st.sampled_from([-1, 1]))
    with pytest.raises(ValidationError) as caught:
        Sale.model_validate(document)
    assert ("lines", index, "amount_ore") in [e["loc"] for e in caught.value.errors()]


SALE_CHANGES = st.sampled_from(
    [
        "line amount",
        "line rate",
        "line number",
        "vat rate",
        "vat gross",
        "vat amount",
        "vat row dropped",
        "vat row repeated",
        "payment amount",
        "payment sign",
        "total",
    ]
)


def changed(original: Sale, change: str, data: st.DataObject) -> Sale:
    """`original` with one thing changed, not validated (`model_copy`)."""
    lines, vat, payments = list(original.lines), list(original.vat), list(original.payments)
    step = data.draw(st.sampled_from([-600, -1, 1, 600]))
    at = data.draw(st.integers(0, len(lines) - 1))
    if not vat and change.startswith("vat"):
        return original  # its one row dropped already
    row = data.draw(st.integers(0, len(vat) - 1)) if vat else 0
    if change == "line amount":
        lines[at] = lines[at].model_copy(update={"amount_ore": lines[at].amount_ore + step})
    elif change == "line rate":
        lines[at] = lines[at].model_copy(update={"vat_rate_bp": lines[at].vat_rate_bp + step})
    elif change == "line number":
        lines[at] = lines[at].model_copy(update={"line_no": lines[0].line_no})
    elif change == "vat rate":
        vat[row] = vat[row].model_copy(update={"rate_bp": vat[row].rate_bp + step})
    elif change == "vat gross":
        vat[row] = vat[row].model_copy(update={"gross_ore": vat[row].gross_ore + step})
    elif change == "vat amount":
        vat[row] = vat[row].model_copy(update={"vat_ore": vat[row].vat_ore + step})
    elif change == "vat row dropped":
        del vat[row]
    elif change == "vat row repeated":
        vat.append(vat[row])
    elif change == "payment amount":
        payments.append(payments[0].model_copy(update={"amount_ore": step}))
    elif change == "payment sign":
        payments = [payments[0].model_copy(update={"amount_ore": -payments[0].amount_ore})]
    else:
        return original.model_copy(update={"total_ore": original.total_ore + step})
    return original.model_copy(
        update={"lines": tuple(lines), "vat": tuple(vat), "payments": tuple(payments)}
    )


@settings(deadline=None, max_examples=300)
@given(consistent_sales(), st.lists(SALE_CHANGES, max_size=2), st.data())
def test_the_quick_check_says_yes_exactly_when_no_problem_is_listed(
    original: Sale, changes: list[str], data: st.DataObject
) -> None:
    """`Sale._adds_up` (the pass a valid sale takes) answers True exactly when the three
    listing methods (what a refused sale's errors are made of) list nothing."""
    sale = original
    for change in changes:
        sale = changed(sale, change, data)
    problems = [*sale._line_problems(), *sale._vat_problems(), *sale._payment_problems()]
    assert sale._adds_up() == (not problems)


def test_a_z_report_has_no_negative_sales_nor_positive_returns() -> None:
    assert locations(z_report, sales_ore=-1000, returns_ore=-1000)[0] == ("sales_ore",)
    assert locations(z_report, returns_ore=1000, sales_ore=10000)[0] == ("returns_ore",)
    report = z_report()
    assert isinstance(report, ZReport)


def test_a_visit_does_not_close_before_it_opens() -> None:
    def visit(**changes: Any) -> Visit:
        return Visit(visit_id=SALE_ID, occurred_at=NOW, outcome=VisitOutcome.GRANTED, **changes)

    opened = NOW + timedelta(seconds=3)
    assert visit(door_opened_at=opened, door_closed_at=opened).door_closed_at == opened
    assert locations(
        visit, door_opened_at=opened, door_closed_at=opened - timedelta(seconds=1)
    ) == [("door_closed_at",)]
    assert visit(door_closed_at=opened).door_opened_at is None  # a restart lost the opening


def test_a_consistent_sale_is_accepted_as_the_controller_builds_it() -> None:
    assert SaleLine.model_validate(sale().lines[1].model_dump()).weight_g == 750
