from typing import Any

import pytest
from pydantic import ValidationError

from retail.money import Money
from retail.vat import VatSummary
from retail.wire import AgeCheck, Payment, PaymentMethod, Sale, SaleLine, SaleLineKind, VatLine
from tests.retail.wire.factories import CUSTOMER, NOW, sale, sale_line


def test_a_valid_sale_round_trips() -> None:
    original = sale()
    assert Sale.model_validate_json(original.model_dump_json()) == original
    assert original.kind == "sale"


def test_vat_rows_from_a_summary_match_the_factory() -> None:
    lines = [(line.vat_rate_bp, Money(line.amount_ore)) for line in sale().lines]
    assert VatLine.from_summary(VatSummary.of_lines(lines)) == sale().vat


def test_age_checks_carry_only_a_hash() -> None:
    check = AgeCheck(identity_hash=CUSTOMER, required_age=18, passed=True, checked_at=NOW)
    assert sale(age_checks=(check,)).age_checks[0].identity_hash == CUSTOMER
    with pytest.raises(ValidationError):
        AgeCheck(identity_hash="196408233234", required_age=18, passed=True, checked_at=NOW)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"total_ore": 10991}, "lines do not add up"),
        ({"lines": ()}, "at least 1"),
        ({"customer_hash": "196408233234"}, "pattern"),
        ({"receipt_number": 0}, "greater than or equal"),
        ({"receipt_number": "42"}, "valid integer"),
    ],
)
def test_sale_rules(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        sale(**changes)


def test_line_numbers_must_be_unique() -> None:
    original = sale()
    lines = (
        original.lines[0],
        original.lines[1].model_copy(update={"line_no": 1}),
        original.lines[2],
    )
    with pytest.raises(ValidationError, match="line numbers repeat"):
        sale(lines=lines)


def test_vat_rows_must_add_up_and_be_unique() -> None:
    original = sale()
    with pytest.raises(ValidationError, match="VAT rows do not add up"):
        sale(vat=original.vat[:1])
    doubled = (original.vat[0], VatLine(rate_bp=2500, gross_ore=5490, vat_ore=1098, net_ore=4392))
    with pytest.raises(ValidationError, match="one VAT row per rate"):
        sale(vat=doubled)


def test_payments_must_add_up() -> None:
    short = sale().payments[0].model_copy(update={"amount_ore": 100})
    with pytest.raises(ValidationError, match="payments do not add up"):
        sale(payments=(short,))


def test_vat_line_arithmetic() -> None:
    with pytest.raises(ValidationError, match="net is gross minus VAT"):
        VatLine(rate_bp=2500, gross_ore=125, vat_ore=25, net_ore=99)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quantity": 0}, "non-zero quantity"),
        ({"quantity": 1000}, "less than or equal"),
        ({"quantity": 2.0}, "valid integer"),
        ({"quantity": True}, "valid integer"),
        ({"amount_ore": 10**12}, "less than or equal"),
        ({"vat_rate_bp": 10_001}, "less than or equal"),
        ({"vat_class": "luxury"}, "standard"),
        ({"name": ""}, "at least 1"),
        ({"name": "x" * 121}, "at most 120"),
        ({"weight_g": 0}, "greater than or equal"),
    ],
)
def test_line_rules(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        sale_line(**changes)


def test_a_return_line_is_negative() -> None:
    line = sale_line(quantity=-1, amount_ore=-1995)
    assert isinstance(line, SaleLine)
    assert line.amount_ore == -1995


@pytest.mark.parametrize("reference", ["", "has space", "x" * 65, "åäö"])
def test_payment_reference_is_short_printable_ascii(reference: str) -> None:
    with pytest.raises(ValidationError):
        Payment(method="swish", amount_ore=1, reference=reference, confirmed_at=NOW)


def test_a_line_is_goods_unless_it_says_pant() -> None:
    goods = sale_line()
    assert goods.kind == SaleLineKind.GOODS
    pant = sale_line(kind="pant", name="Pant: Läsk 33 cl burk", unit_price_ore=100, amount_ore=200)
    assert SaleLine.model_validate_json(pant.model_dump_json()).kind == SaleLineKind.PANT
    with pytest.raises(ValidationError):
        sale_line(kind="deposit")


def test_simulated_payments_say_so() -> None:
    payment = Payment(method="simulated", amount_ore=100, reference="sale-1", confirmed_at=NOW)
    assert payment.method == PaymentMethod.SIMULATED
