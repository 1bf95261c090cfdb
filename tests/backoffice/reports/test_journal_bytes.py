"""The journal XML export equals, byte for byte, the document the first version built with
ElementTree (`journal_reference`), for a stretch of trading full of awkward data: names with
`&`, `<`, `"` and `%`, empty and over 72 characters (cut at 72 before escaping), weighed lines,
returns, receipts without lines, VAT rows or payments, two registers, Z-reports with and without
VAT, the food VAT rate change on 1 April 2026 and the summer-time change on 29 March."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from backoffice.reports.journal_export import journal_chunks, journal_export
from backoffice.reports.scope import ReportScope
from backoffice.sales.models import Sale, SaleLine, SalePayment, SaleVat
from backoffice.stores.service import create_store
from backoffice.zreports.service import record_z_report
from retail import wire
from retail.money import Money
from retail.vat import vat_included
from tests.backoffice.reports.journal_reference import reference_journal

NAMES = [
    'Mjölk & grädde <3 "ekologisk"',
    "",
    "Ost " + "lagrad & god " * 8,  # over 72 characters, an & at the cut
    "x" * 71 + "&y",
    "Bröd",
    "Äpplen Ingrid Marie",
    "Tvål\x1e50 %",  # the separator of a receipt's lines (`journal_rows`), a format's %
]
STORE_NAME = 'Byns "Lanthandel" & <Café> 100 % ' + "ö" * 50


def awkward_trading(session: Session) -> int:
    """The stretch of trading above in `session` (store `byn-x`); its store id."""
    rng = random.Random(21)
    store = create_store(session=session, slug="byn-x", name=STORE_NAME, org_number="769600-1234")
    store_id = store.id
    catalog = [
        (f"0731{i:010d}", NAMES[i % len(NAMES)], rng.choice([2500, 1200, 600, 0]), i % 4 == 3)
        for i in range(12)
    ]
    at = datetime(2026, 3, 27, 21, 0, 7, tzinfo=UTC)
    receipts = {"kassa-1": 0, "kassa-2": 0}
    day_sums: dict[tuple[str, date], int] = {}
    for seq in range(1, 301):
        at += timedelta(minutes=rng.randint(20, 50), seconds=rng.randint(1, 59))
        register = "kassa-2" if seq % 7 == 0 else "kassa-1"
        receipts[register] += 1
        sale_id = uuid.uuid4()
        food_rate = 1200 if at < datetime(2026, 3, 31, 22, tzinfo=UTC) else 600
        sign = -1 if seq % 11 == 0 else 1
        lines: list[SaleLine] = []
        gross: dict[int, int] = {}
        for line_no in range(1, (0 if seq % 13 == 0 else rng.randint(1, 6)) + 1):
            key, name, rate, weighed = rng.choice(catalog)
            rate = food_rate if rate == 1200 else rate
            weight = rng.randint(1, 2500) if weighed else None
            quantity = 1 if weighed else rng.randint(1, 4)
            unit = rng.choice([1, 3, 99, 1895, 4990, 12345, 100_000])
            amount = sign * (unit * weight // 1000 if weight else unit * quantity)
            lines.append(
                SaleLine(
                    store_id=store_id,
                    sale_id=sale_id,
                    line_no=line_no,
                    kind="goods",
                    product_key=key,
                    name=name,
                    quantity=quantity,
                    weight_g=weight,
                    unit_price_ore=unit,
                    amount_ore=amount,
                    vat_class="food",
                    vat_rate_bp=rate,
                    age_limit=0,
                )
            )
            gross[rate] = gross.get(rate, 0) + amount
        total = sum(gross.values())
        session.add(
            Sale(
                store_id=store_id,
                sale_id=sale_id,
                register_id=register,
                receipt_number=receipts[register],
                occurred_at=at,
                total_ore=total,
                customer_hash=None,
                seq=seq,
                received_at=at,
            )
        )
        session.flush()
        session.add_all(lines)
        if seq % 17 != 0:
            for rate, amount in gross.items():
                vat = vat_included(Money(amount), rate).ore
                session.add(
                    SaleVat(
                        store_id=store_id,
                        sale_id=sale_id,
                        rate_bp=rate,
                        gross_ore=amount,
                        vat_ore=vat,
                        net_ore=amount - vat,
                    )
                )
        if seq % 19 != 0 and lines:
            for position, share in enumerate((total // 3, total - total // 3), start=1):
                session.add(
                    SalePayment(
                        store_id=store_id,
                        sale_id=sale_id,
                        position=position,
                        method="swish" if position == 1 else "member_account & <x>",
                        amount_ore=share,
                        reference=f"r{seq}",
                        confirmed_at=at,
                    )
                )
        day = (at + timedelta(hours=2)).date()
        day_sums[(register, day)] = day_sums.get((register, day), 0) + max(total, 0)
    session.flush()
    for number, ((register, day), amount) in enumerate(sorted(day_sums.items()), start=1):
        closed = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=23, minutes=1)
        empty = number % 4 == 0
        record_z_report(
            session=session,
            store_id=store_id,
            seq=number,
            report=wire.ZReport(
                register_id=register,
                z_number=number,
                business_date=day,
                opened_at=closed - timedelta(hours=20),
                closed_at=closed,
                receipt_count=0,
                sales_ore=0 if empty else amount,
                returns_ore=0,
                vat=()
                if empty
                else (
                    wire.VatLine(
                        rate_bp=2500,
                        gross_ore=amount,
                        vat_ore=amount // 5,
                        net_ore=amount - amount // 5,
                    ),
                ),
                payments=()
                if empty
                else (wire.PaymentTotal(method=wire.PaymentMethod.SWISH, amount_ore=amount),),
                grand_total_ore=amount,
            ),
        )
    return store_id


def test_journal_bytes_equal_the_element_tree_document(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        store_id = awkward_trading(session)
    exported = datetime(2026, 4, 9, 10, 30, tzinfo=UTC)
    documents = []
    with sessions() as session:
        for start, end in [
            (date(2026, 3, 27), date(2026, 4, 4)),
            (date(2026, 3, 30), date(2026, 4, 1)),
            (date(2026, 5, 1), date(2026, 5, 31)),  # nothing in it
        ]:
            scope = ReportScope.of([store_id], start, end, "Europe/Stockholm")
            expected = reference_journal(
                session=session, scope=scope, store_id=store_id, exported_at=exported
            )
            got = journal_export(
                session=session, scope=scope, store_id=store_id, exported_at=exported
            )
            assert got == expected
            pieces = list(
                journal_chunks(
                    session=session, scope=scope, store_id=store_id, exported_at=exported
                )
            )
            assert b"".join(pieces) == expected
            documents.append(expected)
    march = documents[0]
    for awkward in [
        b"<utreko:Returkvitto>",
        b"<utreko:ZDagrapport>",
        b"<utreko:EnhetForViktLangdTidEllerVolym>kg<",
        b"<utreko:Artikelnamn />",
        b"&lt;Caf",
        b"<utreko:SaldaArtiklarLISTA />",
        b"<utreko:TotalaForsaljningssummorPerBetalningsmedelLISTA />",
        b"<utreko:MervardesskattPaOlikaSkattesatserLISTA />",
        b"<utreko:Mervardesskattesats>12<",
        b"<utreko:Mervardesskattesats>6<",
        b"<utreko:BeteckningPaValtKassaregisterForExportAvDataFranJournalminnet>kassa-2<",
        "<utreko:Artikelnamn>Tvål\x1e50 %<".encode(),
        b"100 % ",
    ]:
        assert awkward in march, awkward
    assert documents[2].count(b"<utreko:Handelse>") == 0
