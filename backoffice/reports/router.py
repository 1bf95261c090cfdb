"""The reports' JSON API, exports and charts. Access: the sales.view permission (owners and
bookkeepers) on every store in `stores` (one dependency, `scope`, resolves and checks them);
exports also need reports.export. Every export passes the audit seam (`audit.audit_export`)."""

from __future__ import annotations

from datetime import date
from itertools import chain
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import NotFoundError
from backoffice.reports import charts, csv_export
from backoffice.reports.accounts import Profile, get_profile, put_profile
from backoffice.reports.audit import audit_export
from backoffice.reports.figures import (
    CategoryReport,
    ProductReport,
    SalesReport,
    SalesSummary,
    VatReport,
)
from backoffice.reports.journal_export import journal_chunks
from backoffice.reports.periods import Grain
from backoffice.reports.products import category_report, product_report
from backoffice.reports.region import RegionFigures, region_figures
from backoffice.reports.region_pdf import region_pdf
from backoffice.reports.sales import sales_report, sales_summary
from backoffice.reports.scope import DEFAULT_ZONE, ReportError, ReportScope
from backoffice.reports.sie_export import sie_export
from backoffice.reports.stock import StockReport, movements, stock_value
from backoffice.reports.vat import vat_report
from backoffice.reports.zreports import (
    DayCheck,
    ZCheck,
    ZReportRead,
    day_checks,
    z_checks,
    z_reports,
)
from backoffice.stores.models import Store

router = APIRouter(prefix="/api/reports", tags=["reports"])

ReadDep = Annotated[Access, Depends(require(Permission.SALES_VIEW, from_query("stores")))]
ReadStoreDep = Annotated[Access, Depends(require(Permission.SALES_VIEW, from_query("store")))]
EXPORT = Depends(require(Permission.REPORTS_EXPORT, from_query("stores")))
ExportStoreDep = Annotated[Access, Depends(require(Permission.REPORTS_EXPORT, from_query("store")))]


def _store_ids(session: SessionDep, stores: list[str]) -> tuple[int, ...]:
    slugs = {s for value in stores for s in value.split(",") if s}
    if not slugs:
        raise ReportError("name at least one store (stores=slug)")
    rows = session.execute(select(Store.slug, Store.id).where(Store.slug.in_(slugs)))
    found: dict[str, int] = dict(rows.all())
    missing = sorted(slugs - set(found))
    if missing:
        raise NotFoundError(f"no store {', '.join(missing)}")
    return tuple(sorted(found.values()))


def scope(
    access: ReadDep,
    stores: Annotated[list[str], Query(description="store slugs, repeated or comma-separated")],
    start: date,
    end: date,
    tz: Annotated[str, Query(description="IANA time zone of the local days")] = DEFAULT_ZONE,
) -> ReportScope:
    """The stores and local days a report covers (the access check for every report route)."""
    return ReportScope.of([store.id for store in access.stores], start, end, tz)


ScopeDep = Annotated[ReportScope, Depends(scope)]


def _store(session: SessionDep, slug: str) -> Store:
    store = session.scalar(select(Store).where(Store.slug == slug))
    if store is None:
        raise NotFoundError(f"no store {slug!r}")
    return store


def _file(body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type, headers=_download(filename))


