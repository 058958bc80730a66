"""Reads of joint events that depend on who asks.

Staff see every event; an employer sees the events of their organisation (it hosts the event or
is among the partners involved), proposals included; anyone else sees none. An object outside
what the user may see is a 404.
"""

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from partners.models import Contact, Partner
from partners.services import normalize_search
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.queries import ids_or_subquery

from ..models import CalendarFeed, Event, EventFile, EventStatus, Participant

EventPartner = Event.partners.through

# What a calendar feed holds: proposals and declined proposals are not on anyone's calendar.
FEED_STATUSES = (EventStatus.PLANNED, EventStatus.HELD, EventStatus.CANCELLED)


def partner_events_q(partner_id):
    """Events hosted by the partner or involving it; a subquery, so no row is repeated."""
    involved = EventPartner.objects.filter(event_id=OuterRef("pk"), partner_id=partner_id)
    return Q(site_partner_id=partner_id) | Q(Exists(involved))


def events_visible_to(user):
    events = Event.objects.select_related("site_partner")
    if is_college_staff(user):
        return events
    if is_employer(user):
        return events.filter(partner_events_q(user.partner_id))
    return events.none()


def get_event_for(user, pk):
    return get_object_or_404(events_visible_to(user), pk=pk)


def event_list_for(user):
    """The list page's rows: the partners involved prefetched, participants counted by a
    per-row subquery (a GROUP BY over every event would also slow the page count down)."""
    counted = Participant.objects.filter(event_id=OuterRef("pk")).order_by().values("event_id").annotate(n=Count("pk"))
    return (
        events_visible_to(user)
        .annotate(participant_count=Coalesce(Subquery(counted.values("n")), 0))
        .order_by("-starts_at", "-pk")
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.only("pk", "name", "short_name").order_by("name"))
        )
    )


def event_files_visible_to(user):
    return EventFile.objects.filter(event__in=events_visible_to(user).values("pk")).select_related("event")


def get_event_file_for(user, pk):
    return get_object_or_404(event_files_visible_to(user), pk=pk)


def participants_visible_to(user):
    """Staff: every participant. An employer: the people of their own organisation only (students'
    names are personal data the employer has no need of here)."""
    participants = Participant.objects.select_related("event", "student__group", "user", "contact")
    if is_college_staff(user):
        return participants
    if is_employer(user):
        return participants.filter(contact__partner_id=user.partner_id, event__in=events_visible_to(user).values("pk"))
    return participants.none()


def get_participant_for(user, pk):
    return get_object_or_404(participants_visible_to(user), pk=pk)


def registrable_contacts(user):
    """The partner contacts this user may register: an employer, their own organisation's people
    who still work there; staff, anyone's."""
    contacts = Contact.objects.filter(is_active=True).select_related("partner")
    if is_college_staff(user):
        return contacts
    if is_employer(user):
        return contacts.filter(partner_id=user.partner_id)
    return contacts.none()


def event_partners(event):
    """The partners of an event: its site and those involved, for the detail page and the feed."""
    return Partner.objects.filter(Q(pk=event.site_partner_id) | Q(events=event)).distinct().order_by("name")


def feed_events(token):
    """The user of a live feed token and the events their calendar holds; 404 for a wrong or
    revoked token or an inactive account."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    return feed.user, events_visible_to(feed.user).filter(status__in=FEED_STATUSES).order_by("starts_at")


def partners_with_events():
    """The partners a staff filter offers: only those with an event (a select of 10,000 is no use)."""
    # The site partner is always among those involved (``event_create``), so one subquery does.
    return Partner.objects.filter(Exists(EventPartner.objects.filter(partner_id=OuterRef("pk")))).order_by("name")


def events_filtered(events, *, q=None, type=None, partner=None, status=None, when=None, now=None):
    """The list and calendar filters (see ``EventFilterForm``)."""
    for word in (q or "").split():
        # The site partners by name, narrowed first through the register's trigram-indexed search
        # text (a join to every event's partner would test every row), then the events' own text.
        site_partners = Partner.objects.filter(search_text__contains=normalize_search(word)).filter(
            Q(name__icontains=word) | Q(short_name__icontains=word)
        )
        events = events.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(address__icontains=word)
            | Q(site_partner__in=ids_or_subquery(site_partners))
        )
    if type:
        events = events.filter(type=type)
    if partner is not None:
        events = events.filter(partner_events_q(partner.pk))
    if status:
        events = events.filter(status=status)
    if when == "upcoming":
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif when == "past":
        events = events.filter(ends_at__lt=now)
    return events


# --- The partner card and partnership health ----------------------------------------------------

CARD_LATEST = 10


def partner_events_section(user, partner):
    """The events of a partner on the staff card: the latest ten and how many were held."""
    events = events_visible_to(user).filter(partner_events_q(partner.pk))
    counts = events.aggregate(
        total=Count("pk", filter=~Q(status=EventStatus.DECLINED)),
        held=Count("pk", filter=Q(status=EventStatus.HELD)),
        upcoming=Count("pk", filter=Q(status=EventStatus.PLANNED)),
    )
    return {
        "template": "events/events/_partner_card_section.html",
        "events": list(events.exclude(status=EventStatus.DECLINED).order_by("-starts_at")[:CARD_LATEST]),
        "counts": counts,
    }


def events_activity_source(partner_ids=None):
    """An event held counts as activity with each partner involved, from its start date."""
    rows = EventPartner.objects.filter(event__status=EventStatus.HELD, event__starts_at__lte=timezone.now())
    if partner_ids is not None:
        rows = rows.filter(partner_id__in=partner_ids)
    return dict(
        rows.values_list("partner_id")
        .annotate(latest=Max(TruncDate("event__starts_at")))
        .values_list("partner_id", "latest")
    )
