"""Query building blocks shared by the apps' selectors."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, F, Func, IntegerField, Subquery


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


def first_rows(queryset, limit):
    """The first ``limit`` rows of ``queryset``, chosen by a lean subquery of their ids (the
    filters' joins only): the joined columns of ``select_related`` are read for those rows alone,
    not for every row the sort has to look at."""
    ids = queryset.order_by(*queryset.query.order_by).values("pk")[:limit]
    return queryset.filter(_PkAmong(F("pk"), Subquery(ids)))


class _PkAmong(Func):
    """``pk IN (subquery)``; on PostgreSQL ``pk = ANY(ARRAY(subquery))``, an init plan run first
    (else the planner may join every row before it keeps the few the subquery names)."""

    output_field = BooleanField()
    conditional = True

    def _compiled(self, compiler):
        pk, subquery = (compiler.compile(expression) for expression in self.get_source_expressions())
        return pk, subquery

    def as_sql(self, compiler, connection, **extra_context):
        (pk_sql, pk_params), (sql, params) = self._compiled(compiler)
        return f"{pk_sql} IN {sql}", (*pk_params, *params)

    def as_postgresql(self, compiler, connection, **extra_context):
        (pk_sql, pk_params), (sql, params) = self._compiled(compiler)
        return f"{pk_sql} = ANY(ARRAY{sql})", (*pk_params, *params)


def first_with_total(queryset, limit):
    """The first ``limit`` rows of ``queryset`` and how many there are in all, in one query: the
    rows by ``first_rows``, the total by an uncorrelated count subquery computed once."""
    rows = list(first_rows(queryset, limit).annotate(_total=SubqueryCount(queryset)))
    return rows, (rows[0]._total if rows else 0)


class AmongIds(Func):
    """``field`` is one of the values ``queryset`` selects: ``field IN (subquery)``, and on
    PostgreSQL ``field = ANY(ARRAY(subquery))``.

    PostgreSQL plans ``IN (subquery)`` with the outer query: in an ``OR`` of several it becomes a
    hashed subplan tested on every row of the outer table (a sequential scan of it), and the
    subquery's own plan is chosen for that. ``ARRAY(subquery)`` is an init plan, planned on its
    own (a substring search through its trigram index) and run once; ``field = ANY(...)`` then
    reads the outer table's index of ``field``, and an ``OR`` of them is one ``BitmapOr``.
    Worth it when the subquery selects few rows: an array of most of a table is probed key by key.
    """

    output_field = BooleanField()

    def __init__(self, field, queryset):
        if not queryset.query.values_select:
            queryset = queryset.values("pk")
        super().__init__(F(field), Subquery(queryset.order_by()))

    def as_sql(self, compiler, connection, **extra_context):
        field, subquery = self.get_source_expressions()
        field_sql, field_params = compiler.compile(field)
        subquery_sql, subquery_params = compiler.compile(subquery)  # "(SELECT ...)"
        return f"{field_sql} IN {subquery_sql}", (*field_params, *subquery_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        field, subquery = self.get_source_expressions()
        field_sql, field_params = compiler.compile(field)
        subquery_sql, subquery_params = compiler.compile(subquery)
        return f"{field_sql} = ANY(ARRAY{subquery_sql})", (*field_params, *subquery_params)
