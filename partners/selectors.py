"""Reads of the partner register that depend on who asks.

Staff see everything; an employer sees their own organisation, its contacts, invitations and
change requests; anyone else sees nothing. ``get_<model>_for`` raises 404 for what the user
may not see, never a hint that it exists.
"""

from django.db.models import F, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership_portal.accounts.models import Role, User
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.history import history_entries
from partnership_portal.queries import SubqueryCount

from .models import (
    SORT_NAME,
    ChangeRequest,
    ChangeRequestStatus,
    Contact,
    Interaction,
    Invitation,
    Partner,
    PartnerStatus,
    Specialty,
    invitation_state_q,
    quiet_partners_q,
)
from .services import normalize_search


def _for_organisation(queryset, user, partner_field):
    if is_college_staff(user):
        return queryset
    if is_employer(user):
        return queryset.filter(**{partner_field: user.partner_id})
    return queryset.none()


# --- Partners -------------------------------------------------------------------------------


def partners_visible_to(user):
    return _for_organisation(Partner.objects.all(), user, "pk")


def get_partner_for(user, pk):
    return get_object_or_404(partners_visible_to(user), pk=pk)


def partner_search(queryset, query):
    """Case-insensitive search (Russian included, ё = е) by name, ИНН and contacts' names and e-mails."""
    query = normalize_search(query).strip()
    if not query:
        return queryset
    condition = Q()
    for word in query.split():
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition)


SORTS = {
    "name": ("sort_name",),
    "-name": ("-sort_name",),
    "inn": ("inn",),
    "activity": ("last_activity_on", "name"),
    "-activity": ("-last_activity_on", "name"),
    "-created": ("-created_at",),
}


# What the list's table shows: the large text fields (description, notes, bank details, the
# search text) stay in the database.
LIST_FIELDS = ("name", "short_name", "type", "status", "inn", "last_activity_on", "created_at")


def partner_list(user, *, query="", types=(), statuses=(), specialty=None, quiet=None, sort="name"):
    """The filtered, sorted partner list with what its table shows (a constant number of queries)."""
    partners = partner_search(partners_visible_to(user), query)
    if types:
        partners = partners.filter(type__in=types)
    if statuses:
        partners = partners.filter(status__in=statuses)
    if specialty:
        partners = partners.filter(specialties=specialty)
    if quiet is True:
        partners = partners.filter(quiet_partners_q()).exclude(status=PartnerStatus.ENDED)
    elif quiet is False:
        partners = partners.exclude(quiet_partners_q())
    ordering = SORTS.get(sort, SORTS["name"])
    if ordering[0].lstrip("-") == "last_activity_on":
        field = F("last_activity_on")
        ordering = (
            field.desc(nulls_last=True) if ordering[0].startswith("-") else field.asc(nulls_first=True),
            "sort_name",
        )
    return (
        partners.annotate(
            sort_name=SORT_NAME,
            # Per row, not a GROUP BY over the whole register (the page count would repeat it).
            contact_count=SubqueryCount(Contact.objects.filter(partner=OuterRef("pk"), is_active=True)),
        )
        .prefetch_related(Prefetch("specialties", queryset=Specialty.objects.only("code", "name")))
        .order_by(*ordering, "pk")
    )


def partner_choices(user, query, *, scope=None):
    """Partners matching ``query`` (none for an empty query) in the lists' order: what the
    partner autocomplete offers. ``scope="current"``: not those whose partnership ended;
    ``scope="active"``: active partners only."""
    if not query:
        return Partner.objects.none()
    partners = partner_search(partners_visible_to(user), query).only("name", "short_name")
    if scope == "current":
        partners = partners.exclude(status=PartnerStatus.ENDED)
    elif scope == "active":
        partners = partners.filter(status=PartnerStatus.ACTIVE)
    return partners.annotate(sort_name=SORT_NAME).order_by("sort_name", "pk")


def partner_card(user, pk):
    """The staff card of one partner: the partner with its contacts and their accounts."""
    partners = partners_visible_to(user).prefetch_related(
        Prefetch("specialties"),
        Prefetch("contacts", queryset=Contact.objects.select_related("user").order_by("-is_active", "last_name")),
    )
    return get_object_or_404(partners, pk=pk)


