"""The journal XML as the first version wrote it (c2439dd): an ElementTree built from ORM objects.
Kept as the independent reference the fast text writer must equal byte for byte."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from backoffice.reports.journal_export import INSTANS, KOMPONENT, MODEL
from backoffice.reports.journal_receipts import MISSING
from backoffice.reports.scope import ReportScope
from backoffice.reports.zreports import ZReportRead, z_reports
from backoffice.sales.models import Sale, SaleLine, SalePayment, SaleVat
from backoffice.stores.models import Store
from byabutik import __version__
from retail.money import Money
from retail.vat import vat_included

ET.register_namespace("utrein", INSTANS)
ET.register_namespace("utreko", KOMPONENT)


def _el(parent: ET.Element, name: str, value: object | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{KOMPONENT}}}{name}")
    if value is not None:
        element.text = str(value)[:72]
    return element


def _kr(ore: int) -> str:
    return f"{'-' if ore < 0 else ''}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def _rate(rate_bp: int) -> str:
    return f"{rate_bp / 100:g}"


def _time(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")


def reference_journal(
    *, session: Session, scope: ReportScope, store_id: int, exported_at: datetime
) -> bytes:
    store = session.get(Store, store_id)
    assert store is not None
    one = ReportScope(store_ids=(store_id,), start=scope.start, end=scope.end, zone=scope.zone)
    zone = one.zone
    window = and_(
        Sale.store_id == store_id,
        Sale.occurred_at >= one.utc_start,
        Sale.occurred_at < one.utc_end,
    )
    sales = list(session.scalars(select(Sale).where(window).order_by(Sale.occurred_at)))
    zs = z_reports(session=session, scope=one)
    registers = sorted({s.register_id for s in sales} | {z.register_id for z in zs})
    root = ET.Element(f"{{{INSTANS}}}ExportAvDataFranJournalminneEnligtSKVFS2021-16")
    _el(
        root,
        "BeteckningPaDetKassaregisterSomExportAvDataFranJournalminnetSkerIfran",
        registers[0] if registers else MISSING,
    )
    _el(root, "TidpunktForNarExportAvDataFranJournalminnetSker", _time(exported_at, zone))
    period = _el(root, "ValdPeriodForExportAvDataFranJournalminne")
    _el(period, "ValdStarttidpunktForExportAvDataFranJournalminnet", _time(one.utc_start, zone))
    _el(period, "ValdSluttidpunktForExportAvDataFranJournalminnet", _time(one.utc_end, zone))
    chosen = _el(root, "BeteckningPaValdaKassaregisterForExportAvDataFranJournalminnenLISTA")
    for register in registers:
        _el(chosen, "BeteckningPaValtKassaregisterForExportAvDataFranJournalminnet", register)
    company = _el(root, "InformationOmForetaget")
    _el(company, "OrganisationsnummerEllerPersonnummer", store.org_number.replace("-", ""))
    _el(company, "ForetagetsNamn", store.name)
    _el(company, "DenAdressDarForsaljningSker", store.address or MISSING)
    systems = _el(root, "KassaregistersystemLISTA")
    for register in registers:
        system = _el(systems, "Kassaregistersystemet")
        _identity(system, register)
        _el(system, "Kassabeteckning", register)
        _el(system, "TillverkningsnummerForKontrollenheten", MISSING)
    events = _el(root, "RegistreringLISTA")

    def children(model: Any, order: Any) -> dict[Any, list[Any]]:
        found: dict[Any, list[Any]] = defaultdict(list)
        query = (
            select(model)
            .join(Sale, and_(Sale.store_id == model.store_id, Sale.sale_id == model.sale_id))
            .where(window)
            .order_by(order)
        )
        for row in session.scalars(query):
            found[row.sale_id].append(row)
        return found

    lines = children(SaleLine, SaleLine.line_no)
    vat = children(SaleVat, SaleVat.rate_bp.desc())
    payments = children(SalePayment, SalePayment.position)
    items: list[tuple[datetime, int, ET.Element]] = [
        (
            s.occurred_at,
            0,
            _receipt(s, store, zone, lines[s.sale_id], vat[s.sale_id], payments[s.sale_id]),
        )
        for s in sales
    ]
    items += [(z.closed_at, 1, _z(z, store, zone)) for z in zs]
    for _at, _order, event in sorted(items, key=lambda item: (item[0], item[1])):
        events.append(event)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written


def _identity(parent: ET.Element, register: str) -> None:
    _el(parent, "TillverkningsnummerForKassaregistret", register)
    _el(parent, "ModellbeteckningForKassaregistret", MODEL)
    _el(parent, "ModellEllerProgramForKassaregistret", MODEL)
    _el(parent, "VersionsnummerForKassaregistret", __version__)


def _receipt(
    sale: Sale,
    store: Store,
    zone: ZoneInfo,
    lines: list[SaleLine],
    vat: list[SaleVat],
    payments: list[SalePayment],
) -> ET.Element:
    event = ET.Element(f"{{{KOMPONENT}}}Handelse")
    when = _time(sale.occurred_at, zone)
    _el(event, "Kassabeteckning", sale.register_id)
    _el(event, "Registreringstidpunkt", when)
    is_return = sale.total_ore < 0
    receipt = _el(event, "Returkvitto" if is_return else "Kassakvitto")
    _el(receipt, "ForetagetsNamn", store.name)
    _el(receipt, "OrganisationsnummerEllerPersonnummer", store.org_number.replace("-", ""))
    _el(receipt, "DenAdressDarForsaljningSker", store.address or MISSING)
    made = "Returkvitto" if is_return else "Kvitto"
    _el(receipt, f"DatumOchKlockslagNar{made}Framstalls", when)
    _el(receipt, "LopnummerForKassakvitto", sale.receipt_number)
    _el(receipt, "Kassabeteckning", sale.register_id)
    articles = _el(receipt, "SaldaArtiklarLISTA")
    for line in lines:
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
        _el(article, "ArtikelnsRegistreringstidpunkt", when)
    _el(receipt, "TotaltForsaljningsbeloppISvenskaKronor", _kr(sale.total_ore))
    _el(receipt, "MervardesskattPaForsaljningsbeloppet", _kr(sum(r.vat_ore for r in vat)))
    paid = _el(receipt, "TotalaForsaljningssummorPerBetalningsmedelLISTA")
    for payment in payments:
        entry = _el(paid, "TotalForsaljningssummaPerBetalningsmedel")
        _el(entry, "Betalningsmedel", payment.method)
        _el(entry, "ForsaljningssummaPerBetalningsmedel", _kr(payment.amount_ore))
    rates = _el(receipt, "MervardesskattPaOlikaSkattesatserLISTA")
    for row in vat:
        entry = _el(rates, "MervardesskattPerSkattesats")
        _el(entry, "Mervardesskattesats", _rate(row.rate_bp))
        _el(entry, "TotaltMervardesskattebeloppPerSkattesats", _kr(row.vat_ore))
    _el(receipt, "LopnummerForZDagrapportPaKvitto", 0)
    _el(receipt, "TillverkningsnummerForKontrollenheten", MISSING)
    _el(receipt, "Kontrollkod", MISSING)
    return event


def _z(z: ZReportRead, store: Store, zone: ZoneInfo) -> ET.Element:
    event = ET.Element(f"{{{KOMPONENT}}}Handelse")
    _el(event, "Kassabeteckning", z.register_id)
    _el(event, "Registreringstidpunkt", _time(z.closed_at, zone))
    report = _el(event, "ZDagrapport")
    _el(report, "ForetagetsNamn", store.name)
    _el(report, "OrganisationsnummerEllerPersonnummer", store.org_number.replace("-", ""))
    _el(report, "DatumOchKlockslagNarRapportFramstalls", _time(z.closed_at, zone))
    _el(report, "LopnummerForZDagrapport", z.z_number)
    _el(report, "Kassabeteckning", z.register_id)
    _identity(report, z.register_id)
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
