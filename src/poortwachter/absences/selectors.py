"""Reads of absence data that are not access decisions."""

import datetime as dt

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from poortwachter.absences import rules
from poortwachter.absences.models import AbsenceCase, SickReport
from poortwachter.absences.services import SickReportInput
from poortwachter.organisations.models import Employee


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


def open_reports(queryset: QuerySet[SickReport]) -> QuerySet[SickReport]:
    return queryset.filter(recovered_on__isnull=True)


def prefilled_input(employee: Employee, day: dt.date) -> dict:
    """The sick report form starts from the employee's own contact details."""
    return {
        "first_sick_day": day,
        "phone": employee.phone,
        "care_street": employee.street,
        "care_house_number": employee.house_number,
        "care_postcode": employee.postcode,
        "care_city": employee.city,
    }


def as_input(cleaned: dict) -> SickReportInput:
    return SickReportInput(**{name: cleaned[name] for name in SickReportInput.__dataclass_fields__})


def wage_continuation_ends(case: AbsenceCase) -> dt.date:
    return rules.wage_continuation_ends(case.first_sick_day, case.gap_days)
