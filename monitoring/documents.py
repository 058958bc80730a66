"""The periodic report's documents: its figures frozen as JSON (``freeze``), then a PDF and an XLSX
workbook rendered from that copy only (``render_pdf``, ``render_xlsx``).

The frozen sections are exactly ``monitoring.indicators.sections(scope)``, the objects the staff
dashboard shows, so a report equals the dashboard for the same period and specialty. Values are
kept exact in the JSON: whole numbers as numbers, decimals as text («45.5»), «no data» as null,
which the documents print as «нет данных» (never as 0).

The PDF is Russian only, like every printed document of the portal: its fixed text is written in
Russian here and in ``templates/pdf/monitoring/report.html``. Each section's chart is drawn on
the server as SVG with pygal and embedded in the HTML that WeasyPrint renders; the chart's data
is printed as a table under it as well.
"""

import datetime as dt
import io
import re
from decimal import Decimal, InvalidOperation

import pygal
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from openpyxl import Workbook
from openpyxl.styles import Font
from pygal.style import Style

from partnership_portal import pdf, tabular

SNAPSHOT_VERSION = 1
TEMPLATE = "pdf/monitoring/report.html"
NO_DATA = "нет данных"
DOCUMENT_TITLE = "Отчёт о партнёрстве с работодателями"
KIND_TITLES = {
    "monthly": "Ежемесячный отчёт",
    "quarterly": "Квартальный отчёт",
    "annual": "Годовой отчёт",
    "custom": "Отчёт за период",
}
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")  # fmt: skip
QUARTERS = ("I", "II", "III", "IV")

CHART_STYLE = Style(
    font_family="Portal Serif",
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#222222",
    foreground_strong="#000000",
    foreground_subtle="#bbbbbb",
    colors=("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5", "#bf9000"),
    title_font_size=15,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
    tooltip_font_size=11,
)
CHART_TYPES = {"bar": pygal.Bar, "line": pygal.Line, "doughnut": pygal.Pie}


# --- Periods ----------------------------------------------------------------------------------


def period_label(kind, start, end):
    """«март 2026», «II квартал 2026», «2026 год», or «01.03.2026 — 15.04.2026»."""
    if kind == "monthly":
        return f"{MONTHS[start.month - 1]} {start.year}"
    if kind == "quarterly":
        return f"{QUARTERS[(start.month - 1) // 3]} квартал {start.year}"
    if kind == "annual":
        return f"{start.year} год"
    return f"{start:%d.%m.%Y} — {end:%d.%m.%Y}"


# --- Freezing ---------------------------------------------------------------------------------


def plain(value):
    """A JSON-ready copy of a value from the indicators: exact decimals as text, dates as ISO."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return str(value)  # a lazy translation, a model instance: its text


def freeze_section(section):
    chart = section.chart
    return {
        "key": str(section.key),
        "title": str(section.title),
        "figures": [
            {
                "key": str(figure.key),
                "label": str(figure.label),
                "value": plain(figure.value),
                "unit": str(figure.unit or ""),
                "note": str(figure.note or ""),
            }
            for figure in section.figures
        ],
        "chart": None
        if chart is None
        else {
            "kind": str(chart.kind),
            "title": str(chart.title),
            "labels": [str(label) for label in chart.labels],
            "series": [[str(name), [plain(value) for value in values]] for name, values in chart.series],
        },
        "rows": None if section.rows is None else [[plain(cell) for cell in row] for row in section.rows],
    }


def freeze(sections, *, kind, start, end, specialty, college, made_at):
    """The snapshot a report prints: its period, parameters and every section, as plain JSON."""
    return {
        "version": SNAPSHOT_VERSION,
        "kind": kind,
        "kind_title": KIND_TITLES[kind],
        "start": start.isoformat(),
        "end": end.isoformat(),
        "period": period_label(kind, start, end),
        "specialty": str(specialty) if specialty else "",
        "college": college.name,
        "college_short_name": college.short_name,
        "made_at": timezone.localtime(made_at).strftime("%d.%m.%Y %H:%M"),
        "sections": [freeze_section(section) for section in sections],
    }


# --- Values -----------------------------------------------------------------------------------


def number(value):
    """A frozen value as a number (int or Decimal), or None for «no data»."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _grouped(digits):
    """«1234567» → «1 234 567» (a no-break space between groups, as Russian prints numbers)."""
    groups = []
    while len(digits) > 3:
        digits, group = digits[:-3], digits[-3:]
        groups.insert(0, group)
    return "\u00a0".join([digits, *groups])


