"""Pagination that refuses what the schema does not allow (found by API fuzzing: DRF
read `?page=` as the first page). A page number is a whole number from 1; anything
else is "no such page" (404, as DRF answers for a page past the end), never silently
the first page."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from poortwachter.absences.selectors import LateRowPaginator


class StrictPageNumberPagination(PageNumberPagination):
    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
            raise NotFound(_("Geen geldige pagina: geef een paginanummer vanaf 1."))
        return int(raw)


class LateRowPagination(StrictPageNumberPagination):
    """For long lists: the page's keys first, then its rows (``LateRowPaginator``)."""

    django_paginator_class = LateRowPaginator
