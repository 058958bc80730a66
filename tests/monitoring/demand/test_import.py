"""Import of the employment centre's vacancy data: upload, preview with row errors, confirm (all or nothing)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from monitoring.models import DemandDeclaration, DemandImport, DemandSource
from monitoring.services import demand as services
from partnership_portal.models import ImportStatus
from tests.factories import PartnerFactory, SpecialtyFactory
from tests.helpers import ru
from tests.test_tabular_safety import huge_shared_string_workbook

pytestmark = pytest.mark.django_db

START = reverse("monitoring:demand_import_start")


def headers(language="ru"):
    with translation.override(language):
        return [str(column.label) for column in services.COLUMNS]


def vacancy(n, **changes):
    year = timezone.localdate().year
    row = {"specialty": "15.02.16", "year": year + 1, "people": n, "salary_from": 40_000 + n * 1000,
           "salary_to": 60_000 + n * 1000, "employer_name": f"ООО «Работодатель {n}»", "comment": f"Вакансия {n}"}  # fmt: skip
    return {**row, **changes}


def table(rows, language="ru"):
    return [headers(language)] + [[row.get(column.field) for column in services.COLUMNS] for row in rows]


def xlsx_file(rows, name="vacancies.xlsx"):
    workbook = Workbook()
    for cells in table(rows):
        workbook.active.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, *, delimiter=";", encoding="utf-8", language="ru", name="vacancies.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(
        [["" if cell is None else cell for cell in cells] for cells in table(rows, language)]
    )
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def upload(client, uploaded):
    response = client.post(START, {"file": uploaded})
    assert response.status_code == 302, response.context["form"].errors
    return client.get(response.url)


def confirm(client, demand_import):
    return client.post(reverse("monitoring:demand_import_detail", args=[demand_import.pk]))


@pytest.fixture
def specialties(db):
    return SpecialtyFactory(code="15.02.16", name="Технология машиностроения"), SpecialtyFactory(
        code="08.02.09", name="Монтаж электрооборудования"
    )


def test_good_xlsx_is_previewed_then_imported_as_employment_centre_demand(staff_client, staff, specialties):
    rows = [vacancy(n) for n in range(1, 6)] + [vacancy(6, specialty="08.02.09", salary_to=None, comment=None)]
    page = upload(staff_client, xlsx_file(rows))
    demand_import = page.context["demand_import"]
    assert demand_import.status == ImportStatus.PREVIEW
    assert page.context["people"] == sum(range(1, 7))
    assert not DemandDeclaration.objects.exists()  # nothing written before confirming

    response = confirm(staff_client, demand_import)
    assert response.url == reverse("monitoring:demand_list")
    saved = DemandDeclaration.objects.order_by("people")
    assert [(d.specialty.code, d.people, d.salary_from, d.salary_to) for d in saved] == [
        ("15.02.16", n, 40_000 + n * 1000, 60_000 + n * 1000) for n in range(1, 6)
    ] + [("08.02.09", 6, 46_000, None)]
    assert {d.source for d in saved} == {DemandSource.EMPLOYMENT_CENTRE}
    assert {d.imported_from_id for d in saved} == {demand_import.pk}
    assert saved[0].employer_name == "ООО «Работодатель 1»" and saved[0].created_by == staff
    demand_import.refresh_from_db()
    assert (demand_import.status, demand_import.created_count, demand_import.rows) == (ImportStatus.DONE, 6, [])


def test_confirming_twice_imports_once(staff_client, specialties):
    demand_import = upload(staff_client, csv_file([vacancy(1)])).context["demand_import"]
    confirm(staff_client, demand_import)
    confirm(staff_client, demand_import)
    assert DemandDeclaration.objects.count() == 1


def test_bad_rows_save_nothing_and_are_listed_with_their_line(staff_client, specialties):
    year = timezone.localdate().year
    rows = [
        vacancy(1),
        vacancy(2, specialty="99.99.99"),  # line 3
        vacancy(3, year=year + 50),  # line 4
        vacancy(4, people="много"),  # line 5
        vacancy(5, salary_from=90_000, salary_to=50_000),  # line 6
        vacancy(6, specialty=None, people=0),  # line 7
        vacancy(7),
    ]
    page = upload(staff_client, csv_file(rows))
    demand_import = page.context["demand_import"]
    assert demand_import.status == ImportStatus.INVALID
    assert [row["line"] for row in demand_import.rows] == [2, 8]  # kept for the record, never written
    errors = {error["line"]: error["messages"] for error in demand_import.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7]
    assert errors[3] == [ru("unknown specialty code %(code)s", code="99.99.99")]
    first, last = services.year_bounds()
    assert errors[4] == [
        ru(
            "%(label)s: %(value)d is not between %(low)d and %(high)d",
            label=ru("Year"),
            value=year + 50,
            low=first,
            high=last,
        )  # fmt: skip
    ]
    assert errors[5] == [
        ru("%(label)s: «%(value)s» is not a whole number", label=ru("Number of people"), value="много")
    ]
    assert errors[6] == [ru("the salary «to» is less than the salary «from»")]
    assert len(errors[7]) == 2
    assert 'data-testid="import-error-table"' in page.content.decode()
    assert confirm(staff_client, demand_import).status_code == 302
    assert not DemandDeclaration.objects.exists()


def test_windows_1251_csv_with_english_headers_and_commas(staff_client, specialties):
    uploaded = csv_file([vacancy(1), vacancy(2)], delimiter=",", encoding="cp1251", language="en")
    demand_import = upload(staff_client, uploaded).context["demand_import"]
    assert demand_import.status == ImportStatus.PREVIEW
    confirm(staff_client, demand_import)
    assert sorted(DemandDeclaration.objects.values_list("people", flat=True)) == [1, 2]


def test_numbers_written_with_spaces_and_decimals_are_read(staff_client, specialties):
    uploaded = csv_file([vacancy(1, salary_from="45 000", salary_to="55000.0", people="3")])
    demand_import = upload(staff_client, uploaded).context["demand_import"]
    assert demand_import.rows[0]["values"] | {} == {
        "specialty": specialties[0].pk,
        "year": timezone.localdate().year + 1,
        "people": 3,
        "salary_from": 45_000,
        "salary_to": 55_000,
        "employer_name": "ООО «Работодатель 1»",
        "comment": "Вакансия 1",
    }


def test_employer_named_like_one_partner_is_linked_to_it(staff_client, specialties):
    partner = PartnerFactory(name="АО «Уралэлектромедь»", short_name="Уралэлектромедь")
    PartnerFactory(name="ООО «Двойник»")
    uploaded = csv_file([vacancy(1, employer_name="уралэлектромедь"), vacancy(2, employer_name="ООО «Другой»")])
    confirm(staff_client, upload(staff_client, uploaded).context["demand_import"])
    linked = dict(DemandDeclaration.objects.values_list("people", "partner"))
    assert linked == {1: partner.pk, 2: None}


def test_missing_required_column_is_a_file_error(staff_client, specialties):
    uploaded = SimpleUploadedFile("vacancies.csv", "Код специальности;Год\n15.02.16;2030\n".encode())
    demand_import = upload(staff_client, uploaded).context["demand_import"]
    assert demand_import.status == ImportStatus.INVALID
    assert len(demand_import.errors) == 1 and demand_import.errors[0]["line"] is None


def test_a_file_that_is_not_a_table_is_refused_by_the_form(staff_client):
    response = staff_client.post(START, {"file": SimpleUploadedFile("vacancies.xlsx", b"%PDF-1.4 not a table")})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["file"]
    assert not DemandImport.objects.exists()


def test_xlsx_bomb_is_refused_before_parsing(staff_client):
    response = staff_client.post(
        START, {"file": SimpleUploadedFile("bomb.xlsx", huge_shared_string_workbook(headers()[:3]))}
    )
    assert response.status_code == 302
    staged = DemandImport.objects.get()
    assert staged.status == ImportStatus.INVALID and staged.rows == []
    assert "XLSX" in staged.errors[0]["messages"][0]


def test_template_downloads_and_imports_back(staff_client, specialties):
    response = staff_client.get(reverse("monitoring:demand_import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == headers()
    demand_import = upload(staff_client, SimpleUploadedFile("template.xlsx", response.content)).context["demand_import"]
    assert demand_import.status == ImportStatus.PREVIEW, demand_import.errors
    assert len(demand_import.rows) == 2


def test_import_pages_document_the_format(staff_client):
    page = staff_client.get(START).content.decode()
    for label in headers():
        assert label in page
    assert reverse("monitoring:demand_import_template") in page
