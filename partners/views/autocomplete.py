"""The partner autocomplete (``partnership_portal.widgets``): at most 20 partners as JSON.
Staff search the whole register; an employer finds only their own organisation; anyone else
gets 404 (anonymous: the login page)."""

from django.http import Http404
from django.views.decorators.http import require_GET

from partnership_portal.accounts.decorators import login_required
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.widgets import autocomplete_query, autocomplete_response

from .. import selectors


@login_required
@require_GET
def partner_autocomplete(request, scope=None):
    if not (is_college_staff(request.user) or is_employer(request.user)):
        raise Http404
    partners = selectors.partner_choices(request.user, autocomplete_query(request), scope=scope)
    return autocomplete_response(partners, label=lambda partner: partner.display_name)
