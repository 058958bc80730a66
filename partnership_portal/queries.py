"""Query building blocks shared by the apps' selectors."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, IntegerField, Subquery, Window


class SubqueryCount(Subquery):
    """The number of rows of ``queryset`` (filtered by an ``OuterRef``) as a per-row subquery.

    A list that shows a count per row and pages through thousands of rows should not group
    every row of the joined tables (``annotate(Count(...))`` does, and its page count repeats
    the grouping): this counts only the rows of the page, through the foreign key's index.
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()

    def __init__(self, queryset, **extra):
        super().__init__(queryset.order_by().values("pk"), **extra)


def counts(**querysets):
    """The number of rows of each queryset, all in one query: ``{name: count}``.

    A dashboard shows a dozen counts from as many tables; each as its own ``.count()`` is a
    round trip. Here each becomes a scalar subquery of one ``SELECT`` (PostgreSQL and SQLite).
    """
    parts, params, names = [], [], list(querysets)
    for name in names:
        queryset = querysets[name]
        try:
            sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # .none(), or a filter that can match nothing
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) _count)")
        params.extend(query_params)
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(value) for name, value in zip(names, row, strict=True)}


def first_with_total(queryset, limit):
    """The first ``limit`` rows of ``queryset`` and how many there are in all, in one query (a
    window count is computed over every matching row before the limit)."""
    rows = list(queryset.annotate(_total=Window(Count("pk")))[:limit])
    return rows, (rows[0]._total if rows else 0)
