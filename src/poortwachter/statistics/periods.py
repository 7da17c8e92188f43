"""Reporting periods and their month and quarter buckets (plain dates, no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from poortwachter.statistics.sql import day_number

#: The longest period a report may cover (five years, leap days included).
MAX_DAYS = 5 * 366


@dataclass(frozen=True)
class Bucket:
    """A part of the period: ``start`` to ``end`` inclusive."""

    key: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        """For people, in the active language: "december 2025", "1e kwartaal 2026" (the
        ``key`` "2025-12", "2026-K1" stays for machines)."""
        if "-K" in self.key:
            year, quarter = self.key.split("-K")
            return _("%(n)se kwartaal %(year)s") % {"n": quarter, "year": year}
        if len(self.key) == len("2025-12"):
            return date_format(self.start, "F Y")
        return self.key

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def lo(self) -> int:
        return day_number(self.start)

    @property
    def hi(self) -> int:
        """Exclusive end as a day number."""
        return day_number(self.end) + 1


@dataclass(frozen=True)
class Period(Bucket):
    """The reporting period (its ``key`` is always ``"period"``)."""

    @classmethod
    def of(cls, start: dt.date, end: dt.date) -> Period:
        return cls(key="period", start=start, end=end)

    def months(self) -> list[Bucket]:
        """Calendar months, the first and last cut at the period's edges."""
        buckets, day = [], self.start
        while day <= self.end:
            nxt = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            last = min(nxt - dt.timedelta(days=1), self.end)
            buckets.append(Bucket(f"{day:%Y-%m}", day, last))
            day = nxt
        return buckets

    def quarters(self) -> list[Bucket]:
        buckets, day = [], self.start
        while day <= self.end:
            quarter = (day.month - 1) // 3
            first_of_next = dt.date(day.year + (quarter == 3), (quarter + 1) % 4 * 3 + 1, 1)
            last = min(first_of_next - dt.timedelta(days=1), self.end)
            buckets.append(Bucket(f"{day.year}-K{quarter + 1}", day, last))
            day = first_of_next
        return buckets

    def twelve_months(self) -> Period:
        """The 12 months that end with the period (frequent absence)."""
        return Period.of(self.end - dt.timedelta(days=364), self.end)


def period_errors(start: dt.date | None, end: dt.date | None) -> dict[str, str]:
    """Dutch messages per field (``from``, ``to``) for a period that cannot be reported."""
    errors = {}
    if start is None:
        errors["from"] = _("Vul een begindatum in.")
    if end is None:
        errors["to"] = _("Vul een einddatum in.")
    if start and end and end < start:
        errors["to"] = _("De einddatum ligt vóór de begindatum.")
    elif start and end and (end - start).days + 1 > MAX_DAYS:
        errors["to"] = _("Kies een periode van hoogstens vijf jaar.")
    return errors


def default_period(today: dt.date) -> Period:
    """The last twelve complete months."""
    first_of_month = today.replace(day=1)
    return Period.of(
        first_of_month.replace(year=first_of_month.year - 1),
        first_of_month - dt.timedelta(days=1),
    )
