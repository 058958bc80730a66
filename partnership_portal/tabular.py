"""Reading and writing spreadsheets (XLSX and CSV) for imports and exports.

An import describes its columns (field, translated header, required); a file may use the
Russian or English header, or the field names, in any order and case. Values come back as
text; each import checks and converts its own rows.

Every spreadsheet the portal writes goes through ``neutralise``, so no text a user typed becomes
a live formula; every XLSX it reads is checked by ``check_xlsx_archive`` before it is parsed.
"""

import csv
import datetime as dt
import io
import time
import zipfile
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


# --- Formula injection ----------------------------------------------------------------------

# A cell starting with one of these is read as a formula (or the start of one) by Excel,
# LibreOffice or Google Sheets: =HYPERLINK(...) leaks data, +cmd|... runs DDE.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value to write into any spreadsheet cell (XLSX or CSV): text that a spreadsheet would
    take for a formula gets a leading apostrophe, so it stays text; numbers and dates are left
    alone (-5 is a number, not text). One rule for both formats: it survives an XLSX re-saved as
    CSV, and ``cell_text`` removes the apostrophe again, so an export imports back unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        value = value[1:]  # neutralised by an export of ours
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# --- Reading --------------------------------------------------------------------------------

# Bounds on what one import may cost, whatever the file holds (uploads are at most 5 MB).
# 10,000 partner rows of 15 filled columns are about 12 MB of sheet XML, so 50 MB uncompressed
# leaves room for styles and long addresses while keeping the parsed workbook to a few hundred
# MB of memory at worst. Sheet XML compresses about 5-20 times; 100 is Apache POI's default bound
# (ZipSecureFile: inflate ratio 0.01), above which an archive member is a bomb, not a table;
# a member under 1 MB cannot hurt whatever its ratio, so small, very regular parts pass.
XLSX_MAX_UNCOMPRESSED = 50 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM = 1024 * 1024
# A 10,000-row file reads in about a second; past this the file is refused, not the worker held.
READ_SECONDS = 20
# Header columns beyond this are ignored: a cell at XFD1 would otherwise make every row 16,384 wide.
MAX_COLUMNS = 100


def read_table(uploaded, columns, *, max_rows):
    """The data rows of an XLSX or CSV file as [{"line": n, "values": {field: text}}].

    Every row read counts toward ``max_rows``, empty ones too (a sheet of two million empty rows
    is a few KB), and reading stops after ``READ_SECONDS``."""
    if getattr(uploaded, "kind", None) == "xlsx":
        table = _read_xlsx(uploaded, max_rows=max_rows)
    else:
        table = _read_csv(uploaded)
    try:
        return _read_rows(table, columns, max_rows=max_rows)
    finally:
        table.close()


def _read_rows(table, columns, *, max_rows):
    deadline = time.monotonic() + READ_SECONDS
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
        if line - 1 > max_rows:
            raise FileError(_("The file has more than %(max)d rows; split it into several files.") % {"max": max_rows})
        if line % 100 == 0 and time.monotonic() > deadline:
            raise FileError(_("The file takes too long to read; split it into several files."))
        values = {field: cell_text(value) for field, value in zip(fields, cells, strict=False) if field}
        if not any(values.values()):
            continue
        rows.append({"line": line, "values": values})
    if not rows:
        raise FileError(_("The file has a header but no data rows."))
    return rows


def check_xlsx_archive(uploaded, *, max_rows):
    """Refuses a decompression bomb from the ZIP directory alone, before anything is inflated,
    then counts the row elements of every sheet (openpyxl parses a whole sheet just to look for
    its dimensions, so the row limit must hold before it opens one). The declared sizes can be
    trusted: ``zipfile`` never inflates a member past its declared size (it fails the CRC check)."""
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            _check_sizes(members)
            for member in members:
                if member.filename.startswith("xl/worksheets/") and _row_elements(archive, member) > max_rows + 1:
                    raise FileError(
                        _("The file has more than %(max)d rows; split it into several files.") % {"max": max_rows}
                    )
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileError(_("The XLSX file cannot be read: %(error)s") % {"error": exc}) from None
    finally:
        uploaded.seek(0)


def _row_elements(archive, member):
    """How many <row> elements (any namespace prefix) a sheet holds, inflated 1 MB at a time."""
    count, tail = 0, b""
    with archive.open(member) as source:
        while chunk := source.read(1024 * 1024):
            text = tail + chunk
            count += text.count(b"<row") + text.count(b":row")
            tail = text[-3:]  # a tag cut between two pieces; too short to be counted twice
    return count


def _check_sizes(members):
    total = sum(member.file_size for member in members)
    bomb = any(
        member.file_size > XLSX_RATIO_FROM and member.file_size > XLSX_MAX_RATIO * member.compress_size
        for member in members
    )
    if total > XLSX_MAX_UNCOMPRESSED or bomb:
        raise FileError(
            _(
                "The XLSX file unpacks to far more data than a table of this size holds "
                "(over %(limit)d MB or compressed more than %(ratio)d times); it is refused. "
                "Save it again from a spreadsheet program or upload it as CSV."
            )
            % {"limit": XLSX_MAX_UNCOMPRESSED // (1024 * 1024), "ratio": XLSX_MAX_RATIO}
        )


# What a damaged workbook raises while openpyxl parses it (its XML parser's errors are SyntaxErrors).
_XLSX_ERRORS = (InvalidFileException, zipfile.BadZipFile, LookupError, OSError, ValueError, TypeError, SyntaxError)


def _read_xlsx(uploaded, *, max_rows):
    check_xlsx_archive(uploaded, max_rows=max_rows)
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except _XLSX_ERRORS as exc:
        raise FileError(_("The XLSX file cannot be read: %(error)s") % {"error": exc}) from None
    try:
        sheet = workbook.worksheets[0]
        # The declared dimension is not trusted: it would pad every row to its width.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except _XLSX_ERRORS as exc:
        raise FileError(_("The XLSX file cannot be read: %(error)s") % {"error": exc}) from None
    finally:
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
    try:
        yield from csv.reader(io.StringIO(text), delimiter=delimiter)
    except csv.Error as exc:
        raise FileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from None


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


# --- Writing --------------------------------------------------------------------------------


def xlsx_append(sheet, row):
    """Appends a row to a sheet, each cell neutralised (every XLSX the portal writes uses this)."""
    sheet.append([neutralise(value) for value in row])


def xlsx_bytes(rows, *, sheet_title):
    """An XLSX file with ``rows`` (the first one the header) on one sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    for row in rows:
        xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows):
    """A CSV file separated by ``;`` with a BOM, which Excel opens as UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([neutralise(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
