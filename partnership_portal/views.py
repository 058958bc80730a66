"""Cross-app pages: the health endpoint and the error pages (the home page is ``monitoring``'s)."""

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from . import health


@never_cache
def healthz(request):
    ok, checks = health.run_checks()
    return JsonResponse({"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context (no database, no context processors): the error may come from either.
    return HttpResponseServerError(loader.get_template("500.html").render())
