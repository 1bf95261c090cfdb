from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retail.barcodes import (
    GS,
    RejectReason,
    Scan,
    ScanConfig,
    ScanKind,
    ScanRejected,
    Symbology,
    parse_scan,
    to_gtin14,
    with_check_digit,
)
from retail.limits import MAX_LINE_QUANTITY, MAX_LINE_WEIGHT_G
from retail.money import MAX_AMOUNT_ORE, Money
from tests.retail.barcodes.strategies import GTIN_LENGTHS, any_valid_gtin, digits, scanner_noise

TODAY = date(2026, 11, 28)
GTIN = "09501101530003"
WEIGHT_CODE = with_check_digit("230123400750")  # article 23012340, 0,750 kg


def scan(text: str, symbology: Symbology | None = None, **kwargs: object) -> Scan:
    result = parse_scan(text, symbology, today=TODAY, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, Scan), result
    return result


def rejected(text: str, symbology: Symbology | None = None) -> ScanRejected:
    result = parse_scan(text, symbology, today=TODAY)
    assert isinstance(result, ScanRejected), result
    return result


def test_plain_ean13_with_scanner_suffix() -> None:
    result = scan("7310865004703\r\n")
    assert (result.kind, result.product_key, result.quantity) == (
        ScanKind.TRADE_ITEM,
        "07310865004703",
        1,
    )
    assert result.weight_g is None
    assert result.price is None


def test_aim_identifier_wins_over_reported_symbology() -> None:
    assert scan("]E07310865004703", Symbology.QR).symbology is Symbology.EAN13
    assert scan("7310865004703", Symbology.EAN13).symbology is Symbology.EAN13


def test_upce_needs_its_symbology() -> None:
    assert scan("04252614", Symbology.UPCE).product_key == "00042100005264"
    assert rejected("04252614").reason is RejectReason.BAD_CHECK_DIGIT  # read as EAN-8
    assert rejected("24252614", Symbology.UPCE).reason is RejectReason.BAD_NUMBER_SYSTEM


def test_weight_code() -> None:
    result = scan(WEIGHT_CODE)
    assert (result.kind, result.product_key, result.weight_g) == (
        ScanKind.VARIABLE_WEIGHT,
        "23012340",
        750,
    )


def test_gs1_128_label_with_weight_and_dates() -> None:
    result = scan(f"]C101{GTIN}3103000750" + "15270228" + "10LOT1" + GS + "21S-9")
    assert result.symbology is Symbology.GS1_128
    assert (result.kind, result.product_key, result.weight_g) == (ScanKind.TRADE_ITEM, GTIN, 750)
    assert result.best_before == date(2027, 2, 28)
    assert (result.batch, result.serial) == ("LOT1", "S-9")


def test_gs1_datamatrix_with_fnc1_first_and_count() -> None:
    result = scan(f"]d2{GS}01{GTIN}3012")
    assert (result.symbology, result.quantity) == (Symbology.GS1_DATAMATRIX, 12)


def test_gs1_qr_with_price() -> None:
    result = scan(f"]Q301{GTIN}39224995")
    assert result.price == Money(4995)


@pytest.mark.parametrize(
    ("tail", "ore"),
    [
        ("39327521995", 1995),
        ("39007", 700),
        ("39127520150", 150),
        (f"39221995{GS}39020", 1995),  # the item price wins over the amount payable
    ],
)
def test_prices_in_sek(tail: str, ore: int) -> None:
    assert scan(f"01{GTIN}{tail}").price == Money(ore)


@pytest.mark.parametrize("tail", ["39329781995", "39128401995"])
def test_prices_in_other_currencies_are_refused(tail: str) -> None:
    result = rejected(f"01{GTIN}{tail}")
    assert result.reason is RejectReason.BAD_VALUE
    assert "currency" in result.message


def test_content_gtin_uses_count() -> None:
    result = scan(f"02{GTIN}375")
    assert (result.product_key, result.quantity) == (GTIN, 5)


def test_variable_count_wins_over_count() -> None:
    assert scan(f"02{GTIN}303{GS}375").quantity == 3


def test_count_ignored_when_the_gtin_is_the_item() -> None:
    assert scan(f"01{GTIN}375").quantity == 1


