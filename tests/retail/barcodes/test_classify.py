from datetime import date

import pytest

from retail.barcodes import (
    ElementString,
    Scan,
    ScanConfig,
    ScanKind,
    Symbology,
    issn_of,
    with_check_digit,
)
from retail.barcodes.classify import classify_gtin
from retail.money import Money

DEFAULT = ScanConfig()


def classify(code: str, config: ScanConfig = DEFAULT) -> Scan:
    return classify_gtin(code, Symbology.EAN13, config)


@pytest.mark.parametrize(
    ("code", "kind", "key"),
    [
        ("7310865004703", ScanKind.TRADE_ITEM, "07310865004703"),
        ("96385074", ScanKind.TRADE_ITEM, "00000096385074"),
        ("10950110153004", ScanKind.TRADE_ITEM, "10950110153004"),
        ("042100005264", ScanKind.TRADE_ITEM, "00042100005264"),
        ("9780471117094", ScanKind.BOOK, "09780471117094"),
        ("9771234567003", ScanKind.PERIODICAL, "09771234567003"),
        (
            with_check_digit("261234512345"),
            ScanKind.IN_STORE,
            "0" + with_check_digit("261234512345"),
        ),
        (
            with_check_digit("291234512345"),
            ScanKind.IN_STORE,
            "0" + with_check_digit("291234512345"),
        ),
        ("2112345015002", ScanKind.VARIABLE_PRICE, "21123450"),
        (with_check_digit("231234501234"), ScanKind.VARIABLE_WEIGHT, "23123450"),
        ("02112345015002", ScanKind.VARIABLE_PRICE, "21123450"),
        (
            with_check_digit("21234567890"),  # UPC-A number system 2
            ScanKind.IN_STORE,
            "00" + with_check_digit("21234567890"),
        ),
        (
            with_check_digit("041234567890"),
            ScanKind.IN_STORE,
            "0" + with_check_digit("041234567890"),
        ),
        (with_check_digit("0123456"), ScanKind.IN_STORE, "000000" + with_check_digit("0123456")),
        (with_check_digit("2123456"), ScanKind.IN_STORE, "000000" + with_check_digit("2123456")),
        (with_check_digit("0312345678901"), ScanKind.TRADE_ITEM, with_check_digit("0312345678901")),
    ],
)
def test_kinds(code: str, kind: ScanKind, key: str) -> None:
    scan = classify(code)
    assert (scan.kind, scan.product_key) == (kind, key)
    assert scan.gtin == code.zfill(14)
    assert scan.symbology is Symbology.EAN13


def test_weight_code_carries_grams() -> None:
    scan = classify(with_check_digit("231234501234"))
    assert (scan.weight_g, scan.price, scan.quantity) == (1234, None, 1)


def test_price_code_carries_ore() -> None:
    assert classify("2112345015002").price == Money(15000)


def test_book_and_periodical_identities() -> None:
    assert classify("9780471117094").isbn == "9780471117094"
    assert classify("9771234567003").issn == "1234-5679"


@pytest.mark.parametrize(
    ("ean13", "issn"),
    [
        ("9771234567003", "1234-5679"),
        ("9770317847001", "0317-8471"),
        ("9772049363002", "2049-3630"),
        (with_check_digit("977000000600"), "0000-006X"),
    ],
)
def test_issn(ean13: str, issn: str) -> None:
    assert issn_of(ean13) == issn


def test_in_store_prefixes_win_over_swedish_codes() -> None:
    config = ScanConfig(in_store_prefixes=("21", "73108"))
    assert classify("2112345015002", config).kind is ScanKind.IN_STORE
    assert classify("2112345015002", config).product_key == "02112345015002"
    assert classify("7310865004703", config).kind is ScanKind.IN_STORE
    assert classify(with_check_digit("231234501234"), config).kind is ScanKind.VARIABLE_WEIGHT


def test_in_store_prefix_on_ean8_matches_digits_as_scanned() -> None:
    config = ScanConfig(in_store_prefixes=("963",))
    assert classify("96385074", config).kind is ScanKind.IN_STORE


def test_variable_measure_can_be_switched_off() -> None:
    scan = classify("2112345015002", ScanConfig(variable_measure=False))
    assert (scan.kind, scan.product_key, scan.price) == (ScanKind.IN_STORE, "02112345015002", None)


@pytest.mark.parametrize("prefix", ["", "2a", "12345678901234", "²"])
def test_config_rejects_bad_prefixes(prefix: str) -> None:
    with pytest.raises(ValueError, match="in-store prefix"):
        ScanConfig(in_store_prefixes=(prefix,))


def test_config_rejects_tiny_max_length() -> None:
    with pytest.raises(ValueError, match="max_length"):
        ScanConfig(max_length=13)


def test_scan_exposes_element_string_fields() -> None:
    plain = classify("7310865004703")
    assert (plain.best_before, plain.expiry, plain.batch, plain.serial) == (None,) * 4
    element_string = ElementString(
        best_before=date(2027, 1, 1), expiry=date(2027, 2, 1), batch="B1", serial="S1"
    )
    rich = Scan(ScanKind.TRADE_ITEM, "1", "1", element_string=element_string)
    assert (rich.best_before, rich.expiry, rich.batch, rich.serial) == (
        date(2027, 1, 1),
        date(2027, 2, 1),
        "B1",
        "S1",
    )
