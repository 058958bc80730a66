"""The reports pages: the list, asking for a report, its progress and downloads, subscriptions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Report, ReportKind, ReportState, ReportSubscription
from tests.helpers import assert_constant_queries, ru

from .factories import ReportFactory
from .readback import pdf_text, xlsx_sheets

pytestmark = pytest.mark.django_db


def ready_report(**fields):
    """A ready report with small stand-in files (the rendering is tested in test_services)."""
    from partnership_portal.files import replace_file

    report = ReportFactory(state=ReportState.READY, progress=100, made_at=timezone.now(), **fields)
    replace_file(report, "pdf", "r.pdf", b"%PDF-1.7 stand-in", commit=False)
    replace_file(report, "xlsx", "r.xlsx", b"PK stand-in", commit=False)
    report.save()
    return report


# --- Asking for a report ----------------------------------------------------------------------


def test_staff_ask_for_a_monthly_report_and_land_on_its_page_which_offers_the_files(
    staff_client, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("monitoring:report_create"),
            {"kind": "monthly", "year": today.year, "month": today.month, "submission_token": "9d7c1f3e-1111-4c5e-9a1b-123456789abc"},
        )  # fmt: skip
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:report_detail", args=[report.pk])
    assert (report.kind, report.start_date, report.requested_by.email) == (
        ReportKind.MONTHLY, today.replace(day=1), "staff@college.example",
    )  # fmt: skip
    assert report.state == ReportState.READY
    page = staff_client.get(response["Location"]).content.decode()
    assert reverse("monitoring:report_download", args=[report.pk, "pdf"]) in page
    assert reverse("monitoring:report_download", args=[report.pk, "xlsx"]) in page
    assert 'hx-trigger="every 2s"' not in page
    pdf = staff_client.get(reverse("monitoring:report_download", args=[report.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "private, no-store" or set(pdf["Cache-Control"].replace(" ", "").split(",")) == {
        "private", "no-store",
    }  # fmt: skip
    assert report.snapshot["period"] in pdf_text(b"".join(pdf.streaming_content))
    xlsx = staff_client.get(reverse("monitoring:report_download", args=[report.pk, "xlsx"]))
    assert "attachment" in xlsx["Content-Disposition"] and ".xlsx" in xlsx["Content-Disposition"]
    assert "Отчёт" in xlsx_sheets(b"".join(xlsx.streaming_content))


def test_sending_the_form_twice_makes_one_report(staff_client):
    data = {
        "kind": "annual",
        "year": timezone.localdate().year,
        "submission_token": "0b0e5f70-2222-4c5e-9a1b-123456789abc",
    }
    first = staff_client.post(reverse("monitoring:report_create"), data)
    second = staff_client.post(reverse("monitoring:report_create"), data)
    assert Report.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "custom", "start_date": "", "end_date": ""}, "start_date", "Fill this in for the report you chose."),
        ({"kind": "custom", "start_date": "2025-03-10", "end_date": "2025-03-01"}, "end_date",
         "The end date cannot be before the start date."),
        ({"kind": "custom", "start_date": "1890-01-01", "end_date": "1890-02-01"}, "start_date",
         "Enter a date between %(earliest)s and %(latest)s."),
        ({"kind": "monthly", "year": "abc", "month": "3"}, "year", None),
        ({"kind": "quarterly", "year": "2025", "quarter": "9"}, "quarter", None),
        ({"kind": "weekly"}, "kind", None),
    ],
)  # fmt: skip
def test_a_bad_request_comes_back_with_what_was_typed_and_a_message(staff_client, data, field, message):
    response = staff_client.post(reverse("monitoring:report_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    if message:
        expected = ru(message, earliest=1990, latest=2100) if "%(" in message else ru(message)
        assert form.errors[field] == [expected]
    for name in ("start_date", "end_date"):
        if data.get(name):
            assert f'value="{data[name]}"' in response.content.decode()
    assert not Report.objects.exists()


def test_a_period_that_has_not_begun_is_refused_on_the_form(staff_client):
    later = timezone.localdate() + dt.timedelta(days=40)
    response = staff_client.post(
        reverse("monitoring:report_create"),
        {"kind": "custom", "start_date": later.isoformat(), "end_date": (later + dt.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 200
    assert ru("This period has not begun yet; a report on it would have no figures.") in (
        response.context["form"].non_field_errors()
    )


def test_a_report_for_a_specialty_is_recorded_with_it(staff_client, figures):
    response = staff_client.post(
        reverse("monitoring:report_create"),
        {"kind": "quarterly", "year": timezone.localdate().year, "quarter": (timezone.localdate().month - 1) // 3 + 1,
         "specialty": figures.pk},
    )  # fmt: skip
    report = Report.objects.get()
    assert response.status_code == 302
    assert (report.specialty, report.kind, report.start_date.day) == (figures, ReportKind.QUARTERLY, 1)
    assert (report.end_date.month - report.start_date.month) == 2


# --- Progress ---------------------------------------------------------------------------------


def test_the_progress_fragment_polls_while_the_report_is_made_and_stops_when_ready(staff_client):
    report = ReportFactory(state=ReportState.RENDERING, progress=55)
    url = reverse("monitoring:report_progress", args=[report.pk])
    fragment = staff_client.get(url).content.decode()
    assert f'hx-get="{url}"' in fragment and 'hx-trigger="every 2s"' in fragment
    assert 'value="55"' in fragment and "55%" in fragment
    Report.objects.filter(pk=report.pk).update(state=ReportState.READY, progress=100)
    fragment = staff_client.get(url).content.decode()
    assert "hx-trigger" not in fragment
    assert 'value="100"' in fragment and reverse("monitoring:report_download", args=[report.pk, "pdf"]) in fragment


def test_a_failed_report_shows_its_message_and_can_be_tried_again(staff_client, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    report = ReportFactory(kind=ReportKind.CUSTOM, start_date=today, end_date=today, state=ReportState.FAILED,
                           error="Отчёт не удалось подготовить.", progress=40)  # fmt: skip
    page = staff_client.get(reverse("monitoring:report_detail", args=[report.pk])).content.decode()
    assert "Отчёт не удалось подготовить." in page and "hx-trigger" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("monitoring:report_retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.progress) == (ReportState.READY, 100)


def test_a_report_that_is_not_ready_has_no_download(staff_client):
    report = ReportFactory(state=ReportState.RENDERING, progress=70)
    assert staff_client.get(reverse("monitoring:report_download", args=[report.pk, "pdf"])).status_code == 404
    assert staff_client.get(reverse("monitoring:report_download", args=[report.pk, "xlsx"])).status_code == 404


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report_detail", "report_progress"])
def test_employers_get_404_for_a_report(client, employer_a, name):
    report = ready_report()
    client.force_login(employer_a)
    assert client.get(reverse(f"monitoring:{name}", args=[report.pk])).status_code == 404


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_employers_get_404_for_a_reports_files_and_anonymous_the_login(client, employer_a, fmt):
    report = ready_report()
    url = reverse("monitoring:report_download", args=[report.pk, fmt])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    client.force_login(employer_a)
    assert client.get(url).status_code == 404
    assert client.get(reverse("monitoring:report_list")).status_code == 404


def test_downloads_are_never_cached(staff_client):
    report = ready_report()
    response = staff_client.get(reverse("monitoring:report_download", args=[report.pk, "xlsx"]))
    assert response.status_code == 200
    assert {part.strip() for part in response["Cache-Control"].split(",")} >= {"private", "no-store"}
    assert b"".join(response.streaming_content) == b"PK stand-in"


# --- The list ---------------------------------------------------------------------------------


def test_the_list_filters_by_kind_and_year(staff_client):
    year = timezone.localdate().year
    monthly = ReportFactory(kind=ReportKind.MONTHLY, start_date=dt.date(year - 1, 5, 1), end_date=dt.date(year - 1, 5, 31),
                            title="май")  # fmt: skip
    annual = ReportFactory(kind=ReportKind.ANNUAL, start_date=dt.date(year - 2, 1, 1), end_date=dt.date(year - 2, 12, 31),
                           title="год")  # fmt: skip
    url = reverse("monitoring:report_list")
    assert list(staff_client.get(url).context["page_obj"]) == [monthly, annual]
    assert list(staff_client.get(url, {"kind": "annual"}).context["page_obj"]) == [annual]
    assert list(staff_client.get(url, {"year": year - 1}).context["page_obj"]) == [monthly]
    response = staff_client.get(url, {"year": "abc", "kind": "nonsense"})
    assert response.status_code == 200 and list(response.context["page_obj"]) == [monthly, annual]
    assert [choice[0] for choice in response.context["form"].fields["year"].choices][1:] == [year - 1, year - 2]


def test_the_empty_list_says_what_to_do_next(staff_client):
    page = staff_client.get(reverse("monitoring:report_list")).content.decode()
    assert reverse("monitoring:report_create") in page
    assert ru("No reports yet. The first scheduled one comes on the first day of next month; you can request a report for any period now.") in page  # fmt: skip


def test_the_list_is_paginated_with_the_same_queries_for_1_or_20_reports(staff_client, figures):
    ReportFactory(specialty=figures)
    url = reverse("monitoring:report_list")
    assert_constant_queries(staff_client, url, lambda: [ReportFactory(specialty=figures) for _ in range(19)])
    response = staff_client.get(url)
    assert response.context["page_obj"].paginator.count == 20
    assert len(response.context["page_obj"].object_list) <= 20


# --- Subscriptions ----------------------------------------------------------------------------


def test_staff_choose_which_scheduled_reports_they_get_by_email(staff_client, staff):
    url = reverse("monitoring:report_subscriptions")
    response = staff_client.post(url, {"kinds": ["monthly", "annual"]})
    assert response.status_code == 302
    assert set(ReportSubscription.objects.filter(user=staff).values_list("kind", flat=True)) == {"monthly", "annual"}
    form = staff_client.get(url).context["form"]
    assert sorted(form.initial["kinds"]) == ["annual", "monthly"]
    staff_client.post(url, {"kinds": ["quarterly", "custom"]})
    assert set(ReportSubscription.objects.filter(user=staff).values_list("kind", flat=True)) == {"monthly", "annual"}
    staff_client.post(url, {})
    assert not ReportSubscription.objects.filter(user=staff).exists()
