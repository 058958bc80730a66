"""A report asked for on the page is made by a real Celery worker: the page shows its progress
rising to 100 %, and its PDF and XLSX, read back, hold the same figures as the indicators and as
the dashboard for the same year and specialty."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Report, ReportKind, ReportState
from tests.celery_worker import consumer_paused, running_worker, tasks_sent_to_broker
from tests.factories import StaffFactory
from tests.helpers import wait_until

from .conftest import make_figures
from .readback import expected_sections, pdf_text, printed, same_number, xlsx_figures

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"), pytest.mark.django_db(transaction=True)]

PERCENT = 'data-testid="report-progress-percent">'


def shown_percent(client, report):
    fragment = client.get(reverse("monitoring:report_progress", args=[report.pk])).content.decode()
    return int(fragment.split(PERCENT, 1)[1].split("%", 1)[0]), "hx-trigger" in fragment


def test_a_report_asked_for_on_the_page_is_made_by_a_worker_and_matches_the_dashboard(celery_worker, client, tmp_path):
    staff = StaffFactory(email="reports@college.example")
    specialty = make_figures(staff)
    client.force_login(staff)
    year = timezone.localdate().year
    # A worker of this test's own, so that it writes the files where this test reads them.
    with consumer_paused(celery_worker), tasks_sent_to_broker(), running_worker(log_path=tmp_path / "worker.log"):
        response = client.post(
            reverse("monitoring:report_create"),
            {"kind": "annual", "year": year, "specialty": specialty.pk},
        )
        report = Report.objects.get()
        assert response["Location"] == reverse("monitoring:report_detail", args=[report.pk])
        seen = []

        def finished():
            percent, polling = shown_percent(client, report)
            seen.append(percent)
            return not polling

        wait_until(finished, timeout=120, interval=0.05, message=f"the report is still being made: {seen}")
    report.refresh_from_db()
    assert (report.state, report.progress, report.error) == (ReportState.READY, 100, "")
    assert seen == sorted(seen) and seen[-1] == 100, seen
    assert any(0 < percent < 100 for percent in seen), f"no progress was shown on the way: {seen}"
    assert (report.kind, report.start_date, report.end_date, report.specialty_id) == (
        ReportKind.ANNUAL, dt.date(year, 1, 1), dt.date(year, 12, 31), specialty.pk,
    )  # fmt: skip

    pdf = client.get(reverse("monitoring:report_download", args=[report.pk, "pdf"]))
    xlsx = client.get(reverse("monitoring:report_download", args=[report.pk, "xlsx"]))
    text = pdf_text(b"".join(pdf.streaming_content))
    workbook = xlsx_figures(b"".join(xlsx.streaming_content))
    expected = expected_sections(report)
    assert len(expected) == 9
    for title, figures in expected:
        for label, value, unit in figures:
            assert f"{label} {printed(value, unit)}" in text, (title, label, value)
            assert same_number(workbook[title][label], value), (title, label, value, workbook[title][label])

    dashboard = client.get(reverse("monitoring:dashboard"), {"year": year, "specialty": specialty.pk})
    assert dashboard.status_code == 200
    on_dashboard = {figure.key: figure.value for section in dashboard.context["sections"] for figure in section.figures}
    in_report = {
        figure["key"]: figure["value"] for section in report.snapshot["sections"] for figure in section["figures"]
    }
    assert on_dashboard.keys() == in_report.keys()
    for key, value in on_dashboard.items():
        frozen = in_report[key]
        assert (None if frozen is None else type(value)(frozen)) == value, key
    assert any(value is not None for value in on_dashboard.values())
