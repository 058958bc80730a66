"""The partner and contact autocompletes (``partnership_portal.widgets``): at most 20 matches
as JSON. Staff search the whole register; an employer finds only their own organisation and its
people; anyone else gets 404 (anonymous: the login page)."""

from django.db.models import Q
from django.http import Http404
from django.views.decorators.http import require_GET

from partnership_portal.accounts.decorators import login_required
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.widgets import autocomplete_query, autocomplete_response

from .. import selectors
from ..models import Contact


@login_required
@require_GET
def partner_autocomplete(request, scope=None):
    if not (is_college_staff(request.user) or is_employer(request.user)):
        raise Http404
    partners = selectors.partner_choices(request.user, autocomplete_query(request), scope=scope)
    return autocomplete_response(partners, label=lambda partner: partner.display_name)


def contact_label(contact):
    """«Фамилия Имя Отчество, должность — Организация»: the contact choosers' label."""
    label = contact.full_name + (f", {contact.position}" if contact.position else "")
    return f"{label} — {contact.partner.display_name}"


@login_required
@require_GET
def contact_autocomplete(request, scope=None):
    """Active contact persons whose name or position contains every typed word, of the partner
    given as ``?partner=`` if any. Staff search every organisation's people; an employer only
    their own organisation's; anyone else gets 404. ``scope="signatories"``: those who sign."""
    if not (is_college_staff(request.user) or is_employer(request.user)):
        raise Http404
    query = autocomplete_query(request)
    if not query:
        return autocomplete_response(Contact.objects.none(), label=contact_label)
    contacts = selectors.contacts_visible_to(request.user).filter(is_active=True)
    partner = request.GET.get("partner", "")
    if partner.isdigit() and len(partner) < 12:
        contacts = contacts.filter(partner_id=int(partner))
    if scope == "signatories":
        contacts = contacts.filter(is_signatory=True)
    for word in query.split():
        contacts = contacts.filter(
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(middle_name__icontains=word)
            | Q(position__icontains=word)
        )
    contacts = (
        contacts.select_related(None)
        .select_related("partner")
        .only("last_name", "first_name", "middle_name", "position", "partner__name", "partner__short_name")
    )
    return autocomplete_response(contacts.order_by("last_name", "first_name", "pk"), label=contact_label)
