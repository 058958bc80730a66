"""Pagination whose pages cost the same at the start and at the end of a long list.

``Paginator`` pages with ``OFFSET``: the database builds and skips every row before the page,
with all the joined columns the page shows. ``LeanPaginator`` finds the page's ids first, with a
query that carries only the ordering columns (from the end of the list, in the reversed order,
for a page in its second half), then fetches those rows in full.

A search tests its condition on every row of the list: the count and the page's ids would each
test it once more. A searched list (``searched=True``) takes all the ids it finds, in the list's
order, with one query, when they are at most ``SEARCH_IDS`` (the count is their number and a page
is a slice of them); beyond that it counts and pages as any list does.
"""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

SEARCH_IDS = 2000


class LeanPaginator(Paginator):
    def __init__(self, object_list, per_page, *, searched=False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.searched = searched
        self._found_ids = None  # a searched list's ids, all of them, in order

    @cached_property
    def count(self):
        if self.searched:
            ids = list(self.object_list.values_list("pk", flat=True)[: SEARCH_IDS + 1])
            if len(ids) <= SEARCH_IDS:
                self._found_ids = ids
                return len(ids)
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = self._ids(bottom, top)
        rows = {}
        if ids:
            rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return Page([rows[pk] for pk in ids if pk in rows], number, self)

    def _ids(self, bottom, top):
        """The ids of rows ``bottom`` to ``top`` in the list's order. A page in the second half is
        counted from the end, in the reversed order, so the last page skips as few rows as the
        first, when the order ends with the primary key (the reversed order is then its exact mirror)."""
        if self._found_ids is not None:
            return self._found_ids[bottom:top]
        ids = self.object_list.values_list("pk", flat=True)
        if bottom * 2 <= self.count or not self._ends_with_pk():
            return list(ids[bottom:top])
        return list(ids.reverse()[self.count - top : self.count - bottom])[::-1]

    def _ends_with_pk(self):
        """The order ends with the primary key: a total order, whose reverse is its mirror."""
        order = self.object_list.query.order_by
        if not order or not isinstance(order[-1], str):
            return False
        pk = self.object_list.model._meta.pk
        return order[-1].lstrip("-") in ("pk", pk.name, pk.attname)


def paginate_lean(request, queryset, per_page=None, *, searched=False):
    """Like ``partnership_portal.web.paginate`` (a bad page number gives the nearest page);
    ``searched``: the list is narrowed by a search (see the module's docstring)."""
    paginator = LeanPaginator(queryset, per_page or settings.PAGINATE_BY, searched=searched)
    return paginator.get_page(request.GET.get("page"))
