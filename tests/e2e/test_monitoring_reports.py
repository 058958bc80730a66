"""Acceptance journey of issue 10 (periodic reports) in a real headless Chromium with a real Celery
worker: staff ask for the year's report for a specialty, watch its progress on the page, download
the PDF and the XLSX, and every figure read back from them (pypdf, openpyxl) is the one the
indicator dashboard shows for the same year and specialty."""

from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from monitoring import indicators
from monitoring.models import Report, ReportState
from tests.celery_worker import consumer_paused, running_worker, tasks_sent_to_broker
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.factories import StaffFactory
from tests.monitoring.reports.conftest import make_figures
from tests.monitoring.reports.readback import pdf_text, printed, same_number, xlsx_figures

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"), pytest.mark.django_db(transaction=True)]


def test_staff_make_a_report_watch_its_progress_and_download_figures_that_match_the_dashboard(
    page, live_server, celery_worker, tmp_path
):
    staff = StaffFactory(email="analyst@college.example")
    specialty = make_figures(staff)
    year = timezone.localdate().year
    log_in(page, staff.email, PASSWORD)

    # The dashboard for the year and the specialty: what the report must print.
    page.goto(f"/monitoring/?year={year}&specialty={specialty.pk}")
    expect(page.locator("main h1")).to_be_visible()
    with translation.override("ru"):
        sections = [
            (str(section.title), [(str(figure.label), figure.value, str(figure.unit)) for figure in section.figures])
            for section in indicators.sections(indicators.Scope.year(year, specialty_id=specialty.pk))
        ]
    shown = page.locator("main").inner_text()
    for title, _figures in sections:
        assert title in shown, title

    page.goto("/monitoring/reports/new/")
    page.check("input[name=kind][value=annual]")
    page.select_option("select[name=year]", str(year))
    page.select_option("select[name=specialty]", str(specialty.pk))
    # A worker of this test's own writes the files where the live server reads them.
    with consumer_paused(celery_worker), tasks_sent_to_broker(), running_worker(log_path=tmp_path / "worker.log"):
        page.click("[data-testid=report-submit]")
        expect(page.get_by_test_id("report-progress")).to_be_visible()
        expect(page.get_by_test_id("report-pdf")).to_be_visible(timeout=120_000)
    report = Report.objects.get()
    assert (report.state, report.progress, report.specialty_id) == (ReportState.READY, 100, specialty.pk)
    expect(page.get_by_test_id("report-progress-percent")).to_have_text("100%")

    files = {}
    for kind in ("pdf", "xlsx"):
        with page.expect_download() as download_info:
            page.click(f"[data-testid=report-{kind}]")
        files[kind] = Path(download_info.value.path()).read_bytes()
    text = pdf_text(files["pdf"])
    workbook = xlsx_figures(files["xlsx"])
    checked = 0
    for title, figures in sections:
        for label, value, unit in figures:
            assert f"{label} {printed(value, unit)}" in text, (title, label, value)
            assert same_number(workbook[title][label], value), (title, label, value, workbook[title][label])
            checked += 1
    assert checked >= 20
    assert any(value for _title, figures in sections for _label, value, _unit in figures)
