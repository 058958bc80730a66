"""Reading a report's files back: the PDF's text (pypdf) and the XLSX's sheets (openpyxl)."""

import io
from decimal import Decimal

from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from monitoring import indicators


def pdf_text(data):
    """The PDF's text with every run of spaces (no-break ones too) and line breaks as one space."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def xlsx_sheets(data):
    """{sheet name: [row values]} of the workbook."""
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}
    finally:
        workbook.close()


def xlsx_figures(data):
    """{section title: {figure label: value}} from the sheets' figure tables (the rows under the
    «Показатель» header down to the first empty row)."""
    found = {}
    for rows in xlsx_sheets(data).values():
        if len(rows) < 2 or rows[1][:2] != ["Показатель", "Значение"]:
            continue
        figures = {}
        for row in rows[2:]:
            if not row or row[0] is None:
                break
            figures[row[0]] = row[1]
        found[rows[0][0]] = figures
    return found


def expected_sections(report):
    """The sections as the indicators compute them now for the report's scope, in Russian (an
    independent computation: the report's snapshot is not read)."""
    scope = indicators.Scope(start=report.start_date, end=report.end_date, specialty_id=report.specialty_id)
    with translation.override("ru"):
        return [
            (str(section.title), [(str(figure.label), figure.value, str(figure.unit)) for figure in section.figures])
            for section in indicators.sections(scope)
        ]


def printed(value, unit=""):
    """How a figure reads in the PDF: digits grouped by spaces, a decimal comma, the unit after a
    space; «нет данных» for None."""
    if value is None:
        return "нет данных"
    whole, _dot, fraction = (f"{abs(value):f}" if isinstance(value, Decimal) else str(abs(value))).partition(".")
    text = ("−" if value < 0 else "") + f"{int(whole):,}".replace(",", " ") + (f",{fraction}" if fraction else "")
    return f"{text} {unit}" if unit else text


def same_number(cell, value):
    """An XLSX cell holds the figure: the same number, or «нет данных» for None."""
    if value is None:
        return cell == "нет данных"
    return isinstance(cell, int | float) and Decimal(str(cell)) == Decimal(value)
