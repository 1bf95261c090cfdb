from datetime import date, datetime

import pytest

from retail.bankgiro import PaymentKind, ReferenceCode, parse_bgmax
from retail.errors import BgMaxError
from tests.retail.bankgiro import bgmax_file as f


def a_month_of_payments() -> list[str]:
    """Two deposits with every record type: OCR, several references, text, deduction."""
    return [
        f.start(),
        f.opening("9912346"),
        f.payment(reference="10420031816", ore=51200, serial="000120000001"),
        f.name("Astrid Lindqvist", "c/o Berg"),
        f.address("Byvägen 3", "93191"),
        f.town("Storåker", "Sverige", "SE"),
        f.organisation("005500001234"),
        f.payment(reference="657866 658765", ore=30000, code=3, serial="000120000002"),
        f.payment("22", reference="657866", ore=0, code=2, serial="000120000002"),
        f.payment("23", reference="658765", ore=2500, code=2, serial="000120000002"),
        f.information("Mars och april"),
        f.information("tack för färgen"),
        f.payment("21", reference="1234574", ore=5000, serial="000120000003", deduction_code="0"),
        f.deposit(ore=51200 + 30000 - 5000, count=3, serial="00001"),
        f.opening("9912346"),
        f.payment(
            reference="Faktura 318", ore=12345, code=4, serial="000120000004", channel=3, image="1"
        ),
        f.deposit(ore=12345, count=1, serial="00002", date="20260403"),
        f.end(payments=3, deductions=1, extras=2, deposits=2),
    ]


def test_a_file_built_from_the_specification_reads_back_every_field() -> None:
    parsed = parse_bgmax(f.encode(a_month_of_payments()))
    assert parsed.written_at == datetime(2026, 4, 2, 6, 15, 44, 123456)
    assert parsed.test is False
    first, second = parsed.deposits
    assert (first.payee_bankgiro, first.currency, first.amount_ore) == ("0009912346", "SEK", 76200)
    assert first.payment_date == date(2026, 4, 2)
    assert first.deposit_serial == "00001"
    assert first.bank_account.lstrip("0") == "3456789012"
    ocr, several, deduction = first.payments
    assert (ocr.reference, ocr.reference_code, ocr.amount_ore) == (
        "10420031816",
        ReferenceCode.OCR,
        51200,
    )
    assert (ocr.name, ocr.extra_name, ocr.address, ocr.postcode) == (
        "Astrid Lindqvist",
        "c/o Berg",
        "Byvägen 3",
        "93191",
    )
    assert (ocr.town, ocr.country, ocr.country_code) == ("Storåker", "Sverige", "SE")
    assert ocr.organisation_number == "005500001234"
    assert several.reference_code is ReferenceCode.SEVERAL
    assert [(e.reference, e.amount_ore) for e in several.extra_references] == [
        ("657866", 0),
        ("658765", -2500),
    ]
    assert several.information == ("Mars och april", "tack för färgen")
    assert deduction.kind is PaymentKind.DEDUCTION
    assert deduction.signed_amount_ore == -5000
    assert deduction.deduction_code == "0"
    (text,) = second.payments
    assert (text.reference, text.channel, text.has_image) == ("Faktura 318", 3, True)
    assert len(parsed.payments) == 4


def test_lf_line_ends_and_cut_trailing_blanks_read_the_same() -> None:
    records = a_month_of_payments()
    crlf = parse_bgmax(f.encode(records))
    lf = parse_bgmax("\n".join(r.rstrip() for r in records).encode("iso-8859-1"))
    assert lf == crlf


def test_a_test_file_is_marked() -> None:
    records = a_month_of_payments()
    records[0] = f.start(mark="T")
    assert parse_bgmax(f.encode(records)).test is True


def _with(record: str, position: int, text: str) -> str:
    return record[: position - 1] + text + record[position - 1 + len(text) :]


def _broken(index: int, record: str) -> bytes:
    records = a_month_of_payments()
    records[index] = record
    return f.encode(records)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (_broken(0, f.opening()), "line 1: a BgMax file starts with record 01"),
        (_broken(0, f.start().replace("BGMAX", "BGMIN")), "layout BGMAX version 01"),
        (_broken(0, f.start(written="20261332000000000000")), "no such time"),
        (_broken(0, f.start(mark="X")), "test mark is T or P"),
        (
            _broken(13, f.deposit(ore=76201, count=3)),
            "line 14: the deposit is 76201 öre, its payments sum to 76200",
        ),
        (_broken(13, f.deposit(ore=76200, count=2)), "counts 2 payments, the section has 3"),
        (
            _broken(13, f.deposit(ore=76200, count=3, currency="EUR")),
            "in 'EUR', its section in 'SEK'",
        ),
        (_broken(13, f.deposit(ore=76200, count=3, date="20260231")), "no such payment date"),
        (
            _broken(13, f.deposit(ore=76200, count=3, date="2026x401")),
            "payment date must be digits",
        ),
        (_broken(17, f.end(3, 1, 1, 2)), "counts 1 extra references, the file has 2"),
        (_broken(17, f.end(4, 1, 2, 2)), "counts 4 payments, the file has 3"),
        (
            _broken(8, f.payment("22", reference="657866", ore=0, serial="000120000009")),
            "repeats its payment's BGC serial",
        ),
        (_broken(2, f.payment(reference="1", ore=1, code=7)), "unknown reference code 7"),
        (_broken(2, f.payment(reference="1", ore=1, channel=5)), "unknown payment channel 5"),
        (_broken(2, f.payment(reference="1", ore=1, image="2")), "image mark is 0 or 1"),
        (
            _broken(
                2,
                _with(f.payment(reference="1", ore=1), 38, "x"),
            ),
            "the amount must be digits",
        ),
        (_broken(6, f.organisation("00550000123x")), "organisation number must be digits"),
        (_broken(2, "99" + " " * 78), "line 3: unknown record type '99'"),
        (_broken(2, "20" + " " * 79), "a record is 80 characters, this one 81"),
        (_broken(14, f.payment(reference="1", ore=1)), "line 15: record '20' outside a section"),
        (_broken(13, f.opening()), "a section opens before the previous one closed"),
        (_broken(13, f.end(3, 1, 2, 1)), "the end record comes inside an open section"),
        (f.encode(a_month_of_payments()[:-1]), "ends without its end record 70"),
        (
            f.encode([*a_month_of_payments(), f.end(0, 0, 0, 0)]),
            "line 19: nothing follows the end record",
        ),
        (
            f.encode([*a_month_of_payments()[:2], f.name("A")]),
            "line 3: record 26 comes before any payment",
        ),
        (
            _broken(11, f.payment("22", reference="1", ore=0, serial="000120000002")),
            "an extra reference comes right after its payment",
        ),
        (_broken(6, f.information("late")), "information comes before the name"),
        (_broken(6, f.name("Twice")), "at most one record 26 per payment"),
    ],
)
def test_a_broken_file_is_refused_whole_naming_the_line(data: bytes, message: str) -> None:
    with pytest.raises(BgMaxError, match=message):
        parse_bgmax(data)
