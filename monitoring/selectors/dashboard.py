"""Reads: the indicator dashboard (staff only) and its XLSX export.

Both show ``monitoring.indicators``: the figures of the chosen year and specialty, each with its
values over the last ``TREND_YEARS`` years (the chosen one last). The export carries the same
values as the page, as numbers; «нет данных» stays text, never 0.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from partnership_portal import tabular

from .. import indicators

TREND_YEARS = 5
PALETTE = ("#1f4e79", "#198754", "#e0a800", "#6c757d", "#0dcaf0", "#6f42c1", "#fd7e14", "#20c997", "#dc3545")
NO_BREAK = "\u00a0"


def figure_text(value, unit=""):
    """A figure as the page prints it: grouped digits, one decimal for a percentage, kopecks for
    roubles, and «нет данных» for None (never 0)."""
    if value is None:
        return _("no data")
    if isinstance(value, Decimal):
        decimals = 2 if unit == "₽" else 1
        text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    else:
        text = number_format(value, use_l10n=True, force_grouping=True)
    return f"{text}{NO_BREAK}{unit}" if unit else text


def cell_text(value):
    """A number in a table cell: grouped digits, the decimals it has; «нет данных» for None."""
    if value is None:
        return _("no data")
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return number_format(value, use_l10n=True, force_grouping=True)


@dataclass
class FigureView:
    key: str
    label: str
    value: object
    text: str
    unit: str
    raw: str  # the value unformatted ("" for no data), for data attributes and tests
    note: str
    trend: list  # [(year, value, text)]


@dataclass
class SectionView:
    key: str
    title: str
    figures: list
    chart: dict | None = None  # {"kind", "title", "data" (Chart.js labels/datasets), "headers", "rows"}
    trend_chart: dict | None = None
    rows: list | None = None  # the section's detail table: headers, then rows
    trend_headers: list = field(default_factory=list)


def _chart_data(kind, labels, series):
    datasets = []
    for index, (name, values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        if kind == "doughnut":
            colour = [PALETTE[i % len(PALETTE)] for i in range(len(values))]
        datasets.append({"label": str(name), "data": [_number(value) for value in values], "colour": colour})
    return {"labels": [str(label) for label in labels], "datasets": datasets}


def _number(value):
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def _section_chart(chart):
    if chart is None:
        return None
    headers = ["", *(str(name) for name, _values in chart.series)]
    rows = [
        [str(label), *(cell_text(values[index]) for _name, values in chart.series)]
        for index, label in enumerate(chart.labels)
    ]
    return {
        "kind": chart.kind,
        "title": str(chart.title),
        "data": _chart_data(chart.kind, chart.labels, chart.series),
        "headers": headers,
        "rows": rows,
    }


def _trend_chart(section, figures, years):
    """A line chart of the section's figures over the years: those measured in the same unit as
    the first one (the table below the chart lists every figure)."""
    charted = [figure for figure in figures if figure.unit == figures[0].unit]
    if not any(value is not None for figure in charted for _year, value, _text in figure.trend):
        return None
    title = _("%(section)s over %(count)d years") % {"section": section.title, "count": len(years)}
    series = [(figure.label, [value for _year, value, _text in figure.trend]) for figure in charted]
    return {"kind": "line", "title": title, "data": _chart_data("line", [str(year) for year in years], series)}


def trend_years(year):
    return list(range(year - TREND_YEARS + 1, year + 1))


def indicator_dashboard(year, specialty_id=None):
    """The sections of ``year`` (and the specialty) with every figure's trend, ready to print.
    A fixed number of aggregate queries: each section's few, once per year of the trend."""
    years = trend_years(year)
    computed = indicators.sections_by_year(years, specialty_id)
    trends = indicators.trends(years, specialty_id, computed=computed)
    views = []
    for section in computed[year]:
        figures = [
            FigureView(
                key=figure.key,
                label=str(figure.label),
                value=figure.value,
                text=figure_text(figure.value, figure.unit),
                raw="" if figure.value is None else str(figure.value),
                unit=str(figure.unit),
                note=str(figure.note),
                trend=[(when, value, figure_text(value, figure.unit)) for when, value in trends[figure.key]],
            )
            for figure in section.figures
        ]
        views.append(
            SectionView(
                key=section.key,
                title=str(section.title),
                figures=figures,
                chart=_section_chart(section.chart),
                trend_chart=_trend_chart(section, figures, years),
                rows=section.rows,
                trend_headers=years,
            )
        )
    return {"sections": views, "years": years, "year": year, "specialty_id": specialty_id}


# The page reads its figures from the cache for this long: a region's five years of figures take
# about a second and ninety queries to compute. The page says when they were computed and offers
# to compute them again at once.
CACHE_SECONDS = 600


def cached_indicator_dashboard(year, specialty_id=None, *, refresh=False):
    """``indicator_dashboard`` kept for ``CACHE_SECONDS`` per year, specialty and language, with
    ``computed_at``; ``refresh`` computes it again. The export and the reports never read it."""
    key = f"monitoring:indicators:v1:{year}:{specialty_id or 0}:{get_language()}"
    dashboard = None if refresh else cache.get(key)
    if dashboard is None:
        dashboard = {**indicator_dashboard(year, specialty_id), "computed_at": timezone.now()}
        cache.set(key, dashboard, CACHE_SECONDS)
    return dashboard


def indicators_xlsx(dashboard, *, scope_label):
    """The dashboard as an XLSX workbook: a sheet of every figure with its values over the years,
    then a sheet per section that has a detail table."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Indicators"))
    tabular.xlsx_append(sheet, [_("Indicators"), scope_label])
    tabular.xlsx_append(sheet, [_("Section"), _("Indicator"), _("Key"), _("Unit"), *dashboard["years"], _("Note")])
    for section in dashboard["sections"]:
        for figure in section.figures:
            values = [_xlsx_value(value) for _year, value, _text in figure.trend]
            tabular.xlsx_append(sheet, [section.title, figure.label, figure.key, figure.unit, *values, figure.note])
    for section in dashboard["sections"]:
        if section.rows:
            detail = workbook.create_sheet(section.title[:31])
            for row in section.rows:
                tabular.xlsx_append(
                    detail, [_xlsx_value(value) if not isinstance(value, str) else value for value in row]
                )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    return _("no data") if value is None else value
