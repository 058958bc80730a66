"""Bare views: the same list query as a portal page, for the same user, rendered as a plain table.

The queryset is taken from the page's own view (`capture`): the portal view is called once as
the same user with the same query string, and stopped where it hands its queryset to Django's
Paginator. The bare view then does only what any list must do: paginate that queryset and print
the page's columns. The difference between the portal page and its bare view is what the portal
adds on top of the query (forms, dropdowns, templates, extra queries).
"""

import logging
from unittest import mock

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.urls import path
from django.utils.html import escape

from .pages import LISTS

PAGES = {page.key: page for page in LISTS}
_CAPTURED = {}  # (key, query string without page) -> queryset


class _Captured(Exception):
    def __init__(self, object_list):
        super().__init__("captured")
        self.object_list = object_list


def _stop_at_paginator(self, object_list, *args, **kwargs):
    raise _Captured(object_list)


def capture(client, key, query=""):
    """The queryset the portal page `key` paginates for the client's user and `query`; kept for
    the bare view. Raises LookupError when the page never reaches a Paginator."""
    page = PAGES[key]
    url = page.url + (f"?{query}" if query else "")
    request_log = logging.getLogger("django.request")  # the stop is not a server error worth a traceback
    disabled, request_log.disabled = request_log.disabled, True
    try:
        with mock.patch.object(Paginator, "__init__", _stop_at_paginator):
            response = client.get(url)
    except _Captured as captured:
        _CAPTURED[key, QueryDict(query).urlencode()] = captured.object_list
        return captured.object_list
    finally:
        request_log.disabled = disabled
    raise LookupError(f"{url} answered {response.status_code} without paginating a queryset")


def bare_url(key, query=""):
    return f"/__bare__/{key}/" + (f"?{query}" if query else "")


def _cell(row, column):
    value = row
    for name in column.split("."):
        if value is None:
            return ""
        value = getattr(value, name, None)
        if callable(value) and not hasattr(value, "all"):
            value = value()
    if hasattr(value, "all"):  # a related manager: its rows (prefetched by the page's query, or not)
        return ", ".join(str(item) for item in value.all())
    return "" if value is None else str(value)


def bare_list(request, key):
    page = PAGES.get(key)
    if page is None:
        raise Http404
    query = request.GET.copy()
    number = query.pop("page", [None])[-1]
    queryset = _CAPTURED.get((key, query.urlencode()))
    if queryset is None:
        raise Http404("capture() the page first")
    if hasattr(queryset, "all"):
        queryset = queryset.all()  # a fresh evaluation on every request, as the portal page does
    page_obj = Paginator(queryset, settings.PAGINATE_BY).get_page(number)
    head = "".join(f"<th>{escape(column)}</th>" for column in page.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(_cell(row, column))}</td>" for column in page.columns) + "</tr>"
        for row in page_obj
    )
    response = HttpResponse(
        f"<!doctype html><title>{escape(page.title)}</title><table><tr>{head}</tr>{rows}</table>"
        f"<p>{page_obj.number} / {page_obj.paginator.num_pages}</p>"
    )
    response["X-Bench-Rows"] = ",".join(str(getattr(row, "pk", "")) for row in page_obj)
    return response


urlpatterns = [path("__bare__/<str:key>/", bare_list, name="bench_bare")]