def test_element_string_on_a_swedish_weight_code_keeps_its_article() -> None:
    result = scan(f"010{WEIGHT_CODE}")
    assert (result.kind, result.product_key, result.weight_g) == (
        ScanKind.VARIABLE_WEIGHT,
        "23012340",
        750,
    )
    assert scan(f"010{WEIGHT_CODE}3103000800").weight_g == 800
    price_code = "2112345015002"
    assert scan(f"010{price_code}39201").price == Money(100)
    assert scan(f"010{price_code}").price == Money(15000)


def test_long_digit_string_without_symbology_is_an_element_string() -> None:
    assert scan(f"01{GTIN}17270101").expiry == date(2027, 1, 1)


def test_human_readable_element_string() -> None:
    assert scan(f"(01){GTIN}(17)270100").expiry == date(2027, 1, 31)


def test_periodical_with_addon() -> None:
    result = scan("977123456700312")
    assert (result.kind, result.issn, result.addon) == (ScanKind.PERIODICAL, "1234-5679", "12")
    book = scan("978047111709490000")
    assert (book.kind, book.addon) == (ScanKind.BOOK, "90000")


def test_in_store_config_reaches_the_parser() -> None:
    result = scan("7310865004703", config=ScanConfig(in_store_prefixes=("731",)))
    assert result.kind is ScanKind.IN_STORE


@pytest.mark.parametrize(
    ("text", "symbology", "reason"),
    [
        ("", None, RejectReason.EMPTY),
        ("  \r\n", None, RejectReason.EMPTY),
        ("]E0", None, RejectReason.EMPTY),
        ("7310865004704", None, RejectReason.BAD_CHECK_DIGIT),
        ("1234567", None, RejectReason.BAD_LENGTH),
        ("12345678901", None, RejectReason.BAD_LENGTH),
        ("73108650O4703", None, RejectReason.NOT_DIGITS),
        ("https://example.org", Symbology.QR, RejectReason.UNSUPPORTED),
        ("]Q1https://example.org", None, RejectReason.UNSUPPORTED),
        ("]A0ABC-123", None, RejectReason.UNSUPPORTED),
        (f"00{with_check_digit('10614141123456789')}", None, RejectReason.NO_PRODUCT_KEY),
        (f"02{GTIN}370", None, RejectReason.ZERO_VALUE),
        (f"01{GTIN}300", None, RejectReason.ZERO_VALUE),
        ("]C1" + "99", None, RejectReason.UNKNOWN_AI),
        ("7310865004703", Symbology.GS1_128, RejectReason.UNKNOWN_AI),
        ("977123456700412", None, RejectReason.BAD_CHECK_DIGIT),
        ("0" * 600, None, RejectReason.TOO_LONG),
    ],
)
def test_rejections(text: str, symbology: Symbology | None, reason: RejectReason) -> None:
    result = rejected(text, symbology)
    assert result.reason is reason
    assert result.message


def test_rejection_keeps_the_symbology() -> None:
    assert rejected("]E07310865004704").symbology is Symbology.EAN13


def test_gtin_in_a_plain_symbology_is_accepted() -> None:
    assert scan("7310865004703", Symbology.CODE128).product_key == "07310865004703"


LABEL = f"01{GTIN}17270101"


@pytest.mark.parametrize(
    ("text", "symbology"),
    [
        (LABEL, Symbology.QR),  # a QR code's text is not GS1 data, digits or not
        (f"]Q1{LABEL}", None),
        (LABEL, Symbology.CODE128),  # a Code 128 without FNC1 first is not GS1-128
        (f"]C0{LABEL}", None),
        (LABEL, Symbology.DATAMATRIX),
        (f"(01){GTIN}(17)270101", Symbology.QR),
        (f"01{GTIN}{GS}17270101", Symbology.QR),
        ("]A0" + LABEL, None),
    ],
)
def test_a_plain_symbology_carries_no_gs1_data(text: str, symbology: Symbology | None) -> None:
    result = rejected(text, symbology)
    assert result.reason is RejectReason.UNSUPPORTED
    assert "GS1" in result.message


