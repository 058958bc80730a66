"""Browser test (Chromium): the indicator dashboard draws every chart and stays readable at a
laptop's 1366×768 and at a phone's 390 px; screenshots go to test-artifacts/."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partnership_portal.accounts.models import StaffGroup
from tests.conftest import PASSWORD, with_groups
from tests.e2e.conftest import ARTIFACTS, log_in
from tests.factories import StaffFactory
from tests.monitoring.dashboard.factories import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_every_chart_is_drawn_and_nothing_overflows_the_screen(page, width, height):
    build_world()
    staff = with_groups(StaffFactory(email="manager@college.example"), StaffGroup.PARTNERSHIP_MANAGER)
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, staff.email, PASSWORD)
    page.goto(f"/monitoring/?year={timezone.localdate().year - 1}")
    expect(page.get_by_test_id("indicators-title")).to_be_visible()
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() >= 8
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')].map(c => Boolean(Chart.getChart(c)))"
    )
    assert all(drawn), drawn
    for index in range(canvases.count()):
        box = canvases.nth(index).bounding_box()
        assert box["width"] > 200 and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    # No sideways scrolling of the page: wide tables scroll inside their .table-responsive.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"indicator-dashboard-{width}.png", full_page=False)
    page.locator("#section-practice").scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"indicator-dashboard-{width}-practice.png", full_page=False)
