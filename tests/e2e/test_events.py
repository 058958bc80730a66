"""Acceptance journey of issue 9 (joint events) in a real headless Chromium: staff plan an
excursion at a partner with a group of 20 students; the employer sees it and registers two of its
people; the employer's iCal feed holds it, and employer B's feed does not."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from events.models import Event, EventStatus, Participant
from partnership_portal.accounts.models import StaffGroup
from tests.conftest import PASSWORD, employer_with_contact, with_groups
from tests.e2e.conftest import log_in
from tests.factories import ContactFactory, PartnerFactory, StaffFactory, StudentFactory, StudyGroupFactory
from tests.helpers import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Экскурсия на производство: механосборочный цех"


def feed_summaries(page, live_server):
    """Reads the feed link the user is shown and fetches it without any login."""
    page.goto("/events/calendar/feed/")
    path = urlsplit(page.get_by_test_id("feed-url").input_value()).path
    anonymous = page.context.browser.new_context()  # a calendar application has no session
    try:
        response = anonymous.request.get(f"{live_server.url}{path}")
        assert response.status == 200
        return [str(item["SUMMARY"]) for item in Calendar.from_ical(response.body()).walk("VEVENT")]
    finally:
        anonymous.close()


def test_excursion_with_a_group_registration_and_the_feeds(page, browser, live_server):
    partner = PartnerFactory(
        name="АО «Уральский турбинный завод»", actual_address="г. Екатеринбург, ул. Фронтовых бригад, 18"
    )
    other = PartnerFactory(name="ООО «Сибэнергомонтаж»")
    employer = employer_with_contact(partner, "hr@utz.example", is_hr=True)
    employer_b = employer_with_contact(other, "hr@sibenergo.example", is_hr=True)
    masters = [ContactFactory(partner=partner, last_name=name, first_name="Олег") for name in ("Мастеров", "Токарев")]
    ContactFactory(partner=other, last_name="Чужаков")
    group = StudyGroupFactory(name="ТМ-24-1")
    StudentFactory.create_batch(20, group=group)
    staff = with_groups(StaffFactory(email="manager@college.example"), StaffGroup.PARTNERSHIP_MANAGER)
    start = timezone.localtime() + dt.timedelta(days=10)

    # 1. Staff plan the excursion at the partner's site and add the whole group.
    log_in(page, staff.email, PASSWORD)
    page.goto("/events/new/")
    page.select_option("select[name=type]", "excursion")
    page.fill("input[name=title]", TITLE)
    page.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT10:00"))
    page.fill("input[name=ends_at]", start.strftime("%Y-%m-%dT13:00"))
    page.select_option("select[name=place]", "partner")
    page.fill("#id_site_partner", "турбинный")  # typed and picked (static/js/autocomplete.js)
    page.locator("#id_site_partner_listbox [role=option]", has_text=partner.name).click()
    expect(page.locator("input[name=site_partner]")).to_have_value(str(partner.pk))
    page.click("main form[method=post] button[type=submit]")
    event = wait_until(lambda: Event.objects.filter(title=TITLE).first(), timeout=15)
    expect(page.locator("main h1")).to_contain_text(TITLE)
    assert event.status == EventStatus.PLANNED
    assert event.address == "г. Екатеринбург, ул. Фронтовых бригад, 18"
    page.goto(f"/events/{event.pk}/participants/?group={group.pk}")
    page.check("input[name=whole_group]")
    page.click("main form[method=post] button[type=submit]")
    wait_until(lambda: Participant.objects.filter(event=event, student__isnull=False).count() == 20, timeout=15)
    expect(page.locator("main")).to_contain_text(group.name)

    # 2. The employer sees it and registers two of its people (and no one of another organisation).
    employer_page = browser.new_context(base_url=live_server.url).new_page()
    log_in(employer_page, employer.email, PASSWORD)
    employer_page.goto("/events/")
    employer_page.get_by_role("link", name=TITLE).click()
    expect(employer_page.locator("main h1")).to_contain_text(TITLE)
    employer_page.goto(f"/events/{event.pk}/participants/")
    expect(employer_page.locator("main")).not_to_contain_text("Чужаков")
    for master in masters:
        employer_page.check(f"input[name=contacts][value='{master.pk}']")
    employer_page.click("main form[method=post] button[type=submit]")
    wait_until(lambda: Participant.objects.filter(event=event, contact__isnull=False).count() == 2, timeout=15)
    expect(employer_page.locator("main")).to_contain_text("Мастеров Олег")
    expect(employer_page.locator("main")).to_contain_text("Токарев Олег")
    assert set(Participant.objects.filter(event=event, contact__isnull=False).values_list("contact", flat=True)) == {
        master.pk for master in masters
    }

    # 3. The employer's feed holds the excursion; employer B's does not.
    assert TITLE in feed_summaries(employer_page, live_server)
    page_b = browser.new_context(base_url=live_server.url).new_page()
    log_in(page_b, employer_b.email, PASSWORD)
    page_b.goto(f"/events/{event.pk}/")
    expect(page_b.locator("main")).not_to_contain_text(TITLE)
    assert TITLE not in feed_summaries(page_b, live_server)
    employer_page.context.close()
    page_b.context.close()
