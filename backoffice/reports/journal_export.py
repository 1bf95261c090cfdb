"""The sales journal export Skatteverket can ask for (SKVFS 2021:16, XML), from what the stores
synced: every receipt (sale or return) with its lines, VAT per rate and payments, and every
Z-report, per store and period.

What is known (shared/reference/accounting.md §6): the root element and namespaces, the header,
`RegistreringLISTA` of `Handelse` events, and element names and order as written by a production
implementation validated against Skatteverket's schema of 2021-12-08; text at most 72 characters,
decimals with at most two fraction digits, times as yyyy-MM-ddTHH:mm:ss (local, no zone). Not
validated against the XSD here (not available to the project). The backoffice holds no login,
parking or price-enquiry events (the controller's own journal does), and Byabutik has no certified
control unit yet: its serial and control codes are written as "SAKNAS" (missing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from backoffice.reports.scope import ReportScope
from backoffice.reports.zreports import ZReportRead, z_reports
from backoffice.sales.models import Sale, SaleLine, SalePayment, SaleVat
from backoffice.stores.models import Store
from byabutik import __version__
from retail.money import Money
from retail.vat import vat_included

INSTANS = "http://xmls.skatteverket.se/se/skatteverket/td/instans/utredningsstod/1.0"
KOMPONENT = "http://xmls.skatteverket.se/se/skatteverket/td/komponent/utredningsstod/1.0"
MISSING = "SAKNAS"
MODEL = "Byabutik"
ET.register_namespace("utrein", INSTANS)
ET.register_namespace("utreko", KOMPONENT)


def _el(parent: ET.Element, name: str, value: object | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{KOMPONENT}}}{name}")
    if value is not None:
        element.text = str(value)[:72]
    return element


def _kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole}.{frac:02d}"


def _rate(rate_bp: int) -> str:
    return f"{rate_bp / 100:g}"


def _time(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")


def journal_export(
    *, session: Session, scope: ReportScope, store_id: int, exported_at: datetime
) -> bytes:
    """The XML of one store's receipts and Z-reports in the scope's range (UTF-8 bytes)."""
    store = session.get(Store, store_id)
    assert store is not None
    one = ReportScope(store_ids=(store_id,), start=scope.start, end=scope.end, zone=scope.zone)
    zs = z_reports(session=session, scope=one)
    registers = sorted(set(_registers(session, one)) | {z.register_id for z in zs})
    root = ET.Element(f"{{{INSTANS}}}ExportAvDataFranJournalminneEnligtSKVFS2021-16")
    _header(root, store, registers, one, exported_at)
    events = ET.SubElement(root, f"{{{KOMPONENT}}}RegistreringLISTA")
    receipts = list(_receipts(session, one, store))
    items: list[tuple[datetime, int, ET.Element]] = [(at, 0, e) for at, e in receipts]
    items += [(z.closed_at, 1, _z_event(z, store, one.zone)) for z in zs]
    for _at, _order, event in sorted(items, key=lambda item: (item[0], item[1])):
        events.append(event)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written


def _registers(session: Session, scope: ReportScope) -> Iterator[str]:
    query = (
        select(Sale.register_id)
        .where(
            Sale.store_id.in_(scope.store_ids),
            Sale.occurred_at >= scope.utc_start,
            Sale.occurred_at < scope.utc_end,
        )
        .distinct()
    )
    yield from session.scalars(query)


def _header(
    root: ET.Element,
    store: Store,
    registers: list[str],
    scope: ReportScope,
    exported_at: datetime,
) -> None:
    first = registers[0] if registers else MISSING
    _el(root, "BeteckningPaDetKassaregisterSomExportAvDataFranJournalminnetSkerIfran", first)
    _el(root, "TidpunktForNarExportAvDataFranJournalminnetSker", _time(exported_at, scope.zone))
    period = _el(root, "ValdPeriodForExportAvDataFranJournalminne")
    _el(
        period,
        "ValdStarttidpunktForExportAvDataFranJournalminnet",
        _time(scope.utc_start, scope.zone),
    )
    last = _time(scope.utc_end, scope.zone)
    _el(period, "ValdSluttidpunktForExportAvDataFranJournalminnet", last)
    chosen = _el(root, "BeteckningPaValdaKassaregisterForExportAvDataFranJournalminnenLISTA")
    for register in registers:
        _el(chosen, "BeteckningPaValtKassaregisterForExportAvDataFranJournalminnet", register)
    company = _el(root, "InformationOmForetaget")
    _company(company, store)
    systems = _el(root, "KassaregistersystemLISTA")
    for register in registers:
        system = _el(systems, "Kassaregistersystemet")
        _register_identity(system, register)
        _el(system, "Kassabeteckning", register)
        _el(system, "TillverkningsnummerForKontrollenheten", MISSING)


def _company(parent: ET.Element, store: Store) -> None:
    _el(parent, "OrganisationsnummerEllerPersonnummer", store.org_number.replace("-", ""))
    _el(parent, "ForetagetsNamn", store.name)
    _el(parent, "DenAdressDarForsaljningSker", store.address or MISSING)


def _register_identity(parent: ET.Element, register: str) -> None:
    _el(parent, "TillverkningsnummerForKassaregistret", register)
    _el(parent, "ModellbeteckningForKassaregistret", MODEL)
    _el(parent, "ModellEllerProgramForKassaregistret", MODEL)
    _el(parent, "VersionsnummerForKassaregistret", __version__)


def _receipts(
    session: Session, scope: ReportScope, store: Store
) -> Iterator[tuple[datetime, ET.Element]]:
    window = and_(
        Sale.store_id == store.id,
        Sale.occurred_at >= scope.utc_start,
        Sale.occurred_at < scope.utc_end,
    )

    def children(model: type, order: object) -> dict[object, list[object]]:
        found: dict[object, list[object]] = defaultdict(list)
        query: Any = (
            select(model)
            .join(Sale, and_(Sale.store_id == model.store_id, Sale.sale_id == model.sale_id))  # type: ignore[attr-defined]
            .where(window)
            .order_by(order)  # type: ignore[arg-type]
        )
        for row in session.scalars(query):
            found[row.sale_id].append(row)
        return found

    lines = children(SaleLine, SaleLine.line_no)
    vat = children(SaleVat, SaleVat.rate_bp.desc())
    payments = children(SalePayment, SalePayment.position)
    sales = session.scalars(select(Sale).where(window).order_by(Sale.occurred_at))
    for sale in sales:
        yield (
            sale.occurred_at,
            _receipt_event(
                sale,
                store=store,
                zone=scope.zone,
                lines=lines[sale.sale_id],
                vat=vat[sale.sale_id],
                payments=payments[sale.sale_id],
            ),
        )


def _receipt_event(
    sale: Sale,
    *,
    store: Store,
    zone: ZoneInfo,
    lines: list[object],
    vat: list[object],
    payments: list[object],
) -> ET.Element:
    event = ET.Element(f"{{{KOMPONENT}}}Handelse")
    _el(event, "Kassabeteckning", sale.register_id)
    _el(event, "Registreringstidpunkt", _time(sale.occurred_at, zone))
    is_return = sale.total_ore < 0
    receipt = _el(event, "Returkvitto" if is_return else "Kassakvitto")
    _el(receipt, "ForetagetsNamn", store.name)
    _el(receipt, "OrganisationsnummerEllerPersonnummer", store.org_number.replace("-", ""))
    _el(receipt, "DenAdressDarForsaljningSker", store.address or MISSING)
    when = (
        "DatumOchKlockslagNarReturkvittoFramstalls"
        if is_return
        else ("DatumOchKlockslagNarKvittoFramstalls")
    )
    _el(receipt, when, _time(sale.occurred_at, zone))
    _el(receipt, "LopnummerForKassakvitto", sale.receipt_number)
    _el(receipt, "Kassabeteckning", sale.register_id)
    articles = _el(receipt, "SaldaArtiklarLISTA")
    for line in lines:
        assert isinstance(line, SaleLine)
        article = _el(articles, "SaldArtikel")
        _el(article, "TypAvArtikel", "VARA")
        _el(article, "Artikelnummer", line.product_key)
        _el(article, "Artikelnamn", line.name)
        if line.weight_g:
            _el(article, "AntalAvSaldArtikel", f"{line.weight_g / 1000:.3f}")
            _el(article, "EnhetForViktLangdTidEllerVolym", "kg")
        else:
            _el(article, "AntalAvSaldArtikel", line.quantity)
        _el(article, "PrisPerEnhet", _kr(line.unit_price_ore))
        _el(article, "PrisPaSaldArtikel", _kr(line.amount_ore))
        _el(article, "MervardesskattesatsForSaldArtikel", _rate(line.vat_rate_bp))
        line_vat = vat_included(Money(line.amount_ore), line.vat_rate_bp).ore
        _el(article, "MervardesskattPaSaldArtikel", _kr(line_vat))
        _el(article, "ArtikelnsRegistreringstidpunkt", _time(sale.occurred_at, zone))
    _el(receipt, "TotaltForsaljningsbeloppISvenskaKronor", _kr(sale.total_ore))
    vat_rows = [row for row in vat if isinstance(row, SaleVat)]
    _el(receipt, "MervardesskattPaForsaljningsbeloppet", _kr(sum(r.vat_ore for r in vat_rows)))
    paid = _el(receipt, "TotalaForsaljningssummorPerBetalningsmedelLISTA")
    for payment in payments:
        assert isinstance(payment, SalePayment)
        entry = _el(paid, "TotalForsaljningssummaPerBetalningsmedel")
        _el(entry, "Betalningsmedel", payment.method)
        _el(entry, "ForsaljningssummaPerBetalningsmedel", _kr(payment.amount_ore))
    rates = _el(receipt, "MervardesskattPaOlikaSkattesatserLISTA")
    for row in vat_rows:
        entry = _el(rates, "MervardesskattPerSkattesats")
        _el(entry, "Mervardesskattesats", _rate(row.rate_bp))
        _el(entry, "TotaltMervardesskattebeloppPerSkattesats", _kr(row.vat_ore))
    _el(receipt, "LopnummerForZDagrapportPaKvitto", 0)
    _el(receipt, "TillverkningsnummerForKontrollenheten", MISSING)
    _el(receipt, "Kontrollkod", MISSING)
    return event


def _z_event(z: ZReportRead, store: Store, zone: ZoneInfo) -> ET.Element:
    event = ET.Element(f"{{{KOMPONENT}}}Handelse")
    _el(event, "Kassabeteckning", z.register_id)
    _el(event, "Registreringstidpunkt", _time(z.closed_at, zone))
    report = _el(event, "ZDagrapport")
    _el(report, "ForetagetsNamn", store.name)
    _el(report, "OrganisationsnummerEllerPersonnummer", store.org_number.replace("-", ""))
    _el(report, "DatumOchKlockslagNarRapportFramstalls", _time(z.closed_at, zone))
    _el(report, "LopnummerForZDagrapport", z.z_number)
    _el(report, "Kassabeteckning", z.register_id)
    _register_identity(report, z.register_id)
    _el(report, "TotalForsaljningssumma", _kr(z.net_ore))
    rates = _el(report, "MervardesskattPaOlikaSkattesatserLISTA")
    for row in z.vat or ():
        entry = _el(rates, "MervardesskattPerSkattesats")
        _el(entry, "Mervardesskattesats", _rate(row.rate_bp))
        _el(entry, "TotaltMervardesskattebeloppPerSkattesats", _kr(row.vat_ore))
    if not z.vat:
        entry = _el(rates, "MervardesskattPerSkattesats")
        _el(entry, "Mervardesskattesats", "0")
        _el(entry, "TotaltMervardesskattebeloppPerSkattesats", "0.00")
    _el(report, "VaxelkassansBeloppISvenskaKronor", _kr(z.float_ore))
    _el(report, "AntalKassakvitton", z.receipt_count)
    _el(report, "AntalKassaladoppningar", z.cash_drawer_openings)
    _el(report, "AntalKvittokopior", z.receipt_copies or 0)
    _el(report, "TotaltBeloppPaKvittokopior", "0.00")
    _el(report, "AntalKvittonSomTagitsFramIOvningslage", z.training_receipts)
    paid = _el(report, "TotalaForsaljningssummorPerBetalningsmedelLISTA")
    for payment in z.payments:
        entry = _el(paid, "TotalForsaljningssummaPerBetalningsmedel")
        _el(entry, "Betalningsmedel", payment.method)
        _el(entry, "ForsaljningssummaPerBetalningsmedel", _kr(payment.amount_ore))
    _el(report, "AntalReturer", z.return_count)
    _el(report, "ReturernasBelopp", _kr(z.returns_ore))
    _el(report, "RabatternasBelopp", _kr(z.discounts_ore))
    _el(report, "AntalOvrigaRegistreringarSomMinskatDagensForsaljningsbelopp", 0)
    _el(report, "TotaltBeloppAvOvrigaRegistreringarSomMinskatDagensForsaljningsbelopp", "0.00")
    _el(report, "AntalOavslutadeForsaljningar", z.unfinished_sales or 0)
    _el(report, "TotaltBeloppAvOavslutadeForsaljningar", "0.00")
    _el(report, "GrandTotalForsaljning", _kr(z.grand_total_sales_ore))
    _el(report, "GrandTotalRetur", _kr(z.grand_total_returns_ore))
    _el(report, "GrandTotalNetto", _kr(z.grand_total_net_ore))
    return event
