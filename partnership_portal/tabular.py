"""Reading and writing spreadsheets (XLSX and CSV) for imports and exports.

An import describes its columns (field, translated header, required); a file may use the
Russian or English header, or the field names, in any order and case. Values come back as
text; each import checks and converts its own rows.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException


@dataclass(frozen=True)
class Column:
    field: str
    label: object  # a lazy translation
    required: bool = False


class FileError(Exception):
    """The file as a whole cannot be read (wrong header, too many rows, damaged)."""


def normal(text):
    """Header and choice matching: case, spacing and ё/е do not matter."""
    return " ".join(str(text or "").replace("ё", "е").replace("Ё", "Е").lower().split())


def header_map(columns):
    """Every accepted spelling of each column header: Russian and English labels, and field names."""
    accepted = {}
    for column in columns:
        for language in ("ru", "en"):
            with translation.override(language):
                accepted[normal(str(column.label))] = column.field
        accepted[normal(column.field)] = column.field
    return accepted


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_table(uploaded, columns, *, max_rows):
    """The data rows of an XLSX or CSV file as [{"line": n, "values": {field: text}}]."""
    table = _read_xlsx(uploaded) if getattr(uploaded, "kind", None) == "xlsx" else _read_csv(uploaded)
    try:
        header = next(table)
    except StopIteration:
        raise FileError(_("The file has no rows.")) from None
    accepted = header_map(columns)
    fields = [accepted.get(normal(title)) for title in header]
    missing = [str(column.label) for column in columns if column.required and column.field not in fields]
    if missing:
        raise FileError(
            _("The header row has no column %(columns)s. Download the template to see the expected columns.")
            % {"columns": ", ".join(f"«{name}»" for name in missing)}
        )
    rows = []
    for line, cells in enumerate(table, start=2):
        values = {field: cell_text(value) for field, value in zip(fields, cells, strict=False) if field}
        if not any(values.values()):
            continue
        rows.append({"line": line, "values": values})
        if len(rows) > max_rows:
            raise FileError(_("The file has more than %(max)d rows; split it into several files.") % {"max": max_rows})
    if not rows:
        raise FileError(_("The file has a header but no data rows."))
    return rows


def _read_xlsx(uploaded):
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FileError(_("The XLSX file cannot be read: %(error)s") % {"error": exc}) from None
    sheet = workbook.worksheets[0]
    yield from sheet.iter_rows(values_only=True)
    workbook.close()


def _read_csv(uploaded):
    raw = uploaded.read()
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileError(_("The CSV file is neither UTF-8 nor Windows-1251 text."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def choice_code(value, choices):
    """A choice code from a code or a label in Russian or English; None if unknown."""
    wanted = normal(value)
    for code, label in choices.choices:
        if wanted == normal(code):
            return code
        for language in ("ru", "en"):
            with translation.override(language):
                if wanted == normal(str(label)):
                    return code
    return None


def parse_date(value):
    """A date written 31.12.2025, 2025-12-31 or 31.12.25; None if it is not one."""
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def xlsx_bytes(rows, *, sheet_title):
    """An XLSX file with ``rows`` (the first one the header) on one sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows):
    """A CSV file separated by ``;`` with a BOM, which Excel opens as UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
