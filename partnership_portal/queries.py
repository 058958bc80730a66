"""Query building blocks shared by the apps' selectors."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, F, Func, IntegerField, Subquery, Value


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
            # A constant, not a column: the count can come from an index alone.
            sql, query_params = queryset.order_by().values(_one=Value(1)).query.sql_with_params()
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
    return queryset.filter(_PkAmong(F("pk"), Subquery(queryset.values("pk")[:limit])))


class _PkAmong(Func):
    """``pk IN (subquery)``; on PostgreSQL ``pk = ANY(ARRAY(subquery))``, an init plan run first
    (else the planner may join every row before it keeps the few the subquery names)."""

    output_field = BooleanField()
    conditional = True

    def _compiled(self, compiler):
        return [compiler.compile(expression) for expression in self.get_source_expressions()]

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


def ids_or_subquery(queryset, cap=1000):
    """The primary keys ``queryset`` selects: a list if there are at most ``cap`` of them, else
    the subquery itself; for ``field__in=`` (one query, run now).

    A search that matches a few organisations or students does best with their ids written into
    the list's query: its rows are found through the index of the key, and the planner, seeing
    the ids, knows how many to expect. A subquery in an ``OR`` is tested on every row of the
    list's table (hashed once, the table scanned), which is what many ids need anyway.
    """
    ids = list(queryset.order_by().values_list("pk", flat=True)[: cap + 1])
    return ids if len(ids) <= cap else queryset.order_by().values("pk")
