"""Views: the calendar of events (a month grid) and the personal iCal feed.

The feed lives at a secret URL that needs no login (calendar applications cannot log in): the
token is the credential, so a wrong or revoked token is a 404, and issuing a new one revokes the
old at once.
"""

import calendar as pycalendar
import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar
from icalendar import Event as VEvent

from partnership_portal.accounts.decorators import login_required
from partnership_portal.accounts.permissions import is_college_staff
from partnership_portal.emails import absolute_url

from ..forms.events import EventFilterForm
from ..models import EventPlace, EventStatus
from ..permissions import can_manage_events, can_propose_event
from ..selectors import events as selectors
from ..services import events as services

# A day cell shows this many events, then «N more» (a link to the list of that month).
PER_DAY = 4
# The feed holds a year back and everything ahead: enough for any calendar application.
FEED_PAST_DAYS = 366


def _month(value, today):
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return dt.date(year, month, 1) if 1900 < year < 2200 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


def _shift(first, months):
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _local_midnight(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@login_required
def month(request):
    """A month grid from Monday to Sunday, events on each day they span, filtered by type and partner."""
    user = request.user
    today = timezone.localdate()
    first = _month(request.GET.get("month"), today)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    grid_start, grid_end = weeks[0][0], weeks[-1][-1]
    staff = is_college_staff(user)
    form = EventFilterForm(request.GET, partners=selectors.partners_with_events() if staff else None)
    filters = {key: value for key, value in form.filters().items() if key in ("type", "partner", "status")}
    events = (
        selectors.events_filtered(selectors.events_visible_to(user), **filters)
        .exclude(status=EventStatus.DECLINED)
        .filter(
            starts_at__lt=_local_midnight(grid_end + dt.timedelta(days=1)), ends_at__gte=_local_midnight(grid_start)
        )
        .order_by("starts_at", "pk")
    )
    by_day = defaultdict(list)
    for event in events:
        day = max(timezone.localtime(event.starts_at).date(), grid_start)
        last = min(timezone.localtime(event.ends_at).date(), grid_end)
        while day <= last:
            by_day[day].append(event)
            day += dt.timedelta(days=1)
    month_events = sum(1 for day, items in by_day.items() if day.month == first.month for _ in items)
    grid = [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "today": day == today,
                "events": by_day[day][:PER_DAY],
                "more": max(0, len(by_day[day]) - PER_DAY),
            }
            for day in week
        ]
        for week in weeks
    ]
    query = request.GET.copy()
    query.pop("month", None)
    return render(
        request,
        "events/calendar/month.html",
        {
            "form": form,
            "filtered": bool(filters),
            "first": first,
            "previous": _shift(first, -1),
            "next": _shift(first, 1),
            "this_month": today.replace(day=1),
            "grid": grid,
            "weekdays": [weeks[0][i] for i in range(7)],
            "has_events": month_events > 0,
            "filter_query": query.urlencode(),
            "can_manage": can_manage_events(user),
            "can_propose": can_propose_event(user),
        },
    )


@login_required
def feed_settings(request):
    """The user's feed URL and the button that issues a new one."""
    feed = services.feed_for(request.user)
    url = absolute_url(reverse("events:feed", args=[feed.token]))
    return render(
        request,
        "events/calendar/feed.html",
        {
            "feed": feed,
            "feed_url": url,
            "webcal_url": url.replace("https://", "webcal://").replace("http://", "webcal://"),
        },
    )


@login_required
@require_POST
def feed_reissue(request):
    services.feed_reissue(user=request.user)
    messages.success(request, _("A new link is issued; the old one no longer works. Update it in your calendar."))
    return redirect("events:feed_settings")


def _location(event):
    if event.place == EventPlace.COLLEGE:
        return event.address or _("At the college")
    if event.place == EventPlace.PARTNER and event.site_partner:
        return ", ".join(part for part in (event.site_partner.display_name, event.address) if part)
    return event.address


def feed(request, token):
    """The iCal feed: no login, the token is the credential."""
    user, events = selectors.feed_events(token)
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    cal = Calendar()
    cal.add("prodid", "-//Partnership portal//events//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Partnership events"))
    host = request.get_host().split(":")[0]
    stamp = timezone.now()
    for event in events.filter(ends_at__gte=since):
        item = VEvent()
        item.add("uid", f"event-{event.pk}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("summary", event.title)
        item.add("categories", [event.get_type_display()])
        location = _location(event)
        if location:
            item.add("location", location)
        link = absolute_url(reverse("events:event_detail", args=[event.pk]))
        item.add("url", link)
        item.add(
            "description", "\n\n".join(part for part in (event.get_type_display(), event.description, link) if part)
        )
        item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
        item.add("last-modified", event.updated_at)
        cal.add_component(item)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns = [
    path("calendar/", month, name="calendar"),
    path("calendar/feed/", feed_settings, name="feed_settings"),
    path("calendar/feed/new/", feed_reissue, name="feed_reissue"),
    path("calendar/feed/<str:token>.ics", feed, name="feed"),
]
