"""Query building blocks shared by the apps' selectors."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Count, F, Func, IntegerField, Subquery, Value


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


class Tally:
    """The rows of one queryset counted under several conditions in one pass over them, for
    ``counts``: ``Tally(theses, overdue=Q(...), submitted=Q(...))`` gives ``{"overdue": n, ...}``.

    Five counts of the theses by the state of their review, each its own subquery, read the
    theses and join their reviews five times; a tally reads them once (``COUNT(*) FILTER``).
    """

    def __init__(self, queryset, **conditions):
        self.queryset = queryset
        self.conditions = conditions

    def sql_with_params(self):
        """The query of one row with a column per condition (``_n0``, ``_n1``…); an aggregate
        without grouping, so one row even when the queryset has none."""
        aliases = {f"_n{index}": condition for index, condition in enumerate(self.conditions.values())}
        query = (
            self.queryset.order_by()
            .annotate(_tally=Value(1))
            .values("_tally")  # a constant to group by: the aggregate of every row
            .annotate(**{alias: Count("pk", filter=condition) for alias, condition in aliases.items()})
            .values(*aliases)
        )
        return (*query.query.sql_with_params(), list(aliases))


def counts(**querysets):
    """The number of rows of each queryset, all in one query: ``{name: count}``; a ``Tally``
    gives its own ``{condition: count}`` under its name.

    A dashboard shows a dozen counts from as many tables; each as its own ``.count()`` is a
    round trip. Here each becomes a scalar subquery of one ``SELECT`` (PostgreSQL and SQLite).
    """
    parts, params, shapes = [], [], []  # shapes: (name, condition keys or None, how it was read)
    postgresql = connection.vendor == "postgresql"
    for name, queryset in querysets.items():
        keys = list(queryset.conditions) if isinstance(queryset, Tally) else None
        try:
            if keys is None:
                # A constant, not a column: the count can come from an index alone.
                sql, query_params = queryset.order_by().values(_one=Value(1)).query.sql_with_params()
            else:
                sql, query_params, aliases = queryset.sql_with_params()
        except EmptyResultSet:  # .none(), or a filter that can match nothing
            shapes.append((name, keys, "none"))
            continue
        if keys is None:
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) _count)")
            params.extend(query_params)
            shapes.append((name, None, "count"))
        elif postgresql:  # the tally's row as one array
            columns = ", ".join(f'_tally."{alias}"' for alias in aliases)
            parts.append(f"(SELECT ARRAY[{columns}] FROM ({sql}) _tally)")
            params.extend(query_params)
            shapes.append((name, keys, "array"))
        else:  # SQLite has no arrays: a subquery per column (make run's small data)
            for alias in aliases:
                parts.append(f'(SELECT _tally."{alias}" FROM ({sql}) _tally)')
                params.extend(query_params)
            shapes.append((name, keys, "columns"))
    row = []
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            row = list(cursor.fetchone())
    found = {}
    for name, keys, read in shapes:
        if read == "none":
            values = [0] * len(keys or [0])
        elif read == "count":
            values = [row.pop(0)]
        elif read == "array":
            values = row.pop(0) or [0] * len(keys)
        else:
            values = [row.pop(0) for _key in keys]
        values = [int(value or 0) for value in values]
        found[name] = values[0] if keys is None else dict(zip(keys, values, strict=True))
    return found


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


# A search's matches as literal ids up to this many (``ids_or_subquery``): 1,250 organisations
# matching «урал» at a region's scale, written into the list's count, ids and rows queries, cost
# less than the substring test on every organisation that a subquery repeats in each of them.
IDS_CAP = 5000


def ids_or_subquery(queryset, cap=IDS_CAP):
    """The primary keys ``queryset`` selects: a list if there are at most ``cap`` of them, else
    the subquery itself; for ``field__in=`` (one query, run now).

    A search that matches a few organisations or students does best with their ids written into
    the list's query: its rows are found through the index of the key, and the planner, seeing
    the ids, knows how many to expect. A subquery in an ``OR`` is tested on every row of the
    list's table (hashed once, the table scanned), which is what many ids need anyway.
    """
    ids = list(queryset.order_by().values_list("pk", flat=True)[: cap + 1])
    return ids if len(ids) <= cap else queryset.order_by().values("pk")