def format_number(value):
    """1234 → «1 234», Decimal("45.5") → «45,5», None → «нет данных»."""
    value = number(value)
    if value is None:
        return NO_DATA
    sign = "−" if value < 0 else ""
    text = format(abs(value), "f") if isinstance(value, Decimal) else str(abs(value))
    whole, _dot, fraction = text.partition(".")
    return sign + _grouped(whole) + ("," + fraction if fraction else "")


def format_figure(figure):
    """How the report prints a frozen figure: its number and unit («45,5 %»), or «нет данных»."""
    if number(figure["value"]) is None:
        return NO_DATA
    unit = figure.get("unit") or ""
    return f"{format_number(figure['value'])}\u00a0{unit}" if unit else format_number(figure["value"])


# A decimal the freezing turned into text («45.5»); a specialty code («08.02.01») is not one.
DECIMAL_TEXT = re.compile(r"^-?\d+\.\d+$")


def cell_value(value):
    """A frozen table cell as it was computed: a number where it was one, else the text."""
    if isinstance(value, str) and DECIMAL_TEXT.match(value):
        return Decimal(value)
    return value


def format_cell(value):
    value = cell_value(value)
    if value is None or value == "":
        return "—"
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format_number(Decimal(str(value)))
    return str(value)


# --- Charts -----------------------------------------------------------------------------------


def chart_svg(chart):
    """The frozen chart drawn as an SVG document (text), or "" when there is nothing to draw."""
    if not chart or not chart.get("labels") or not chart.get("series"):
        return ""
    kind = chart.get("kind") if chart.get("kind") in CHART_TYPES else "bar"
    many_labels = len(chart["labels"]) > 8
    options = {
        "style": CHART_STYLE,
        "width": 800,
        "height": 420,
        "explicit_size": True,
        "disable_xml_declaration": True,
        "js": [],  # no script: WeasyPrint would not run it, and the fetcher refuses outside URLs anyway
        "no_data_text": NO_DATA,
        "legend_at_bottom": True,
        "truncate_label": 40,
        "truncate_legend": 60,
        "x_label_rotation": 30 if many_labels else 0,
        "print_values": False,
        "show_legend": kind == "doughnut" or len(chart["series"]) > 1,
        "margin": 12,
    }
    if kind == "doughnut":
        drawing = pygal.Pie(inner_radius=0.45, **options)
        name, values = chart["series"][0]
        for label, value in zip(chart["labels"], values, strict=False):
            drawing.add(label, [_chart_value(value)])
    else:
        drawing = CHART_TYPES[kind](**options)
        drawing.x_labels = chart["labels"]
        for name, values in chart["series"]:
            drawing.add(name, [_chart_value(value) for value in values])
    drawing.title = chart.get("title") or None
    svg = drawing.render(is_unicode=True)
    # pygal's comments name the day it drew; without them the same snapshot gives the same bytes.
    return re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)


def _chart_value(value):
    value = number(value)
    return None if value is None else float(value)


def chart_table(chart):
    """The chart's data as rows (for readers of the PDF and the workbook who cannot see it):
    a header row of the series names, then one row per label."""
    if not chart or not chart.get("labels") or not chart.get("series"):
        return []
    names = [name for name, _values in chart["series"]]
    rows = [["", *names]]
    for index, label in enumerate(chart["labels"]):
        rows.append([label, *(values[index] if index < len(values) else None for _name, values in chart["series"])])
    return rows


# --- PDF --------------------------------------------------------------------------------------


def pdf_context(snapshot, *, on_progress=None):
    """What the PDF template prints, from the snapshot (charts drawn here)."""
    if snapshot.get("version") != SNAPSHOT_VERSION or not isinstance(snapshot.get("sections"), list):
        raise ValueError("unknown report snapshot")
    sections = []
    total = len(snapshot["sections"]) or 1
    for index, section in enumerate(snapshot["sections"], start=1):
        table = chart_table(section.get("chart"))
        rows = section.get("rows") or []
        sections.append({
            "number": index,
            "title": section["title"],
            "figures": [{**figure, "shown": format_figure(figure)} for figure in section["figures"]],
            "chart_title": (section.get("chart") or {}).get("title", ""),
            "chart_svg": mark_safe(chart_svg(section.get("chart"))),  # pygal escapes the text it draws
            "chart_header": table[0] if table else [],
            "chart_rows": [[row[0], *(format_cell(value) for value in row[1:])] for row in table[1:]],
            "detail_header": rows[0] if rows else [],
            "detail_rows": [[format_cell(value) for value in row] for row in rows[1:]],
        })  # fmt: skip
        if on_progress:
            on_progress(index / total)
    return {
        "doc": snapshot,
        "start": f"{dt.date.fromisoformat(snapshot['start']):%d.%m.%Y}",
        "end": f"{dt.date.fromisoformat(snapshot['end']):%d.%m.%Y}",
        "sections": sections,
        "no_data": NO_DATA,
    }


