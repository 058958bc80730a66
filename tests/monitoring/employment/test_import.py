"""Importing graduates' statuses from a spreadsheet: preview, row errors, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.models.employment import EmploymentImport, EmploymentRecord, EmploymentStatus
from partnership_portal import tabular
from partnership_portal.models import ImportStatus
from tests.factories import PartnerFactory
from tests.helpers import ru

from .factories import EmploymentRecordFactory, GraduateFactory, graduated_group

pytestmark = pytest.mark.django_db
S = EmploymentStatus
# The English headers and labels: the import takes them as well as the Russian ones.
HEADER = ["Group", "Last name", "First name", "Patronymic", "Months after graduation", "Status", "Employer's INN",
          "Employer", "Post", "In the specialty"]  # fmt: skip


def xlsx(rows, header=HEADER):
    return SimpleUploadedFile("statuses.xlsx", tabular.xlsx_bytes([header, *rows], sheet_title="Лист1"))


@pytest.fixture
def graduates():
    group = graduated_group(years_ago=2, name="ТМ-22-1")
    ivanov = GraduateFactory(group=group, last_name="Иванов", first_name="Пётр", middle_name="Сергеевич")
    smirnova = GraduateFactory(group=group, last_name="Смирнова", first_name="Анна", middle_name="Викторовна")
    return ivanov, smirnova


def upload(client, rows, header=HEADER):
    response = client.post(reverse("monitoring:employment_import_start"), {"file": xlsx(rows, header)})
    assert response.status_code == 302
    return EmploymentImport.objects.latest("pk")


def test_a_correct_file_is_previewed_then_written_on_confirmation(staff_client, graduates):
    ivanov, smirnova = graduates
    partner = PartnerFactory()
    EmploymentRecordFactory(student=smirnova, checkpoint=12, status=S.NO_DATA)
    staged = upload(staff_client, [
        ["ТМ-22-1", "иванов", "Петр", "Сергеевич", "12", "Employed", partner.inn, "", "Токарь", "да"],
        ["тм-22-1", "Смирнова", "Анна", "Викторовна", "12 месяцев", "military", "", "", "", ""],
    ])  # fmt: skip
    assert staged.status == ImportStatus.PREVIEW
    page = staff_client.get(reverse("monitoring:employment_import_detail", args=[staged.pk]))
    assert page.context["plan"]["create"] == 1 and page.context["plan"]["update"] == 1
    assert not EmploymentRecord.objects.filter(student=ivanov).exists()  # nothing written yet
    staff_client.post(reverse("monitoring:employment_import_detail", args=[staged.pk]))
    records = {r.student_id: r for r in EmploymentRecord.objects.filter(checkpoint=12)}
    assert (records[ivanov.pk].status, records[ivanov.pk].employer_id, records[ivanov.pk].in_specialty) == (
        S.EMPLOYED, partner.pk, True)  # fmt: skip
    assert records[smirnova.pk].status == S.MILITARY
    staged.refresh_from_db()
    assert (staged.status, staged.created_count, staged.updated_count) == (ImportStatus.DONE, 1, 1)


def test_a_file_with_one_bad_row_writes_nothing_and_lists_the_row(staff_client, graduates):
    staged = upload(staff_client, [
        ["ТМ-22-1", "Иванов", "Пётр", "Сергеевич", "12", "Unemployed", "", "", "", ""],
        ["ТМ-22-1", "Петров", "Олег", "", "12", "Unemployed", "", "", "", ""],
        ["ТМ-22-1", "Смирнова", "Анна", "Викторовна", "18", "Уволена", "", "", "", ""],
    ])  # fmt: skip
    assert staged.status == ImportStatus.INVALID
    errors = {error["line"]: error["messages"] for error in staged.errors}
    assert set(errors) == {3, 4}
    assert errors[3] == [ru("no graduate «%(name)s» in group %(group)s", name="Петров Олег", group="ТМ-22-1")]
    assert errors[4] == [
        ru("months after graduation: write 6, 12 or 24"),
        ru("Status: unknown value «%(value)s»", value="Уволена"),
    ]
    response = staff_client.post(reverse("monitoring:employment_import_detail", args=[staged.pk]))
    assert response.status_code == 302
    assert not EmploymentRecord.objects.exists()


def test_an_import_that_no_longer_matches_fails_as_a_whole(staff_client, graduates):
    ivanov, smirnova = graduates
    staged = upload(staff_client, [
        ["ТМ-22-1", "Иванов", "Пётр", "Сергеевич", "6", "Unemployed", "", "", "", ""],
        ["ТМ-22-1", "Смирнова", "Анна", "Викторовна", "6", "Unemployed", "", "", "", ""],
    ])  # fmt: skip
    type(smirnova).objects.filter(pk=smirnova.pk).update(status="expelled")  # changed after the check
    staff_client.post(reverse("monitoring:employment_import_detail", args=[staged.pk]))
    assert not EmploymentRecord.objects.exists()
    staged.refresh_from_db()
    assert staged.status == ImportStatus.PREVIEW


def test_workplace_of_a_graduate_without_work_and_repeated_rows_are_refused(staff_client, graduates):
    staged = upload(staff_client, [
        ["ТМ-22-1", "Иванов", "Пётр", "Сергеевич", "6", "Unemployed", "", "", "Токарь", ""],
        ["ТМ-22-1", "Смирнова", "Анна", "Викторовна", "6", "employed", "", "", "", ""],
        ["ТМ-22-1", "Смирнова", "Анна", "Викторовна", "6", "Безработная", "", "", "", ""],
    ])  # fmt: skip
    errors = {error["line"]: error["messages"] for error in staged.errors}
    assert ru("only an employed or self-employed graduate has an employer, a post and a specialty") in errors[2]
    assert errors[4][0] == ru(
        "Status: unknown value «%(value)s»", value="Безработная"
    )  # «Безработная» is not a status label
    assert staged.status == ImportStatus.INVALID


def test_a_file_without_the_required_columns_is_refused_whole(staff_client, graduates):
    staged = upload(staff_client, [["ТМ-22-1", "Иванов"]], header=["Group", "Last name"])
    assert staged.status == ImportStatus.INVALID
    assert f"«{ru('First name')}»" in staged.errors[0]["messages"][0]


def test_a_non_spreadsheet_upload_is_refused_by_the_form(staff_client):
    fake = SimpleUploadedFile("statuses.xlsx", b"%PDF-1.4 not a table")
    response = staff_client.post(reverse("monitoring:employment_import_start"), {"file": fake})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not EmploymentImport.objects.exists()
