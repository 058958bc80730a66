"""Language choice, and the privacy headers (below).

Language choice: the user's cookie, else Russian. The browser's Accept-Language is ignored
on purpose, so that the portal is Russian first for everyone until they switch."""

from django.conf import settings
from django.http import FileResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


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
