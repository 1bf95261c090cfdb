"""Charts as SVG, rendered on the server by pygal, to sit beside each report's table.

Phone first: 390 px wide viewBox (the SVG scales), few labels, values in kronor with a decimal
comma. No script inside (pygal's scripts are taken out), so a page shows the chart with
`<img src=...>` under a strict Content-Security-Policy.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from xml.etree import ElementTree as ET

import pygal
from pygal.style import Style

from backoffice.reports.figures import SalesReport, VatReport
from backoffice.reports.periods import WEEKDAYS_SV

# pygal appends a legacy import hook (for its map plugins, unused here) to sys.meta_path; it lacks
# find_spec, so every later failed import in the process warns. Take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#6b6b6b",
    colors=("#1f6f43", "#b8860b", "#1d4f91", "#8b1e3f"),
    font_family="sans-serif",
    label_font_size=11,
    major_label_font_size=11,
    title_font_size=14,
    legend_font_size=11,
)


def _kronor(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f} kr".replace(",", "\u00a0")


def _chart(kind: type, title: str, labels: Sequence[str]) -> pygal.Graph:
    chart = kind(
        style=STYLE,
        width=390,
        height=300,
        title=title,
        js=[],
        disable_xml_declaration=False,
        show_legend=False,
        x_label_rotation=45 if len(labels) > 7 else 0,
        show_minor_x_labels=len(labels) <= 14,
        value_formatter=_kronor,
        margin=8,
    )
    chart.x_labels = list(labels)
    chart.x_labels_major = list(labels[:: max(1, len(labels) // 7)])
    return chart


def render_svg(chart: pygal.Graph) -> bytes:
    """The SVG without pygal's configuration script (it always writes one)."""
    root = ET.fromstring(chart.render())  # noqa: S314 - pygal's own output, not input
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG_NS}}}script":
                parent.remove(child)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written


def sales_chart(report: SalesReport, *, title: str = "Försäljning (netto)") -> bytes:
    """Net sales per period as bars (kronor)."""
    labels = [_label(r.period, report.grain) for r in report.rows]
    chart = _chart(pygal.Bar, title, labels)
    chart.add("Netto", [r.net_ore / 100 for r in report.rows])
    return render_svg(chart)


def vat_chart(report: VatReport, *, title: str = "Moms per sats") -> bytes:
    """VAT per period, one series per rate (stacked)."""
    periods = sorted({r.period for r in report.rows})
    chart = _chart(pygal.StackedBar, title, periods)
    chart.show_legend = True
    chart.legend_at_bottom = True
    for rate in sorted({r.rate_bp for r in report.rows}, reverse=True):
        values = {r.period: r.vat_ore / 100 for r in report.rows if r.rate_bp == rate}
        chart.add(f"{rate / 100:g} %", [values.get(p, 0) for p in periods])
    return render_svg(chart)


def counts_chart(title: str, labels: Sequence[str], counts: Sequence[int]) -> bytes:
    """Counts (visits per hour, per weekday) as bars."""
    chart = _chart(pygal.Bar, title, labels)
    chart.value_formatter = lambda value: f"{value:.0f}"
    chart.add(title, list(counts))
    return render_svg(chart)


def _label(period: str, grain: str) -> str:
    if grain == "weekday":
        return WEEKDAYS_SV[int(period)][:3]
    return period
