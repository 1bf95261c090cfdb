from datetime import date

import pytest
from hypothesis import given, settings

from retail.barcodes import (
    GS,
    ElementString,
    InvalidBarcodeError,
    RejectReason,
    parse_element_string,
    with_check_digit,
)
from retail.money import Money
from tests.retail.barcodes.strategies import scanner_noise
from tests.retail.outcome import outcome

TODAY = date(2026, 11, 28)
GTIN = "09501101530003"
SSCC = with_check_digit("10614141123456789")


def parse(data: str) -> ElementString:
    return parse_element_string(data, today=TODAY)


def test_the_usual_food_label() -> None:
    result = parse(f"01{GTIN}17260100" + "10AB-123" + GS + "21XYZ")
    assert result.gtin == GTIN
    assert result.expiry == date(2026, 1, 31)
    assert result.batch == "AB-123"
    assert result.serial == "XYZ"
    assert result.elements == (("01", GTIN), ("17", "260100"), ("10", "AB-123"), ("21", "XYZ"))


def test_all_dates_and_counts() -> None:
    result = parse(f"02{GTIN}11260101132601021526010316260104172601053012{GS}375{GS}00{SSCC}")
    assert result.content_gtin == GTIN
    assert result.gtin is None
    assert (result.production_date, result.packaging_date) == (date(2026, 1, 1), date(2026, 1, 2))
    assert (result.best_before, result.sell_by) == (date(2026, 1, 3), date(2026, 1, 4))
    assert result.expiry == date(2026, 1, 5)
    assert (result.variable_count, result.count) == (12, 5)
    assert result.sscc == SSCC


def test_human_readable_form() -> None:
    result = parse(f"(01){GTIN}(3103)000750(10)LOT-7(15)270228")
    assert result.net_weight_g == 750
    assert result.batch == "LOT-7"
    assert result.best_before == date(2027, 2, 28)
    assert result == parse(f"01{GTIN}3103000750" + "10LOT-7" + GS + "15270228")


@pytest.mark.parametrize(
    ("ai_value", "grams"),
    [
        ("3103000750", 750),
        ("3102000075", 750),
        ("3100000002", 2000),
        ("3105123456", 1235),  # 1,23456 kg -> 1234,56 g -> 1235 g
        ("3200000001", 454),  # 1 lb = 453,59237 g
        ("3202000100", 454),
        ("3201000010", 454),
        ("3205000001", 0),
    ],
)
def test_weights_in_grams(ai_value: str, grams: int) -> None:
    assert parse(f"01{GTIN}{ai_value}").net_weight_g == grams


@pytest.mark.parametrize(
    ("ai_value", "field", "ore", "currency"),
    [
        ("39221234", "price", 1234, None),
        ("392012", "price", 1200, None),
        ("392112345", "price", 123450, None),
        ("392312340", "price", 1234, None),
        ("39007", "amount", 700, None),
        ("39327521234", "price", 1234, "752"),
        ("3912978500", "amount", 500, "978"),
    ],
)
def test_amounts_in_ore(ai_value: str, field: str, ore: int, currency: str | None) -> None:
    result = parse(f"01{GTIN}{ai_value}")
    assert getattr(result, field) == Money(ore)
    assert getattr(result, f"{field}_currency") == currency


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (f"99{GTIN}", RejectReason.UNKNOWN_AI),
        (f"01{GTIN[:-1]}", RejectReason.TRUNCATED),
        (f"01{GTIN[:-1]}{GS}5", RejectReason.TRUNCATED),
        (f"01{GTIN[:-1]}4", RejectReason.BAD_CHECK_DIGIT),
        (f"00{SSCC[:-1]}{(int(SSCC[-1]) + 1) % 10}", RejectReason.BAD_CHECK_DIGIT),
        (f"01{GTIN}10{GS}", RejectReason.EMPTY_VALUE),
        (f"01{GTIN}10" + "A" * 21, RejectReason.VALUE_TOO_LONG),
        (f"01{GTIN}10AB#1", RejectReason.BAD_CHARACTER),
        (f"01{GTIN}10ÅÄÖ", RejectReason.BAD_CHARACTER),
        (f"01{GTIN}17AB0101", RejectReason.NOT_DIGITS),
        (f"01{GTIN}17261301", RejectReason.BAD_DATE),
        (f"01{GTIN}01{GTIN}", RejectReason.DUPLICATE_AI),
        (f"01{GTIN}31030007503102000075", RejectReason.DUPLICATE_AI),
        (f"01{GTIN}31030007503202000075", RejectReason.DUPLICATE_AI),
        (f"01{GTIN}392312345", RejectReason.BAD_VALUE),
        (f"01{GTIN}3932752", RejectReason.TRUNCATED),
        (f"01{GTIN}30x", RejectReason.NOT_DIGITS),
        (GS + GS, RejectReason.EMPTY),
        ("", RejectReason.EMPTY),
        ("(01", RejectReason.BAD_CHARACTER),
        (f"(01){GTIN}x(10)A", RejectReason.VALUE_TOO_LONG),
        ("(10)A B", RejectReason.BAD_CHARACTER),
        (f"(01){GTIN}(1)A", RejectReason.BAD_CHARACTER),
    ],
)
def test_rejections(data: str, reason: RejectReason) -> None:
    with pytest.raises(InvalidBarcodeError) as caught:
        parse(data)
    assert caught.value.reason is reason


def test_separators_are_tolerated_where_harmless() -> None:
    plain = parse(f"01{GTIN}17260100")
    assert parse(f"{GS}01{GTIN}{GS}17260100{GS}") == plain
    assert parse(f"{GS}{GS}01{GTIN}17260100") == plain


