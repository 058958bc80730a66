"""View decorators for role checks.

Anonymous users are sent to the login page. A logged-in user of the wrong role gets 404,
never a hint that the page exists (employers must not learn the shape of staff pages).

A role decorator goes above ``require_POST`` (and any other method check), so that the role is
checked first: a GET or POST outside the role gets 404 (anonymous: the login page), and only
the role's own users learn that the URL wants a POST (405).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import permissions


def _role_required(rule):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not permissions.is_authenticated(request.user):
                return redirect_to_login(request.get_full_path())
            if not rule(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = _role_required(permissions.is_college_staff)
employer_required = _role_required(permissions.is_employer)
login_required = _role_required(permissions.is_authenticated)


def staff_with(rule):
    """College staff for whom ``rule(user)`` holds. Other staff get 403 (they may know the page
    exists, their role just does not allow it); everyone else gets 404."""

    def decorator(view):
        @wraps(view)
        @staff_required
        def wrapper(request, *args, **kwargs):
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