def render_pdf(snapshot, *, on_progress=None):
    """The report's PDF bytes, rendered from the frozen snapshot only."""
    with translation.override(pdf.DOCUMENT_LANGUAGE):
        context = pdf_context(snapshot, on_progress=on_progress)
    return pdf.render_pdf(TEMPLATE, context)


# --- XLSX -------------------------------------------------------------------------------------

SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
BOLD = Font(bold=True)


def sheet_title(title, taken):
    """A sheet name Excel accepts (at most 31 characters, none of []:*?/\\), unique in the book."""
    base = SHEET_FORBIDDEN.sub(" ", title).strip().strip("'")[:31] or "Раздел"
    name, counter = base, 2
    while name.lower() in taken:
        suffix = f" ({counter})"
        name, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(name.lower())
    return name


def xlsx_value(value):
    """A cell of the workbook: numbers as numbers (so they add up), «нет данных» for none."""
    parsed = number(value)
    return NO_DATA if parsed is None else parsed


def _bold_row(sheet):
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def render_xlsx(snapshot):
    """The report's workbook: a title sheet, then one sheet per section with its figures, the data
    of its chart and its detail table. Every text cell goes through ``tabular`` (neutralised)."""
    workbook = Workbook()
    title_sheet = workbook.active
    taken = set()
    title_sheet.title = sheet_title("Отчёт", taken)
    tabular.xlsx_append(title_sheet, [DOCUMENT_TITLE])
    _bold_row(title_sheet)
    for label, value in (
        ("Вид отчёта", snapshot["kind_title"]),
        ("Период", snapshot["period"]),
        ("С", dt.date.fromisoformat(snapshot["start"])),
        ("По", dt.date.fromisoformat(snapshot["end"])),
        ("Специальность", snapshot["specialty"] or "все специальности"),
        ("Организация", snapshot["college"]),
        ("Сформирован", snapshot["made_at"]),
    ):
        tabular.xlsx_append(title_sheet, [label, value])
    tabular.xlsx_append(title_sheet, [])
    tabular.xlsx_append(title_sheet, ["Разделы"])
    _bold_row(title_sheet)
    for index, section in enumerate(snapshot["sections"], start=1):
        tabular.xlsx_append(title_sheet, [index, section["title"]])
    title_sheet.column_dimensions["A"].width = 18
    title_sheet.column_dimensions["B"].width = 60
    for row in title_sheet.iter_rows(min_row=4, max_row=5, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "DD.MM.YYYY"

    for section in snapshot["sections"]:
        sheet = workbook.create_sheet(sheet_title(section["title"], taken))
        tabular.xlsx_append(sheet, [section["title"]])
        _bold_row(sheet)
        tabular.xlsx_append(sheet, ["Показатель", "Значение", "Единица", "Примечание"])
        _bold_row(sheet)
        for figure in section["figures"]:
            tabular.xlsx_append(sheet, [figure["label"], xlsx_value(figure["value"]), figure["unit"], figure["note"]])
        table = chart_table(section.get("chart"))
        if table:
            tabular.xlsx_append(sheet, [])
            tabular.xlsx_append(sheet, [f"Данные диаграммы: {section['chart']['title']}"])
            _bold_row(sheet)
            tabular.xlsx_append(sheet, table[0])
            _bold_row(sheet)
            for row in table[1:]:
                tabular.xlsx_append(sheet, [row[0], *(xlsx_value(value) for value in row[1:])])
        rows = section.get("rows") or []
        if rows:
            tabular.xlsx_append(sheet, [])
            tabular.xlsx_append(sheet, ["Подробно"])
            _bold_row(sheet)
            tabular.xlsx_append(sheet, [str(cell) for cell in rows[0]])
            _bold_row(sheet)
            for row in rows[1:]:
                tabular.xlsx_append(sheet, [NO_DATA if cell is None else cell_value(cell) for cell in row])
        sheet.column_dimensions["A"].width = 60
        for column in "BCD":
            sheet.column_dimensions[column].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