@pytest.mark.parametrize(
    ("text", "symbology"),
    [
        (f"]C1{LABEL}", None),
        (LABEL, Symbology.GS1_128),
        (GS + LABEL, Symbology.CODE128),  # FNC1 in first position, sent as GS
        (f"]C0{GS}{LABEL}", None),
        (LABEL, Symbology.GS1_QR),
        (LABEL, Symbology.GS1_DATAMATRIX),
        (LABEL, None),  # nothing reported: the shape tells
    ],
)
def test_gs1_data_is_read_where_the_symbology_says_so(
    text: str, symbology: Symbology | None
) -> None:
    assert scan(text, symbology).expiry == date(2027, 1, 1)


def test_a_gs1_symbol_carries_no_human_readable_text() -> None:
    result = rejected(f"(01){GTIN}(17)270101", Symbology.GS1_128)
    assert result.reason is RejectReason.UNKNOWN_AI


EAN8 = "96385074"


@pytest.mark.parametrize(
    ("text", "symbology"),
    [
        (EAN8, Symbology.EAN13),  # a valid EAN-8 reported as EAN-13: not re-read by length
        (f"]E0{EAN8}", None),
        ("07310865004703", Symbology.EAN13),
        ("7310865004703", Symbology.EAN8),
        ("731086500470", Symbology.EAN8),
        ("7310865004703", Symbology.UPCA),  # 13 digits are a UPC-A only as 0 + UPC-A
        ("04252614", Symbology.UPCA),
    ],
)
def test_a_reported_linear_symbology_keeps_its_length(
    text: str, symbology: Symbology | None
) -> None:
    result = rejected(text, symbology)
    assert result.reason is RejectReason.BAD_LENGTH
    assert "reported as" in result.message


@pytest.mark.parametrize(
    ("text", "symbology", "key"),
    [
        ("7310865004703", Symbology.EAN13, "07310865004703"),
        ("]E07310865004703", None, "07310865004703"),
        ("042100005264", Symbology.EAN13, "00042100005264"),  # UPC-A shares ]E0
        (EAN8, Symbology.EAN8, "00000096385074"),
        (f"]E4{EAN8}", None, "00000096385074"),
        ("042100005264", Symbology.UPCA, "00042100005264"),
        ("0042100005264", Symbology.UPCA, "00042100005264"),
        ("04252614", Symbology.UPCE, "00042100005264"),
        ("977123456700312", Symbology.EAN13, "09771234567003"),
        ("7310865004703", Symbology.CODE128, "07310865004703"),  # a bare GTIN in free text
        ("7310865004703", Symbology.OTHER, "07310865004703"),
    ],
)
def test_a_reported_symbology_reads_its_own_codes(
    text: str, symbology: Symbology | None, key: str
) -> None:
    assert scan(text, symbology).product_key == key


@pytest.mark.parametrize("symbology", [Symbology.EAN13, Symbology.EAN8, Symbology.UPCA])
def test_a_linear_symbology_has_digits_only(symbology: Symbology) -> None:
    assert rejected("731086500470x", symbology).reason is RejectReason.NOT_DIGITS


def swedish(x: str, value: int) -> str:
    return with_check_digit(f"2{x}123456{value:04d}")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (swedish("0", 0), "zero price"),
        (swedish("1", 0), "zero price"),
        (swedish("2", 0), "zero price"),
        (swedish("3", 0), "zero weight"),
        (swedish("4", 0), "zero weight"),
        (swedish("5", 0), "zero weight"),
        (f"01{GTIN}3103000000", "zero weight"),
        (f"01{GTIN}3205000001", "zero weight"),  # 0,01 g
        (f"01{GTIN}39220", "zero price"),
        (f"01{GTIN}3900000", "zero price"),
        (f"01{GTIN}3912752000", "zero price"),
    ],
)
def test_a_zero_price_or_weight_is_refused_with_the_reason(code: str, message: str) -> None:
    result = rejected(code)
    assert result.reason is RejectReason.ZERO_VALUE
    assert message in result.message


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (swedish("5", 1001), "weight over 100000 g"),  # 100,1 kg
        (f"01{GTIN}3102010001", "weight over 100000 g"),  # 100,01 kg
        (f"01{GTIN}3200000221", "weight over 100000 g"),  # 221 lb
        (f"02{GTIN}301000", "count over 999"),
        (f"02{GTIN}3799999999", "count over 999"),
        (f"01{GTIN}3922{MAX_AMOUNT_ORE + 1}", "price over"),
        (f"010{swedish('5', 1001)}", "weight over 100000 g"),
    ],
)
def test_what_one_kiosk_line_cannot_hold_is_refused(code: str, message: str) -> None:
    result = rejected(code)
    assert result.reason is RejectReason.OVER_LIMIT
    assert message in result.message


