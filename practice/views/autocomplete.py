"""Autocomplete endpoints of the practice app (``partnership_portal.widgets``): at most 20
matches as JSON, for staff only (anyone else: 404, like every staff page)."""

from django.views.decorators.http import require_GET

from partnership_portal.accounts.decorators import staff_required
from partnership_portal.widgets import autocomplete_query, autocomplete_response

from .. import selectors


@staff_required
@require_GET
def group_autocomplete(request):
    """Study groups whose name contains every typed word."""
    groups = selectors.group_choices(request.user, autocomplete_query(request))
    return autocomplete_response(groups, label=str)
