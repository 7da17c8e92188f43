"""Pagination that refuses what the schema does not allow (found by API fuzzing: DRF
read `?page=` as the first page). A page number is a whole number from 1; anything
else is "no such page" (404, as DRF answers for a page past the end), never silently
the first page."""

from django.core.paginator import Page
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from poortwachter.core.pages import LateRowPaginator, PageRequest


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


def page_request(request, *, size: int, late_rows: bool = False) -> PageRequest:
    """The ``?page=`` of an API call, read strictly (see ``core.pages``)."""
    return PageRequest(
        number=request.query_params.get("page"), size=size, strict=True, late_rows=late_rows
    )


def page_response(request, page: Page, results: list) -> Response:
    """A selector's ``Page`` in the shape every paginated list of this API has (the same
    as ``PageNumberPagination``: count, next, previous, results)."""

    def link(number: int | None) -> str | None:
        if number is None:
            return None
        url = request.build_absolute_uri()
        return (
            remove_query_param(url, "page")
            if number == 1
            else replace_query_param(url, "page", number)
        )

    return Response(
        {
            "count": page.paginator.count,
            "next": link(page.next_page_number() if page.has_next() else None),
            "previous": link(page.previous_page_number() if page.has_previous() else None),
            "results": results,
        }
    )