def _download(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def _name(scope: ReportScope, kind: str, ext: str) -> str:
    return f"{kind}-{scope.start.isoformat()}-{scope.end.isoformat()}.{ext}"


@router.get("/sales")
def get_sales(
    session: SessionDep, scope: ScopeDep, grain: Grain = Grain.DAY, per_store: bool = False
) -> SalesReport:
    return sales_report(session=session, scope=scope, grain=grain, per_store=per_store)


@router.get("/sales/summary")
def get_sales_summary(session: SessionDep, scope: ScopeDep) -> SalesSummary:
    return sales_summary(session=session, scope=scope)


@router.get("/products")
def get_products(
    session: SessionDep,
    scope: ScopeDep,
    per_store: bool = False,
    limit: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> ProductReport:
    return product_report(session=session, scope=scope, per_store=per_store, limit=limit)


@router.get("/categories")
def get_categories(session: SessionDep, scope: ScopeDep) -> CategoryReport:
    return category_report(session=session, scope=scope)


@router.get("/vat")
def get_vat(
    session: SessionDep, scope: ScopeDep, grain: Grain = Grain.MONTH, per_store: bool = False
) -> VatReport:
    return vat_report(session=session, scope=scope, grain=grain, per_store=per_store)


@router.get("/zreports")
def get_z_reports(session: SessionDep, scope: ScopeDep) -> tuple[ZReportRead, ...]:
    return z_reports(session=session, scope=scope)


@router.get("/zreports/checks")
def get_z_checks(session: SessionDep, scope: ScopeDep) -> tuple[ZCheck, ...]:
    return z_checks(session=session, scope=scope)


@router.get("/zreports/days")
def get_day_checks(session: SessionDep, scope: ScopeDep) -> tuple[DayCheck, ...]:
    return day_checks(session=session, scope=scope)


@router.get("/stock")
def get_stock(
    _access: Annotated[Access, Depends(require(Permission.STOCK_VIEW, from_query("stores")))],
    session: SessionDep,
    stores: Annotated[list[str], Query()],
) -> StockReport:
    return stock_value(session=session, store_ids=_store_ids(session, stores))


@router.get("/stock/{reason}")
def get_stock_movements(session: SessionDep, scope: ScopeDep, reason: str) -> StockReport:
    if reason not in {"waste", "stocktake"}:
        raise NotFoundError("stock movements are 'waste' or 'stocktake' (shrinkage)")
    return movements(session=session, scope=scope, reason=reason)


@router.get("/region")
def get_region(
    _access: ReadStoreDep, session: SessionDep, store: str, year: int, tz: str = DEFAULT_ZONE
) -> RegionFigures:
    found = _store(session, store)
    return region_figures(session=session, store_id=found.id, year=year, zone=tz)


def _org_store_name(session: SessionDep, org_number: str) -> str:
    name = session.scalar(select(Store.name).where(Store.org_number == org_number).limit(1))
    if name is None:
        raise NotFoundError(f"no store belongs to organisation number {org_number!r}")
    return name


def _org_stores(request: Request, session: Session) -> list[str]:
    org_number = request.path_params["org_number"]
    slugs = list(session.scalars(select(Store.slug).where(Store.org_number == org_number)))
    if not slugs:
        raise NotFoundError(f"no store belongs to organisation number {org_number!r}")
    return slugs


@router.get("/accounting/{org_number}")
def get_accounting(
    _access: Annotated[Access, Depends(require(Permission.SALES_VIEW, _org_stores))],
    session: SessionDep,
    org_number: str,
) -> Profile:
    """The company name and BAS mapping the SIE export uses for this organisation number."""
    name = _org_store_name(session, org_number)
    return get_profile(session=session, org_number=org_number, default_name=name)


@router.put("/accounting/{org_number}")
def put_accounting(
    _access: Annotated[Access, Depends(require(Permission.ACCOUNTING_WRITE, _org_stores))],
    session: SessionDep,
    now: NowDep,
    org_number: str,
    body: Profile,
) -> Profile:
    if body.org_number != org_number:
        raise ReportError("the body's org_number differs from the path's")
    _org_store_name(session, org_number)
    put_profile(session=session, profile=body, now=now)
    session.commit()
    return body


# Exports: files with a name, each audited.


@router.get("/exports/sales.csv", dependencies=[EXPORT])
def export_sales_csv(
    request: Request,
    *,
    session: SessionDep,
    scope: ScopeDep,
    grain: Grain = Grain.DAY,
    per_store: bool = False,
    bom: bool = False,
) -> Response:
    report = sales_report(session=session, scope=scope, grain=grain, per_store=per_store)
    audit_export(request, kind="sales.csv", scope=scope)
    return _file(
        csv_export.sales_csv(report, bom=bom),
        "text/csv; charset=utf-8",
        _name(scope, "forsaljning", "csv"),
    )


@router.get("/exports/vat.csv", dependencies=[EXPORT])
def export_vat_csv(
    request: Request,
    *,
    session: SessionDep,
    scope: ScopeDep,
    grain: Grain = Grain.MONTH,
    per_store: bool = False,
    bom: bool = False,
) -> Response:
    report = vat_report(session=session, scope=scope, grain=grain, per_store=per_store)
    audit_export(request, kind="vat.csv", scope=scope)
    return _file(
        csv_export.vat_csv(report, bom=bom), "text/csv; charset=utf-8", _name(scope, "moms", "csv")
    )


@router.get("/exports/products.csv", dependencies=[EXPORT])
def export_products_csv(
    request: Request,
    session: SessionDep,
    scope: ScopeDep,
    per_store: bool = False,
    bom: bool = False,
) -> Response:
    report = product_report(session=session, scope=scope, per_store=per_store)
    audit_export(request, kind="products.csv", scope=scope)
    return _file(
        csv_export.products_csv(report, bom=bom),
        "text/csv; charset=utf-8",
        _name(scope, "artiklar", "csv"),
    )


@router.get("/exports/sie", dependencies=[EXPORT])
def export_sie(
    request: Request,
    *,
    session: SessionDep,
    scope: ScopeDep,
    now: NowDep,
    series: Annotated[str, Query(max_length=10, pattern=r"^[A-Za-z0-9]*$")] = "",
    first_number: Annotated[int | None, Query(ge=1)] = None,
    checksum: bool = False,
) -> Response:
    """SIE 4I (CP437): one voucher per store and local day."""
    body, _profile = sie_export(
        session=session,
        scope=scope,
        generated=now.astimezone(scope.zone).date(),
        series=series,
        first_number=first_number,
        checksum=checksum,
    )
    audit_export(request, kind="sie4i", scope=scope)
    return _file(body, "text/plain; charset=IBM437", _name(scope, "dagsforsaljning", "si"))


@router.get("/exports/journal.xml", dependencies=[EXPORT])
def export_journal(
    request: Request, session: SessionDep, scope: ScopeDep, now: NowDep, store: str
) -> Response:
    """One store's receipts and Z-reports as SKVFS 2021:16 XML, streamed. A failure after the
    first piece aborts the response (no final chunk): the client sees a broken download, never a
    shorter file that looks complete."""
    found = _store(session, store)
    if found.id not in scope.store_ids:
        raise ReportError("the journal's store must be one of the report's stores")
    pieces = journal_chunks(session=session, scope=scope, store_id=found.id, exported_at=now)
    first = next(pieces)  # every row is read here: a failure is an error answer, not a file
    audit_export(request, kind="journal.xml", scope=scope)
    return StreamingResponse(
        chain((first,), pieces),
        media_type="application/xml",
        headers=_download(_name(scope, f"journal-{store}", "xml")),
    )


@router.get("/exports/region.pdf")
def export_region_pdf(
    request: Request,
    _access: ExportStoreDep,
    session: SessionDep,
    store: str,
    year: int,
    tz: str = DEFAULT_ZONE,
) -> Response:
    found = _store(session, store)
    figures = region_figures(session=session, store_id=found.id, year=year, zone=tz)
    scope = ReportScope.of([found.id], date(year, 1, 1), date(year, 12, 31), tz)
    audit_export(request, kind="region.pdf", scope=scope)
    return _file(region_pdf(figures), "application/pdf", f"butiksuppgifter-{store}-{year}.pdf")


# Charts (SVG) for the pages.

SVG = "image/svg+xml"


@router.get("/charts/sales.svg")
def chart_sales(session: SessionDep, scope: ScopeDep, grain: Grain = Grain.DAY) -> Response:
    report = sales_report(session=session, scope=scope, grain=grain)
    return Response(charts.sales_chart(report), media_type=SVG)


@router.get("/charts/vat.svg")
def chart_vat(session: SessionDep, scope: ScopeDep, grain: Grain = Grain.MONTH) -> Response:
    report = vat_report(session=session, scope=scope, grain=grain)
    return Response(charts.vat_chart(report), media_type=SVG)


@router.get("/charts/visits.svg")
def chart_visits(
    _access: ReadStoreDep,
    session: SessionDep,
    store: str,
    year: int,
    by: Annotated[str, Query(pattern="^(hour|weekday)$")] = "hour",
    tz: str = DEFAULT_ZONE,
) -> Response:
    found = _store(session, store)
    figures = region_figures(session=session, store_id=found.id, year=year, zone=tz)
    if by == "hour":
        labels = [f"{h:02d}" for h in range(24)]
        svg = charts.counts_chart("Besök per timme", labels, figures.visits_by_hour)
    else:
        labels = ["mån", "tis", "ons", "tor", "fre", "lör", "sön"]
        svg = charts.counts_chart("Besök per veckodag", labels, figures.visits_by_weekday)
    return Response(svg, media_type=SVG)
