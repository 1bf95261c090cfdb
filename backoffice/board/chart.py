"""A thermometer's last 24 hours as a server-rendered SVG line chart (pygal, the reports' style),
with its limits as dashed lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import pygal

from backoffice.reports.charts import STYLE, render_svg
from backoffice.temperatures.limits import Limits

MAX_POINTS = 288  # one every five minutes over a day


def _celsius(value: float | None) -> str:
    return "" if value is None else f"{value:.1f} °C".replace(".", ",")


def temperature_chart(
    title: str,
    points: Sequence[tuple[datetime, int]],
    limits: Limits,
    zone: str,
) -> bytes:
    step = max(1, len(points) // MAX_POINTS)
    shown = list(points[::step])
    tz = ZoneInfo(zone)
    labels = [at.astimezone(tz).strftime("%H:%M") for at, _ in shown]
    chart = pygal.Line(
        style=STYLE,
        width=390,
        height=260,
        title=title,
        js=[],
        show_legend=False,
        show_dots=False,
        show_minor_x_labels=False,
        x_label_rotation=0,
        value_formatter=_celsius,
        margin=8,
    )
    chart.x_labels = labels
    chart.x_labels_major = labels[:: max(1, len(labels) // 5)] if labels else []
    chart.add(title, [centi / 100 for _, centi in shown])
    for bound in (limits.min_centi, limits.max_centi):
        if bound is not None:
            chart.add("", [bound / 100] * len(shown), stroke_style={"dasharray": "6,4"})
    return render_svg(chart)