@pytest.mark.parametrize(
    ("code", "attribute", "value"),
    [
        (swedish("5", 1000), "weight_g", 100_000),
        (f"01{GTIN}3102010000", "weight_g", 100_000),
        (f"02{GTIN}30999", "quantity", 999),
        (swedish("2", 9999), "price", Money(999_900)),
        (f"01{GTIN}3922{MAX_AMOUNT_ORE}", "price", Money(MAX_AMOUNT_ORE)),
    ],
)
def test_the_bounds_themselves_are_accepted(code: str, attribute: str, value: object) -> None:
    assert getattr(scan(code), attribute) == value


@settings(deadline=None)
@given(scanner_noise, st.sampled_from([None, *Symbology]))
def test_every_scan_fits_one_kiosk_line(text: str, symbology: Symbology | None) -> None:
    result = parse_scan(text, symbology, today=TODAY)
    if isinstance(result, Scan):
        assert 1 <= result.quantity <= MAX_LINE_QUANTITY
        assert result.weight_g is None or 1 <= result.weight_g <= MAX_LINE_WEIGHT_G
        assert result.price is None or 1 <= result.price.ore <= MAX_AMOUNT_ORE


@settings(deadline=None)
@given(st.sampled_from("012345"), st.integers(0, 9999), st.sampled_from([None, Symbology.EAN13]))
def test_every_swedish_code_scans_within_bounds_or_says_why(
    x: str, value: int, symbology: Symbology | None
) -> None:
    result = parse_scan(swedish(x, value), symbology, today=TODAY)
    if isinstance(result, ScanRejected):
        assert result.reason is (RejectReason.ZERO_VALUE if value == 0 else RejectReason.OVER_LIMIT)
        assert value == 0 or (x == "5" and value > 1000)
    else:
        assert value > 0


def test_today_defaults_to_the_system_date() -> None:
    result = parse_scan(f"01{GTIN}17{date.today():%y%m%d}")
    assert isinstance(result, Scan)
    assert result.expiry == date.today()


@settings(deadline=None)
@given(any_valid_gtin)
def test_every_valid_gtin_scans_to_its_gtin14(code: str) -> None:
    result = parse_scan(code, today=TODAY)
    if isinstance(result, ScanRejected):  # only a Swedish price or weight code's value
        assert result.reason in (RejectReason.ZERO_VALUE, RejectReason.OVER_LIMIT)
        assert to_gtin14(code)[1:3] in {"20", "21", "22", "23", "24", "25"}
        return
    assert result.gtin == to_gtin14(code)
    if result.kind is ScanKind.VARIABLE_PRICE or result.kind is ScanKind.VARIABLE_WEIGHT:
        assert result.product_key == result.gtin[1:9]
    else:
        assert result.product_key == result.gtin


@settings(deadline=None)
@given(st.one_of(*(digits(length) for length in GTIN_LENGTHS)))
def test_random_digits_scan_or_fail_on_the_check_digit(code: str) -> None:
    result = parse_scan(code, today=TODAY)
    if isinstance(result, ScanRejected):
        swedish_value = result.reason in (RejectReason.ZERO_VALUE, RejectReason.OVER_LIMIT)
        assert result.reason is RejectReason.BAD_CHECK_DIGIT or swedish_value


@settings(deadline=None)
@given(scanner_noise, st.sampled_from([None, *Symbology]))
def test_never_raises(text: str, symbology: Symbology | None) -> None:
    result = parse_scan(text, symbology, today=TODAY)
    assert isinstance(result, Scan | ScanRejected)
    if isinstance(result, ScanRejected):
        assert result.reason in RejectReason
