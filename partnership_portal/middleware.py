"""Language choice, the privacy headers, and a clean 503 page when the database is lost (below).

Language choice: the user's cookie, else Russian. The browser's Accept-Language is ignored
on purpose, so that the portal is Russian first for everyone until they switch."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import FileResponse, HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)


class CookieLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.codes:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response


class PrivacyHeadersMiddleware:
    """Permissions-Policy on every response, and ``Cache-Control: private, no-store`` on what a
    signed-in user sees and on every download (PDFs, exports, feeds may hold personal data), so
    that neither a shared proxy nor the browser's disk keeps a copy. Static files never get here
    (WhiteNoise answers them first) and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        download = isinstance(response, FileResponse) or "Content-Disposition" in response.headers
        if download or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response


class DatabaseUnavailableMiddleware:
    """A request whose database connection broke (the server restarted, a connection was killed,
    the network dropped) gets a clean «try again» page with status 503 instead of a traceback.

    Whatever the view had written in its transaction is gone: PostgreSQL aborts a transaction
    whose connection dies, and ``transaction.atomic`` has rolled back. The broken connection is
    closed here, outside any transaction, so that the rest of this response (the session, say)
    and the next request open a fresh one; the same form sent again then succeeds."""

    RETRY_AFTER_SECONDS = 10

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("Database unavailable during %s %s: %s", request.method, request.path, exception)
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
        # Rendered without the request: its context processors would read the session and the
        # user from the database that just failed.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
