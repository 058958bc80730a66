"""Import of study groups with their students (practice/services/student_import.py and its views)."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from practice.models import Student, StudentImport, StudentStatus, StudyGroup
from practice.services import student_import
from tests.factories import SpecialtyFactory, StudentFactory, StudyGroupFactory
from tests.helpers import ru

GROUPS = {"ТМ-25-1": ("15.02.16", 2025, 2029), "СП-24-2": ("22.02.06", 2024, 2028)}


def headers(language="ru"):
    with translation.override(language):
        return [str(column.label) for column in student_import.COLUMNS]


def student_row(n, group="ТМ-25-1", **changes):
    """One valid row of an import file, as {field: cell}: student n of ``group``."""
    specialty, admission, graduation = GROUPS[group]
    with translation.override("ru"):
        studying = str(StudentStatus.STUDYING.label)
    row = {
        "group": group,
        "specialty": specialty,
        "admission_year": admission,
        "graduation_year": graduation,
        "last_name": f"Студентов{n}",
        "first_name": "Алексей",
        "middle_name": "Петрович",
        "birth_date": f"{n % 28 + 1:02d}.05.2008",
        "email": f"student{n}@students.example",
        "phone": f"+7 900 100-{n:04d}",
        "status": studying,
    }
    return {**row, **changes}


def good_rows():
    """Twenty students in two groups (file lines 2–21)."""
    return [student_row(n) for n in range(1, 11)] + [student_row(n, group="СП-24-2") for n in range(11, 21)]


def table(rows, language="ru"):
    return [headers(language)] + [[row.get(column.field) for column in student_import.COLUMNS] for row in rows]


def xlsx_file(rows, name="students.xlsx"):
    workbook = Workbook()
    for cells in table(rows):
        workbook.active.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, *, delimiter=";", encoding="utf-8", language="ru", name="students.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(
        [["" if cell is None else cell for cell in cells] for cells in table(rows, language)]
    )
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def upload(client, uploaded):
    """Uploads through the form; returns the import page the upload redirects to."""
    response = client.post(reverse("practice:import_start"), {"file": uploaded})
    assert response.status_code == 302, response.context["form"].errors
    return client.get(response.url)


def confirm(client, pending):
    return client.post(reverse("practice:import_detail", args=[pending.pk]))


def upload_and_confirm(client, uploaded):
    pending = upload(client, uploaded).context["student_import"]
    assert pending.errors == []
    assert confirm(client, pending).url == reverse("practice:group_list")
    pending.refresh_from_db()
    return pending


def bad_email():
    return f"{ru('E-mail')}: {ru('Enter a valid email address.')}"


@pytest.fixture
def specialties(db):
    return SpecialtyFactory(code="15.02.16"), SpecialtyFactory(code="22.02.06")


# --- The acceptance test --------------------------------------------------------------------


def test_acceptance_file_with_bad_rows_imports_nothing_then_the_fixed_file_imports_then_updates(
    staff_client, specialties
):
    rows = good_rows()
    bad = good_rows()
    bad[1]["specialty"] = "99.02.99"  # line 3
    bad[3]["graduation_year"] = 2024  # line 5: before admission 2025
    bad[5]["admission_year"] = "двадцать пятый"  # line 7
    bad[7]["specialty"], bad[7]["admission_year"] = "22.02.06", 2024  # line 9: the group differs from line 2
    bad[9]["last_name"] = None  # line 11
    bad[11]["birth_date"] = "31.02.2008"  # line 13
    bad[13]["email"] = "не-почта"  # line 15
    bad[15] = {**bad[14]}  # line 17 repeats line 16

    # 1. Bad rows: nothing is written, each bad row is listed with its line and reasons.
    page = upload(staff_client, xlsx_file(bad))
    pending = page.context["student_import"]
    assert (StudyGroup.objects.count(), Student.objects.count()) == (0, 0)
    assert pending.status == StudentImport.Status.INVALID
    assert [(error["line"], error["messages"]) for error in pending.errors] == [
        (3, [ru("unknown specialty code %(code)s", code="99.02.99")]),
        (5, [ru("the graduation year is before the admission year")]),
        (7, [ru("%(label)s: not a year (use 2025)", label=ru("Admission year"))]),
        (
            9,
            [
                ru(
                    "group %(group)s has another specialty or other years in the row %(line)d of the file",
                    group="ТМ-25-1",
                    line=2,
                )
            ],
        ),
        (11, [ru("the last name is missing")]),
        (13, [ru("Birth date: not a date (use 31.12.2006)")]),
        (15, [bad_email()]),
        (
            17,
            [
                ru(
                    "the student repeats the row %(line)d of the file (same group, full name and birth date)",
                    line=16,
                )
            ],
        ),
    ]
    html = page.content.decode()
    assert html.count("<tr><td>") == 8
    assert all(f"<tr><td>{line}</td>" in html for line in (3, 5, 7, 9, 11, 13, 15, 17))
    assert "<tr><td>11</td><td>ТМ-25-1</td><td>Алексей Петрович</td>" in html
    assert confirm(staff_client, pending).status_code == 302
    assert (StudyGroup.objects.count(), Student.objects.count()) == (0, 0)

    # 2. The corrected file: a preview, then one confirmation writes both groups and every student.
    page = upload(staff_client, xlsx_file(rows))
    plan = page.context["plan"]
    assert (plan["groups_create"], plan["groups_existing"], plan["create"], plan["update"]) == (2, 0, 20, 0)
    all_correct = "All %(total)s rows are correct: %(create)s students will be added and %(update)s updated."
    assert ru(all_correct, total=20, create=20, update=0) in page.content.decode()
    confirm(staff_client, page.context["student_import"])

    pending = StudentImport.objects.get(pk=page.context["student_import"].pk)
    assert (pending.status, pending.created_count, pending.updated_count) == ("done", 20, 0)
    groups = {group.name: group for group in StudyGroup.objects.select_related("specialty")}
    assert {name: (g.specialty.code, g.admission_year, g.graduation_year) for name, g in groups.items()} == GROUPS
    assert groups["ТМ-25-1"].students.count() == 10 and groups["СП-24-2"].students.count() == 10
    first = Student.objects.get(last_name="Студентов1")
    assert (first.full_name, first.birth_date, first.email, first.phone, first.status, first.group.name) == (
        "Студентов1 Алексей Петрович",
        dt.date(2008, 5, 2),
        "student1@students.example",
        "+7 900 100-0001",
        StudentStatus.STUDYING,
        "ТМ-25-1",
    )

    # 3. The same students again, with new phones, blank e-mails and one graduated: updates only.
    with translation.override("ru"):
        graduated = str(StudentStatus.GRADUATED.label)
    again = [{**row, "phone": f"+7 900 200-{n:04d}", "email": None} for n, row in enumerate(rows, 1)]
    again[0]["status"] = graduated
    pending = upload_and_confirm(staff_client, xlsx_file(again))
    assert (pending.created_count, pending.updated_count) == (0, 20)
    assert (StudyGroup.objects.count(), Student.objects.count()) == (2, 20)
    first.refresh_from_db()
    assert (first.phone, first.email, first.status) == ("+7 900 200-0001", "student1@students.example", "graduated")


# --- Row checks -----------------------------------------------------------------------------


def test_group_that_differs_from_the_register_is_a_row_error(staff_client, specialties):
    StudyGroupFactory(name="ТМ-25-1", specialty=specialties[0], admission_year=2025, graduation_year=2028)

    pending = upload(staff_client, csv_file([student_row(1)])).context["student_import"]
    message = "group %(group)s is already in the register with specialty %(specialty)s and years %(years)s"
    assert pending.errors == [
        {
            "line": 2,
            "group": "ТМ-25-1",
            "name": "Студентов1 Алексей Петрович",
            "messages": [ru(message, group="ТМ-25-1", specialty="15.02.16", years="2025–2028")],
        }
    ]


def test_rows_of_an_existing_group_add_students_and_match_existing_ones_by_name_and_birth_date(
    staff_client, specialties
):
    group = StudyGroupFactory(name="ТМ-25-1", specialty=specialties[0], admission_year=2025, graduation_year=2029)
    known = StudentFactory(
        group=group,
        last_name="Студентов1",
        first_name="Алексей",
        middle_name="Петрович",
        birth_date=dt.date(2008, 5, 2),
    )
    namesake = StudentFactory(
        group=group,
        last_name="Студентов2",
        first_name="Алексей",
        middle_name="Петрович",
        birth_date=dt.date(2007, 1, 1),
    )

    page = upload(staff_client, csv_file([student_row(1), student_row(2)]))
    assert page.context["plan"]["update_lines"] == {2}
    confirm(staff_client, page.context["student_import"])

    assert group.students.count() == 3  # the namesake born on another day is another student
    known.refresh_from_db()
    namesake.refresh_from_db()
    assert known.phone == "+7 900 100-0001"
    assert namesake.phone == ""


def test_missing_required_cells_are_listed_together(staff_client, specialties):
    row = student_row(1, group="ТМ-25-1", specialty=None, admission_year=None, first_name=None)
    pending = upload(staff_client, csv_file([row])).context["student_import"]
    assert pending.errors[0]["messages"] == [
        ru("the specialty is missing"),
        ru("%(label)s: missing", label=ru("Admission year")),
        ru("the first name is missing"),
    ]


# --- File formats ---------------------------------------------------------------------------


def test_windows_1251_csv_separated_by_semicolons_imports(staff_client, specialties):
    pending = upload_and_confirm(staff_client, csv_file(good_rows()[:3], encoding="cp1251"))
    assert pending.created_count == 3
    assert sorted(Student.objects.values_list("last_name", flat=True)) == ["Студентов1", "Студентов2", "Студентов3"]


def test_utf8_csv_with_english_headers_imports(staff_client, specialties):
    pending = upload_and_confirm(staff_client, csv_file(good_rows()[:2], delimiter=",", language="en"))
    assert pending.created_count == 2


def test_file_without_a_required_column_gets_one_file_level_error(staff_client):
    uploaded = SimpleUploadedFile("students.csv", f"{headers()[0]};{headers()[4]}\nТМ-25-1;Иванов\n".encode())
    pending = upload(staff_client, uploaded).context["student_import"]
    assert pending.status == StudentImport.Status.INVALID
    assert [error["line"] for error in pending.errors] == [None]
    assert (StudyGroup.objects.count(), Student.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("students.xlsx", b"%PDF-1.7\n1 0 obj << >> endobj\n"),
        ("students.xlsx", "Группа;Фамилия\nТМ-25-1;Иванов\n".encode()),
        ("students.xlsx", b"PK\x03\x04 not really a zip archive"),
    ],
)
def test_upload_form_refuses_a_file_that_is_not_really_xlsx(staff_client, name, content):
    response = staff_client.post(reverse("practice:import_start"), {"file": SimpleUploadedFile(name, content)})
    not_real = "«%(name)s» is not a real %(kinds)s file (its content was checked, not just its name)."
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [ru(not_real, name=name, kinds="XLSX, CSV")]}
    assert not StudentImport.objects.exists()


# --- Confirmation ---------------------------------------------------------------------------


def test_confirming_an_import_twice_imports_once(staff_client, specialties):
    pending = upload_and_confirm(staff_client, csv_file([student_row(1)]))

    response = confirm(staff_client, pending)
    assert response.url == reverse("practice:import_detail", args=[pending.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == ru(
        "This import cannot be confirmed (it has errors or was already done)."
    )
    assert Student.objects.count() == 1


def test_group_changed_after_the_check_cancels_the_whole_import(staff_client, specialties):
    pending = upload(staff_client, csv_file([student_row(1), student_row(11, group="СП-24-2")])).context[
        "student_import"
    ]
    StudyGroupFactory(name="СП-24-2", specialty=specialties[1], admission_year=2023, graduation_year=2027)

    response = confirm(staff_client, pending)
    assert response.url == reverse("practice:import_detail", args=[pending.pk])
    message = ru("group %(group)s changed in the register since the file was checked", group="СП-24-2")
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == ru(
        "Row %(line)d: %(errors)s", line=3, errors=message
    )
    assert not StudyGroup.objects.filter(name="ТМ-25-1").exists()
    assert Student.objects.count() == 0
    pending.refresh_from_db()
    assert pending.status == StudentImport.Status.PREVIEW


# --- Who may import -------------------------------------------------------------------------


@pytest.fixture
def pending_import(staff, specialties):
    return StudentImport.objects.create(
        uploaded_by=staff,
        file_name="students.csv",
        status=StudentImport.Status.PREVIEW,
        rows=[{"line": 2, "values": {**student_row(1), "status": "studying", "birth_date": "2008-05-02"}}],
    )


def import_urls(pending):
    return [
        reverse("practice:import_start"),
        reverse("practice:import_template"),
        reverse("practice:import_detail", args=[pending.pk]),
    ]


def test_teacher_gets_403_on_import_pages_and_cannot_confirm(client, teacher, pending_import):
    client.force_login(teacher)
    assert [client.get(url).status_code for url in import_urls(pending_import)] == [403, 403, 403]
    assert confirm(client, pending_import).status_code == 403
    assert client.post(reverse("practice:import_start"), {"file": xlsx_file([student_row(1)])}).status_code == 403
    assert (Student.objects.count(), StudentImport.objects.count()) == (0, 1)


def test_employer_gets_404_on_import_pages_and_cannot_confirm(employer_a_client, pending_import):
    assert [employer_a_client.get(url).status_code for url in import_urls(pending_import)] == [404, 404, 404]
    assert confirm(employer_a_client, pending_import).status_code == 404
    pending_import.refresh_from_db()
    assert pending_import.status == StudentImport.Status.PREVIEW
    assert Student.objects.count() == 0


def test_pending_import_confirmed_by_staff_writes_the_stored_row(staff_client, pending_import):
    confirm(staff_client, pending_import)
    assert list(Student.objects.values_list("last_name", "group__name", "birth_date")) == [
        ("Студентов1", "ТМ-25-1", dt.date(2008, 5, 2))
    ]


# --- The template ---------------------------------------------------------------------------


def test_import_template_has_the_headers_and_an_example_row_that_passes_the_checks(staff_client, specialties):
    response = staff_client.get(reverse("practice:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == headers()

    pending = upload(staff_client, SimpleUploadedFile("template.xlsx", response.content)).context["student_import"]
    assert pending.errors == []
    assert [row["values"]["group"] for row in pending.rows] == ["ТМ-25-1"]
