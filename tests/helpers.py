"""Small helpers shared by the tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext


def ru(message, **params):
    """``message`` as the Russian catalogue has it (the English source while untranslated)."""
    with translation.override("ru"):
        text = gettext(message)
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
