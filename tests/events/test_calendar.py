"""The calendar of events: the month grid, its filters, and the personal iCal feed."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import CalendarFeed, EventPlace, EventStatus, EventType
from events.services import events as services

pytestmark = pytest.mark.django_db


def at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def plan(staff, partners, *, day, title, type=EventType.EXCURSION, **extra):
    return services.event_create(
        created_by=staff, type=type, title=title, starts_at=at(day), ends_at=at(day, 13), partners=partners, **extra
    )


def mid_month(months_ahead=0):
    first = timezone.localdate().replace(day=1)
    index = first.year * 12 + first.month - 1 + months_ahead
    return dt.date(index // 12, index % 12 + 1, 15)


def feed_summaries(client, user):
    token = services.feed_for(user).token
    client.logout()  # the feed needs no login
    response = client.get(reverse("events:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}


# --- Month view ----------------------------------------------------------------------------------


def test_month_shows_events_on_their_day_and_the_previous_month_is_one_click_away(staff_client, staff, partner_a):
    day = mid_month()
    plan(staff, [partner_a], day=day, title="Экскурсия на Уралмаш")
    plan(staff, [partner_a], day=mid_month(-1), title="Прошлая ярмарка", type=EventType.FAIR)
    page = staff_client.get(reverse("events:calendar"), {"month": day.strftime("%Y-%m")}).content.decode()
    assert "Экскурсия на Уралмаш" in page
    assert "Прошлая ярмарка" not in page
    previous = mid_month(-1).strftime("%Y-%m")
    assert f'href="?month={previous}"' in page
    page = staff_client.get(reverse("events:calendar"), {"month": previous}).content.decode()
    assert "Прошлая ярмарка" in page


def test_month_filters_by_type_and_partner(staff_client, staff, partner_a, partner_b):
    day = mid_month()
    plan(staff, [partner_a], day=day, title="Экскурсия А")
    plan(staff, [partner_b], day=day, title="Мастер-класс Б", type=EventType.MASTER_CLASS)
    month = day.strftime("%Y-%m")
    page = staff_client.get(reverse("events:calendar"), {"month": month, "type": EventType.MASTER_CLASS}).content
    assert "Мастер-класс Б" in page.decode() and "Экскурсия А" not in page.decode()
    page = staff_client.get(reverse("events:calendar"), {"month": month, "partner": partner_a.pk}).content
    assert "Экскурсия А" in page.decode() and "Мастер-класс Б" not in page.decode()


def test_month_of_an_employer_holds_only_its_organisations_events(client, staff, partner_a, partner_b, employer_a):
    day = mid_month()
    plan(staff, [partner_a], day=day, title="Экскурсия А")
    plan(staff, [partner_b], day=day, title="Экскурсия Б")
    client.force_login(employer_a)
    page = client.get(reverse("events:calendar"), {"month": day.strftime("%Y-%m")}).content.decode()
    assert "Экскурсия А" in page and "Экскурсия Б" not in page


def test_empty_month_says_what_to_do(staff_client):
    page = staff_client.get(reverse("events:calendar"), {"month": "2031-02"}).content.decode()
    assert reverse("events:event_create") in page
    assert staff_client.get(reverse("events:calendar"), {"month": "garbage"}).status_code == 200


def test_month_runs_the_same_queries_for_1_and_20_events(client, staff, partner_a, employer_a):
    day = mid_month()
    month = {"month": day.strftime("%Y-%m")}
    plan(staff, [partner_a], day=day, title="Первая")

    def count_for(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("events:calendar"), month).status_code == 200
        return len(queries)

    one = {user: count_for(user) for user in (staff, employer_a)}
    for number in range(19):
        plan(staff, [partner_a], day=day.replace(day=1 + number), title=f"Событие {number}")
    assert {user: count_for(user) for user in (staff, employer_a)} == one


# --- The iCal feed -------------------------------------------------------------------------------


def test_feed_holds_only_the_events_the_user_may_see(client, staff, partner_a, partner_b, employer_a, employer_b):
    day = timezone.localdate() + dt.timedelta(days=7)
    ours = plan(staff, [partner_a], day=day, title="Экскурсия А", place=EventPlace.PARTNER, site_partner=partner_a)
    plan(staff, [partner_b], day=day, title="Экскурсия Б")
    cancelled = plan(staff, [partner_a], day=day, title="Отменённая встреча")
    services.event_transition(event=cancelled, to_status=EventStatus.CANCELLED, by=staff, reason="Перенос")
    services.event_propose(
        proposed_by=employer_a, type=EventType.MASTER_CLASS, title="Предложение А", starts_at=at(day),
        ends_at=at(day, 12),
    )  # fmt: skip

    feed_a = feed_summaries(client, employer_a)
    assert set(feed_a) == {"Экскурсия А", "Отменённая встреча"}
    event = feed_a["Экскурсия А"]
    assert event.decoded("DTSTART") == ours.starts_at
    assert event.decoded("DTEND") == ours.ends_at
    assert str(event["UID"]).startswith(f"event-{ours.pk}@")
    assert partner_a.display_name in str(event["LOCATION"])
    assert str(feed_a["Отменённая встреча"]["STATUS"]) == "CANCELLED"
    assert set(feed_summaries(client, employer_b)) == {"Экскурсия Б"}
    assert set(feed_summaries(client, staff)) == {"Экскурсия А", "Экскурсия Б", "Отменённая встреча"}


def test_wrong_or_revoked_token_is_404(client, employer_a):
    old = services.feed_for(employer_a).token
    assert client.get(reverse("events:feed", args=["no-such-token"])).status_code == 404
    new = services.feed_reissue(user=employer_a).token
    assert new != old
    assert client.get(reverse("events:feed", args=[old])).status_code == 404
    assert client.get(reverse("events:feed", args=[new])).status_code == 200


def test_feed_of_a_deactivated_account_is_404(client, employer_a):
    token = services.feed_for(employer_a).token
    employer_a.is_active = False
    employer_a.save()
    assert client.get(reverse("events:feed", args=[token])).status_code == 404


def test_feed_page_shows_the_link_and_issues_a_new_one(client, employer_a):
    client.force_login(employer_a)
    page = client.get(reverse("events:feed_settings")).content.decode()
    token = CalendarFeed.objects.get(user=employer_a).token
    assert reverse("events:feed", args=[token]) in page
    response = client.post(reverse("events:feed_reissue"))
    assert response["Location"] == reverse("events:feed_settings")
    assert CalendarFeed.objects.get(user=employer_a).token != token
