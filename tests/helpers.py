"""Small helpers shared by the tests."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext


def ru(message, **params):
    """``message`` (a source string or a lazy label such as ``SignatureKind.PAPER.label``) as the
    Russian catalogue has it (the English source while untranslated)."""
    with translation.override("ru"):
        text = str(message) if isinstance(message, Promise) else gettext(message)
    return text % params if params else text


def wrong_check_digit(inn):
    """The same ИНН with its last (check) digit changed: well-formed, but invalid."""
    return inn[:-1] + str((int(inn[-1]) + 1) % 10)


def queries_for(client, url, **params):
    """Number of queries one GET of ``url`` runs (after a warm-up request that settles the session)."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return len(captured)


def assert_constant_queries(client, url, add_rows, **params):
    """The page runs as many queries with few rows as after ``add_rows()`` adds many (no N+1)."""
    few = queries_for(client, url, **params)
    add_rows()
    many = queries_for(client, url, **params)
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"
    return few


def years_before(day, years):
    """``day`` ``years`` years earlier; 29 February becomes 28 February in a common year (a
    plain ``day.replace(year=...)`` raises ``ValueError`` there)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def wait_until(predicate, timeout=30.0, interval=0.05, message=None):
    """Polls ``predicate`` until it returns something true and returns that; fails the test with
    ``message`` if ``timeout`` seconds (of the monotonic clock, which no fake clock moves) pass
    first. A wait decides nothing by itself: the condition does."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(message or f"not true within {timeout} s: {getattr(predicate, '__name__', predicate)}")
        time.sleep(interval)


def card_section(client, partner, key, **headers):
    """One section of the staff partner card as the card's htmx placeholder asks for it."""
    from django.urls import reverse

    return client.get(reverse("partners:card_section", args=[partner.pk, key]), HTTP_HX_REQUEST="true", **headers)
