"""Small helpers shared by the apps' views."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def paginate(request, queryset, per_page=None):
    """The requested page; a bad or too large page number gives the nearest valid page, never a 404."""
    return Paginator(queryset, per_page or settings.PAGINATE_BY).get_page(request.GET.get("page"))


def add_service_errors(form, error):
    """Shows a service's ``ValidationError`` on the form, on its fields where it names them."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def redirect_back(request, default):
    """Back to the page named by ``next`` (same site only), else to ``default``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)
