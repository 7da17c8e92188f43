"""Pages of a list, the same for the HTML pages and the API.

A selector that lists personal data takes a ``PageRequest`` and returns a Django ``Page``,
so it can record exactly the rows it showed. The HTML pages ask leniently (an unknown
page number shows the nearest page); the API asks strictly (anything but a whole number
from 1 up to the last page is "no such page", as the schema says).
"""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet

from poortwachter.core.errors import NotFound

MAX_PAGE_DIGITS = 9


@dataclass(frozen=True)
class PageRequest:
    number: str | int | None = None
    size: int = 50
    #: The API's way: a bad or missing-in-range number is "not found", not page 1.
    strict: bool = False
    #: ``LateRowPaginator`` for long lists of whole rows.
    late_rows: bool = False


def page_of(queryset: QuerySet, request: PageRequest) -> Page:
    """One page of an ordered ``queryset`` as ``request`` asks."""
    paginator_class = LateRowPaginator if request.late_rows else Paginator
    paginator = paginator_class(queryset, request.size)
    if not request.strict:
        return paginator.get_page(request.number)
    raw = "1" if request.number is None else str(request.number)
    if not raw.isdigit() or int(raw) < 1 or len(raw) > MAX_PAGE_DIGITS:
        raise NotFound
    try:
        return paginator.page(int(raw))
    except (EmptyPage, PageNotAnInteger):
        raise NotFound from None


class LateRowPaginator(Paginator):
    """Pages of a long, ordered list in two steps: first the page's primary keys in the
    list's order, then those rows by key. The database finds and sorts narrow index
    entries instead of whole rows (SQLite sorts every row of a scope before it can take a
    page of it); the rows themselves are fetched for one page only. One query more per
    page, whatever its size."""

    def __init__(self, queryset: QuerySet, per_page: int, **kwargs) -> None:
        super().__init__(queryset, per_page, **kwargs)
        self.queryset = queryset  # ordered

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.queryset.values_list("pk", flat=True)[bottom:top])
        by_key = {row.pk: row for row in self._rows(keys)} if keys else {}
        return Page([by_key[key] for key in keys if key in by_key], number, self)

    def _rows(self, keys: list) -> QuerySet:
        """The page's rows by primary key, with the list's joins, fields and prefetches.
        The list's conditions are not applied again: the keys came from them, and SQLite
        would combine them with the key lookup into a plan that scans the scope."""
        listed = self.queryset
        if listed.query.annotations:
            raise ValueError("LateRowPaginator pages querysets without annotations")
        rows = listed.model._default_manager.filter(pk__in=keys)
        rows.query.select_related = listed.query.select_related
        rows.query.deferred_loading = listed.query.deferred_loading
        return rows.prefetch_related(*getattr(listed, "_prefetch_related_lookups", ()))
