"""View decorators for role checks.

Anonymous users are sent to the login page. A logged-in user of the wrong role gets 404,
never a hint that the page exists (employers must not learn the shape of staff pages).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
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
