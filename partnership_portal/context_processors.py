from django.conf import settings
from django.utils import timezone

from contracts import permissions as contract_permissions

from .accounts import permissions


def portal(request):
    """Role flags for navigation, so templates never re-implement the rules."""
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "today": timezone.localdate(),
        "is_college_staff": permissions.is_college_staff(user),
        "is_employer": permissions.is_employer(user),
        "can_use_admin_site": permissions.can_use_admin_site(user),
        "can_manage_contracts": contract_permissions.can_manage_contracts(user),
    }
