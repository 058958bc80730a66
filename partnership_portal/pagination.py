"""Pagination whose pages cost the same at the start and at the end of a long list.

``Paginator`` pages with ``OFFSET``: the database builds and skips every row before the page,
with all the joined columns the page shows. ``LeanPaginator`` finds the page's ids first, with a
query that carries only the ordering columns, then fetches those rows in full.
"""

from django.conf import settings
from django.core.paginator import Page, Paginator


class LeanPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {}
        if ids:
            rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return Page([rows[pk] for pk in ids if pk in rows], number, self)


def paginate_lean(request, queryset, per_page=None):
    """Like ``partnership_portal.web.paginate`` (a bad page number gives the nearest page)."""
    return LeanPaginator(queryset, per_page or settings.PAGINATE_BY).get_page(request.GET.get("page"))