def partners_needing_attention(user):
    """Dormant partners and active ones gone quiet, the longest-quiet first."""
    if not is_college_staff(user):
        return Partner.objects.none()
    # The first condition repeats what the second implies: with it, the planner reads both statuses
    # from partners_attention_idx alone (an index-only scan), instead of the whole table.
    return Partner.objects.filter(
        Q(status__in=[PartnerStatus.DORMANT, PartnerStatus.ACTIVE]),
        Q(status=PartnerStatus.DORMANT) | (Q(status=PartnerStatus.ACTIVE) & quiet_partners_q()),
    ).order_by(F("last_activity_on").asc(nulls_first=True), "name")


def partner_history(partner, limit=50):
    """The latest changes to the partner and its contacts, newest first, as dicts with the
    record, what it is about, and its field changes against the previous version."""
    partner_records = list(partner.history.select_related("history_user").order_by("-history_date")[: limit + 1])
    contact_records = list(
        Contact.history.filter(partner_id=partner.pk)
        .select_related("history_user")
        .order_by("-history_date")[: limit + 1]
    )
    entries = history_entries(partner_records, subject=lambda record: _("Partner"))
    by_contact = {}
    for record in contact_records:
        by_contact.setdefault(record.id, []).append(record)
    for records in by_contact.values():
        entries += history_entries(
            records, subject=lambda record: _("Contact %(name)s") % {"name": record.instance.full_name}
        )
    entries.sort(key=lambda entry: entry["record"].history_date, reverse=True)
    return entries[:limit]


# --- Contacts, invitations, accounts --------------------------------------------------------


def contacts_visible_to(user):
    return _for_organisation(Contact.objects.select_related("partner", "user"), user, "partner_id")


def get_contact_for(user, pk):
    return get_object_or_404(contacts_visible_to(user), pk=pk)


def invitations_visible_to(user):
    return _for_organisation(
        Invitation.objects.select_related("contact__partner", "invited_by"), user, "contact__partner_id"
    )


def get_invitation_for(user, pk):
    return get_object_or_404(invitations_visible_to(user), pk=pk)


def invitation_list(user, *, state=None, query=""):
    invitations = invitations_visible_to(user)
    if state:
        invitations = invitations.filter(invitation_state_q(state, timezone.now()))
    query = query.strip()
    if query:
        invitations = invitations.filter(
            Q(email__icontains=query) | Q(contact__partner__search_text__contains=normalize_search(query))
        )
    return invitations.order_by("-created_at")


def employer_accounts_visible_to(user):
    return _for_organisation(User.objects.filter(role=Role.EMPLOYER).select_related("partner"), user, "partner_id")


def get_employer_account_for(user, pk):
    return get_object_or_404(employer_accounts_visible_to(user), pk=pk)


# --- Change requests ------------------------------------------------------------------------


def change_requests_visible_to(user):
    return _for_organisation(
        ChangeRequest.objects.select_related("partner", "requested_by", "decided_by"), user, "partner_id"
    )


def get_change_request_for(user, pk):
    return get_object_or_404(change_requests_visible_to(user), pk=pk)


def pending_change_requests(user):
    if not is_college_staff(user):
        return ChangeRequest.objects.none()
    return ChangeRequest.objects.filter(status=ChangeRequestStatus.PENDING)


# --- Interactions ---------------------------------------------------------------------------


def interactions_visible_to(user):
    """The college's own log: staff only."""
    interactions = Interaction.objects.select_related("partner", "contact", "author", "follow_up_owner")
    return interactions if is_college_staff(user) else interactions.none()


def get_interaction_for(user, pk):
    return get_object_or_404(interactions_visible_to(user), pk=pk)


def follow_ups_due(user, *, include_later=False):
    """Open follow-ups the user owns, the most overdue first."""
    follow_ups = interactions_visible_to(user).filter(
        follow_up_owner=user, follow_up_done_at__isnull=True, follow_up_due__isnull=False
    )
    if not include_later:
        follow_ups = follow_ups.filter(follow_up_due__lte=timezone.localdate() + timezone.timedelta(days=7))
    return follow_ups.order_by("follow_up_due", "pk")


def staff_users():
    """College staff who can own a follow-up."""
    return User.objects.filter(role__in=[Role.STAFF, Role.ADMIN], is_active=True).order_by("last_name", "first_name")