def test_unknown_ai_message_gives_position() -> None:
    with pytest.raises(InvalidBarcodeError, match="position 17"):
        parse(f"01{GTIN}99")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # a fixed-length value with more after it: once read as a further AI 17
        (f"(01){GTIN}17260101", RejectReason.VALUE_TOO_LONG),
        (f"(01){GTIN}(15)2701311", RejectReason.VALUE_TOO_LONG),
        # a value cut short: once completed from the next pair
        (f"(01){GTIN[:-1]}(15)270131", RejectReason.TRUNCATED),
        (f"(01){GTIN}(15)27013", RejectReason.TRUNCATED),
        # an AI that is not one: once joined with its value into 3103
        (f"(01){GTIN}(31)03000750", RejectReason.UNKNOWN_AI),
        (f"(011){GTIN}", RejectReason.UNKNOWN_AI),
        (f"(99){GTIN}", RejectReason.UNKNOWN_AI),
        # a GS inside a value: once split into two AIs
        (f"(01){GTIN}(10)AB{GS}21XYZ", RejectReason.BAD_CHARACTER),
        # text outside the pairs, an empty value, a value too long
        (f"x(01){GTIN}", RejectReason.UNKNOWN_AI),  # not the human-readable form at all
        (f"(01){GTIN} ", RejectReason.VALUE_TOO_LONG),
        (f"(01) {GTIN}", RejectReason.VALUE_TOO_LONG),
        (f"(01){GTIN}(10)", RejectReason.EMPTY_VALUE),
        (f"(01){GTIN}(10){'A' * 21}", RejectReason.VALUE_TOO_LONG),
        ("(01)", RejectReason.TRUNCATED),
        ("()", RejectReason.BAD_CHARACTER),
    ],
)
def test_malformed_human_readable_text_is_refused_whole(text: str, reason: RejectReason) -> None:
    with pytest.raises(InvalidBarcodeError) as caught:
        parse(text)
    assert caught.value.reason is reason


def test_each_form_can_be_asked_for() -> None:
    hri = f"(01){GTIN}(15)270131"
    assert parse_element_string(hri, today=TODAY, human_readable=True).best_before is not None
    with pytest.raises(InvalidBarcodeError) as caught:
        parse_element_string(hri, today=TODAY, human_readable=False)
    assert caught.value.reason is RejectReason.UNKNOWN_AI
    with pytest.raises(InvalidBarcodeError) as caught:
        parse_element_string(f"01{GTIN}", today=TODAY, human_readable=True)
    assert caught.value.reason is RejectReason.BAD_CHARACTER


def test_a_repeated_ai_is_named() -> None:
    with pytest.raises(InvalidBarcodeError, match="AI 3102 repeats") as caught:
        parse(f"01{GTIN}3103000750" + "10A" + GS + "3102000075")
    assert caught.value.reason is RejectReason.DUPLICATE_AI
    with pytest.raises(InvalidBarcodeError, match="AI 3912 repeats"):
        parse(f"01{GTIN}3912978500{GS}3912978500")
    with pytest.raises(InvalidBarcodeError, match="AI 3912 repeats"):
        parse(f"01{GTIN}39007{GS}3912978500")


def test_a_currency_amount_and_a_price_go_together() -> None:
    result = parse(f"01{GTIN}3912978500{GS}39327521234")
    assert (result.amount, result.amount_currency) == (Money(500), "978")
    assert (result.price, result.price_currency) == (Money(1234), "752")


def test_an_sscc_is_check_digited_too() -> None:
    assert parse(f"00{SSCC}").sscc == SSCC
    with pytest.raises(InvalidBarcodeError) as caught:
        parse(f"00{SSCC[:-2]}x{SSCC[-1]}")
    assert caught.value.reason is RejectReason.NOT_DIGITS


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (f"01{GTIN[:5]}{GS}{GTIN[6:]}", RejectReason.TRUNCATED),
        (f"01{GTIN[:5]}x{GTIN[6:]}", RejectReason.NOT_DIGITS),
        (f"01{GTIN[:5]}é{GTIN[6:]}", RejectReason.NOT_DIGITS),
        (f"01{GTIN}15{GS}70131", RejectReason.TRUNCATED),
        (f"01{GTIN}15x70131", RejectReason.NOT_DIGITS),
        (f"01{GTIN}1527013", RejectReason.TRUNCATED),
        (f"01{GTIN}3103{GS}00750", RejectReason.TRUNCATED),
        (f"01{GTIN}3103x00750", RejectReason.NOT_DIGITS),
        (f"01{GTIN}310300075", RejectReason.TRUNCATED),
        (f"01{GTIN}39{GS}", RejectReason.UNKNOWN_AI),
        (f"01{GTIN}3922", RejectReason.EMPTY_VALUE),
        (f"01{GTIN}3922" + "1" * 16, RejectReason.VALUE_TOO_LONG),
        (f"01{GTIN}3922x", RejectReason.NOT_DIGITS),
        (f"01{GTIN}30" + "1" * 9, RejectReason.VALUE_TOO_LONG),
    ],
)
def test_each_kind_of_value_names_its_fault(data: str, reason: RejectReason) -> None:
    with pytest.raises(InvalidBarcodeError) as caught:
        parse(data)
    assert caught.value.reason is reason


@settings(deadline=None)
@given(scanner_noise)
def test_never_an_unexpected_exception(text: str) -> None:
    result = outcome(parse, text)
    if isinstance(result, InvalidBarcodeError):
        assert result.reason in RejectReason
    else:
        assert isinstance(result, ElementString)
