"""Suggestions of register employers for the free-text employer field of employment records
(``static/js/autocomplete.js`` fills the field's <datalist>): staff only, at most 20."""

from django.views.decorators.http import require_GET

from partners.selectors import partner_choices
from partnership_portal.accounts.decorators import staff_required
from partnership_portal.widgets import autocomplete_query, autocomplete_response

from ..forms.employment import partner_label


@staff_required
@require_GET
def employer_suggest(request):
    partners = partner_choices(request.user, autocomplete_query(request), scope="current").only(
        "name", "short_name", "inn"
    )
    return autocomplete_response(partners, label=lambda partner: partner_label(partner.display_name, partner.inn))
