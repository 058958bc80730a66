"""Teacher internships: the 3-year compliance list, the form with its PDF result document,
the permission-checked download, and the partner's last activity."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from practice import selectors
from practice.models import TeacherInternship
from practice.services import internships as services
from tests.factories import PartnerFactory, TeacherFactory, TeacherInternshipFactory
from tests.helpers import assert_constant_queries, ru

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
NOT_REAL = "«%(name)s» is not a real %(kinds)s file (its content was checked, not just its name)."


def days_ago(days):
    return timezone.localdate() - dt.timedelta(days=days)


def pdf_file(name="certificate.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def internship_post(teacher, partner, **overrides):
    data = {
        "teacher": teacher.pk,
        "partner": partner.pk,
        "start_date": days_ago(30).isoformat(),
        "end_date": days_ago(16).isoformat(),
        "hours": 72,
        "topic": "Освоение обрабатывающих центров с ЧПУ",
    }
    return {**data, **overrides}


# --- The compliance list --------------------------------------------------------------------


def test_compliance_lists_active_teachers_without_an_internship_in_the_last_3_years(staff):
    four_years = TeacherFactory(last_name="Четырёхлетов")
    TeacherInternshipFactory(teacher=four_years, start_date=days_ago(4 * 365 + 14), end_date=days_ago(4 * 365))
    two_years = TeacherFactory(last_name="Двухлетов")
    TeacherInternshipFactory(teacher=two_years, start_date=days_ago(2 * 365 + 14), end_date=days_ago(2 * 365))
    never = TeacherFactory(last_name="Безстажировкин")
    TeacherFactory(last_name="Уволенный", is_active=False)

    assert list(selectors.teachers_without_recent_internship(staff)) == [never, four_years]


def test_on_29_february_the_3_years_reach_back_to_28_february(staff):
    # 29 February 2028 minus 3 years has no 29th: the window starts on 28 February 2025.
    on_the_first_day = TeacherFactory(last_name="Вовремя")
    TeacherInternshipFactory(teacher=on_the_first_day, start_date=dt.date(2025, 2, 1), end_date=dt.date(2025, 2, 28))
    a_day_early = TeacherFactory(last_name="Днёмраньше")
    TeacherInternshipFactory(teacher=a_day_early, start_date=dt.date(2025, 2, 1), end_date=dt.date(2025, 2, 27))

    with time_machine.travel(dt.datetime(2028, 2, 29, 12, tzinfo=ZoneInfo("Europe/Moscow")), tick=False):
        assert list(selectors.teachers_without_recent_internship(staff)) == [a_day_early]
    explicit = selectors.teachers_without_recent_internship(staff, today=dt.date(2028, 2, 29))
    assert list(explicit) == [a_day_early]


def test_internship_list_shows_the_compliance_block_on_top(staff_client):
    overdue = TeacherFactory(last_name="Четырёхлетов")
    TeacherInternshipFactory(teacher=overdue, start_date=days_ago(4 * 365 + 14), end_date=days_ago(4 * 365))
    TeacherFactory(last_name="Уволенный", is_active=False)

    response = staff_client.get(reverse("practice:internship_list"))
    assert response.context["without_internship"] == [overdue]
    html = response.content.decode()
    block = html[html.index('data-testid="internship-compliance"') : html.index('<form method="get"')]
    assert overdue.full_name in block and "Уволенный" not in block


# --- The list -------------------------------------------------------------------------------


def test_internship_list_filters_by_teacher_partner_and_year(staff_client):
    orlov, petrov = TeacherFactory(last_name="Орлов"), TeacherFactory(last_name="Петров")
    uralmash = PartnerFactory(name="АО «Уралмашзавод»", search_text="ао «уралмашзавод»")
    other = PartnerFactory()
    first = TeacherInternshipFactory(
        teacher=orlov, partner=uralmash, start_date=dt.date(2025, 6, 1), end_date=dt.date(2025, 6, 14)
    )
    second = TeacherInternshipFactory(
        teacher=orlov, partner=other, start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 6, 14)
    )
    third = TeacherInternshipFactory(
        teacher=petrov, partner=uralmash, start_date=dt.date(2026, 2, 1), end_date=dt.date(2026, 2, 14)
    )

    def listed(**params):
        return list(staff_client.get(reverse("practice:internship_list"), params).context["page_obj"])

    assert listed() == [second, third, first]
    assert listed(teacher=orlov.pk) == [second, first]
    assert listed(partner="уралмаш") == [third, first]
    assert listed(year=2026, partner="Уралмаш") == [third]
    assert listed(year="nonsense", teacher="x") == [second, third, first]


def test_internship_list_runs_a_constant_number_of_queries(staff_client):
    TeacherInternshipFactory(result_document="practice/teacherinternship/a.pdf")

    def add_rows():
        for n in range(12):
            TeacherInternshipFactory(
                start_date=dt.date(2020 + n % 6, 3, 1),
                end_date=dt.date(2020 + n % 6, 3, 10),
                result_document=f"x{n}.pdf",
            )
            TeacherFactory()

    assert_constant_queries(staff_client, reverse("practice:internship_list"), add_rows)


# --- Create and edit ------------------------------------------------------------------------


def test_any_staff_member_records_an_internship_with_its_pdf_and_the_partner_becomes_active(client, teacher):
    client.force_login(teacher)  # staff without the coordinator role
    orlov, partner = TeacherFactory(last_name="Орлов"), PartnerFactory(last_activity_on=None)

    response = client.post(
        reverse("practice:internship_create"), {**internship_post(orlov, partner), "result_document": pdf_file()}
    )
    assert response.url == reverse("practice:internship_list")
    internship = TeacherInternship.objects.get()
    assert (internship.teacher, internship.partner, internship.hours) == (orlov, partner, 72)
    with internship.result_document.open("rb") as document:
        assert document.read() == PDF
    partner.refresh_from_db()
    assert partner.last_activity_on == days_ago(30)


def test_an_internship_in_the_future_does_not_move_the_partners_last_activity(db):
    partner = PartnerFactory(last_activity_on=days_ago(100))
    services.internship_create(
        teacher=TeacherFactory(),
        partner=partner,
        start_date=days_ago(-3),
        end_date=days_ago(-10),
        hours=36,
        topic="Сварка",
    )
    partner.refresh_from_db()
    assert partner.last_activity_on == days_ago(100)


@pytest.mark.parametrize(
    ("name", "content"),
    [("certificate.pdf", b"PK\x03\x04 a zip renamed"), ("certificate.pdf", "Справка о стажировке".encode())],
)
def test_a_file_that_is_not_really_a_pdf_is_refused_and_the_other_input_is_kept(staff_client, name, content):
    orlov, partner = TeacherFactory(), PartnerFactory()
    data = {
        **internship_post(orlov, partner, topic="Наладка станков Mazak"),
        "result_document": pdf_file(name, content),
    }

    response = staff_client.post(reverse("practice:internship_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"result_document": [ru(NOT_REAL, name=name, kinds="PDF")]}
    html = response.content.decode()
    assert 'value="Наладка станков Mazak"' in html
    # The teacher is chosen by typing (an autocomplete): its hidden input and label come back.
    assert f'<input type="hidden" name="teacher" value="{orlov.pk}"' in html
    assert f'value="{orlov.full_name}"' in html
    assert f'value="{days_ago(30).isoformat()}"' in html
    assert not TeacherInternship.objects.exists()


def test_end_before_start_is_shown_on_the_end_date(staff_client):
    data = internship_post(TeacherFactory(), PartnerFactory(), end_date=days_ago(40).isoformat())
    response = staff_client.post(reverse("practice:internship_create"), data)
    assert response.context["form"].errors == {"end_date": [ru("The end date cannot be before the start date.")]}


def test_editing_replaces_the_document_and_keeps_it_when_no_file_is_sent(staff_client):
    internship = TeacherInternshipFactory(result_document=pdf_file("old.pdf"))
    old_name = internship.result_document.name
    url = reverse("practice:internship_edit", args=[internship.pk])

    staff_client.post(url, internship_post(internship.teacher, internship.partner, hours=40))
    internship.refresh_from_db()
    assert (internship.hours, internship.result_document.name) == (40, old_name)

    new_pdf = PDF.replace(b"Catalog", b"Catalog /Lang (ru)")
    staff_client.post(
        url,
        {**internship_post(internship.teacher, internship.partner), "result_document": pdf_file("new.pdf", new_pdf)},
    )
    internship.refresh_from_db()
    assert internship.result_document.name != old_name
    with internship.result_document.open("rb") as document:
        assert document.read() == new_pdf


def test_moving_an_internship_to_another_partner_recomputes_the_first_partners_activity(db):
    first, second = PartnerFactory(), PartnerFactory()
    internship = services.internship_create(
        teacher=TeacherFactory(),
        partner=first,
        start_date=days_ago(20),
        end_date=days_ago(10),
        hours=36,
        topic="Сварка",
    )
    services.internship_update(internship=internship, partner=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.last_activity_on, second.last_activity_on) == (None, days_ago(20))


# --- The document ---------------------------------------------------------------------------


def test_staff_download_the_result_document_as_an_attachment(staff_client):
    internship = TeacherInternshipFactory(result_document=pdf_file())
    response = staff_client.get(reverse("practice:internship_document", args=[internship.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF


def test_document_of_an_internship_without_one_is_404(staff_client):
    internship = TeacherInternshipFactory()
    assert staff_client.get(reverse("practice:internship_document", args=[internship.pk])).status_code == 404


def test_employer_gets_404_on_every_internship_page_and_the_document(employer_a_client, partner_a):
    internship = TeacherInternshipFactory(partner=partner_a, result_document=pdf_file())
    urls = [
        reverse("practice:internship_list"),
        reverse("practice:internship_create"),
        reverse("practice:internship_edit", args=[internship.pk]),
        reverse("practice:internship_document", args=[internship.pk]),
    ]
    assert [employer_a_client.get(url).status_code for url in urls] == [404, 404, 404, 404]
    response = employer_a_client.post(urls[2], internship_post(internship.teacher, partner_a, hours=1))
    assert response.status_code == 404
    internship.refresh_from_db()
    assert internship.hours == 72
