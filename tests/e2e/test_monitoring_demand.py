"""Acceptance journey of issue 10 (hiring demand) in a real headless Chromium: an employer declares
its organisation's need, and staff see it in the demand-vs-supply table and chart."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from monitoring.models import DemandDeclaration
from tests.conftest import PASSWORD, employer_with_contact
from tests.e2e.conftest import log_in
from tests.factories import PartnerFactory, SpecialtyFactory, StaffFactory, StudentFactory, StudyGroupFactory
from tests.helpers import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_employer_declares_demand_and_staff_see_it_against_graduates(page, browser, live_server):
    year = timezone.localdate().year + 1
    specialty = SpecialtyFactory(code="15.02.16", name="Технология машиностроения")
    partner = PartnerFactory(name="АО «Уральский турбинный завод»")
    employer = employer_with_contact(partner, "hr@utz.example", is_hr=True)
    group = StudyGroupFactory(specialty=specialty, admission_year=year - 4, graduation_year=year)
    StudentFactory.create_batch(3, group=group)
    staff = StaffFactory(email="analyst@college.example")

    # 1. The employer declares a need of 6 people with a salary range.
    log_in(page, employer.email, PASSWORD)
    page.goto("/monitoring/demand/new/")
    page.select_option("select[name=specialty]", str(specialty.pk))
    page.fill("input[name=year]", str(year))
    page.fill("input[name=people]", "6")
    page.fill("input[name=salary_from]", "55000")
    page.fill("input[name=salary_to]", "70000")
    page.click("[data-testid=demand-form] button[type=submit]")
    wait_until(lambda: DemandDeclaration.objects.filter(partner=partner, people=6).exists(), timeout=15)
    expect(page.get_by_test_id("demand-row")).to_have_count(1)

    # 2. Staff see it against the 3 graduates expected that year, in the table and the chart.
    staff_page = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768}).new_page()
    log_in(staff_page, staff.email, PASSWORD)
    staff_page.goto(f"/monitoring/demand/supply/?year_from={year - 1}&year_to={year + 2}")
    row = staff_page.get_by_test_id("demand-supply-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("15.02.16 Технология машиностроения")
    assert [cell.strip() for cell in row.locator("td").all_inner_texts()][1:] == [str(year), "6", "3", "3"]
    drawn = staff_page.locator("canvas[data-chart]").evaluate(
        "canvas => { const chart = Chart.getChart(canvas); return chart.data.datasets.map(d => d.data); }"
    )
    assert drawn == [[0, 6, 0, 0], [0, 3, 0, 0]]
    staff_page.context.close()
