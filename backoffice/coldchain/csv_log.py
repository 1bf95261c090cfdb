"""The cold-chain log as CSV for a Swedish spreadsheet: semicolons, decimal commas (°C with two
decimals), local times as `YYYY-MM-DD HH:MM`, UTF-8 with a byte-order mark (Excel). Two parts
one after the other: the summaries, an empty line, the excursions."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from backoffice.coldchain.log import Excursion, Grain, Summary
from backoffice.reports.csv_export import SwedishExcel


def degrees(centi: int | None) -> str:
    """Hundredths of a degree as a spreadsheet number: -1850 -> "-18,50"."""
    if centi is None:
        return ""
    sign = "-" if centi < 0 else ""
    whole, frac = divmod(abs(centi), 100)
    return f"{sign}{whole},{frac:02d}"


def write(
    rows: Sequence[Summary],
    found: Sequence[Excursion],
    zone: str,
    grain: Grain,
    now: datetime,
) -> bytes:
    tz = ZoneInfo(zone)

    def local(at: datetime | None) -> str:
        return "" if at is None else at.astimezone(tz).strftime("%Y-%m-%d %H:%M")

    buffer = io.StringIO()
    out = csv.writer(buffer, dialect=SwedishExcel)
    out.writerow(
        [
            "Timme" if grain == "hour" else "Dag",
            "Avläsningar",
            "Min °C",
            "Max °C",
            "Medel °C",
            "Utanför gränsen",
        ]
    )
    out.writerows(
        [
            local(s.start),
            s.count,
            degrees(s.min_centi),
            degrees(s.max_centi),
            degrees(s.mean_centi),
            s.outside,
        ]
        for s in rows
    )
    out.writerow([])
    out.writerow(
        [
            "Avvikelse från",
            "Avvikelse till",
            "Minuter",
            "Topp °C",
            "Undre gräns °C",
            "Övre gräns °C",
            "Larm",
            "Kvitterat av",
            "Kvitterat",
        ]
    )
    for e in found:
        minutes = round(e.duration(now).total_seconds() / 60)
        case = e.case
        out.writerow(
            [
                local(e.start),
                local(e.end) or "pågår",
                minutes,
                degrees(e.peak.centi),
                degrees(e.peak.min_centi),
                degrees(e.peak.max_centi),
                "" if case is None else case.id,
                "" if case is None else case.acknowledged_by or "",
                "" if case is None else local(case.acknowledged_at),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
