"""Query building blocks shared by the apps' selectors."""

from django.db.models import IntegerField, Subquery


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
