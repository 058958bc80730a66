"""The one entry point that turns a template and a context into PDF bytes (WeasyPrint).

Documents are always rendered in Russian with the embedded Liberation Serif font
(``static/fonts``, SIL OFL). PDF templates extend ``pdf/base.html`` and refer to their
resources by paths relative to the static root (``pdf/document.css``); the URL fetcher
serves those from the project's own static files and refuses everything else, so a
template or data that mentions ``file://`` or ``http://`` can never read a local file or
reach the network.
"""

import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# A host under the reserved .invalid TLD: nothing on any network answers to it.
STATIC_ORIGIN = "https://static.portal.invalid"
BASE_URL = f"{STATIC_ORIGIN}/"
DOCUMENT_LANGUAGE = "ru"


class RefusedURL(ValueError):
    pass


def _find_static(relative_path):
    """Absolute path of a project static file, or None. Refuses path traversal."""
    if not relative_path or relative_path.startswith("/") or ".." in relative_path.split("/"):
        return None
    try:
        found = finders.find(relative_path)
    except Exception:  # SuspiciousFileOperation and friends: refuse quietly
        return None
    if found:
        return found
    candidate = settings.STATIC_ROOT / relative_path
    return str(candidate) if candidate.is_file() else None


class StaticOnlyURLFetcher(URLFetcher):
    """Serves ``https://static.portal.invalid/<path>`` from static files; refuses all else."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.refused = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "https" and parts.netloc == urlsplit(STATIC_ORIGIN).netloc:
            path = _find_static(unquote(parts.path).lstrip("/"))
            if path:
                with open(path, "rb") as handle:
                    body = handle.read()
                content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
        self.refused.append(url)
        logger.warning("PDF rendering refused to fetch %s", url[:200])
        raise RefusedURL(f"Refused: {url[:200]}")


def render_pdf(template_name, context=None):
    """Renders ``template_name`` with ``context`` to PDF bytes, in Russian."""
    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(template_name, context or {})
        return render_html(html)


def render_html(html):
    fetcher = StaticOnlyURLFetcher()
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
