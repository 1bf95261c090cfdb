"""`ParsedScans` answers what `parse_scan` answers, for each text, symbology and day."""

from __future__ import annotations

from datetime import date

from retail import Symbology, parse_scan
from retail.barcodes import with_check_digit
from store_controller.checkout import seed
from store_controller.checkout.parsed_scans import KEPT, ParsedScans

GTIN = "0" + with_check_digit("731000000001")
EXPIRY_99 = f"01{GTIN}17991231"  # the GS1 century rule reads "99" by the day it is scanned on
DAYS = (date(2026, 6, 1), date(2060, 6, 1))


def test_the_kept_answer_is_parse_scans_for_each_text_symbology_and_day() -> None:
    parsed = ParsedScans()
    cases = [
        (seed.MJOLK, None),
        (seed.weight_label(seed.OST_ARTICLE, 400), None),
        (EXPIRY_99, Symbology.GS1_128),
        (GTIN, Symbology.CODE128),
        ("not a code", None),
    ]
    for _ in range(2):  # asked, then kept
        for day in DAYS:
            for text, symbology in cases:
                expected = parse_scan(text, symbology, today=day)
                assert parsed.parse(text, symbology, day) == expected
    assert parsed.parse(EXPIRY_99, Symbology.GS1_128, DAYS[0]) != parsed.parse(
        EXPIRY_99, Symbology.GS1_128, DAYS[1]
    )


def test_past_its_bound_it_still_answers_right() -> None:
    parsed = ParsedScans()
    day = DAYS[0]
    codes = ["0" + with_check_digit(f"7310{n:08d}") for n in range(KEPT * 2 + 3)]
    for code in codes:
        assert parsed.parse(code, None, day) == parse_scan(code, today=day)
    assert parsed.parse(codes[0], None, day) == parse_scan(codes[0], today=day)
