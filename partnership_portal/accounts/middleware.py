"""Session lifetime: 30 minutes idle and 12 hours in all (settings SESSION_*_TIMEOUT)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

STARTED_KEY = "portal_session_started"
SEEN_KEY = "portal_session_seen"
# Writing the session on every request costs a query; a minute of slack is harmless.
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(STARTED_KEY)
            seen = session.get(SEEN_KEY)
            if started is None:
                session[STARTED_KEY] = session[SEEN_KEY] = now
            elif (
                now - seen > settings.SESSION_IDLE_TIMEOUT.total_seconds()
                or now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            ):
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect_to_login(request.get_full_path())
            elif now - seen >= SEEN_RESOLUTION:
                session[SEEN_KEY] = now
        return self.get_response(request)
