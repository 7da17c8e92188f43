"""Reads of the access log that other apps may use (the log itself stays write-once)."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from poortwachter.audit.models import AccessEvent, AccessEventSubject


def events_concerning(
    employee_ids: Iterable[int], user_id: int | None = None
) -> QuerySet[AccessEvent]:
    """Every event about these employee records, oldest first (NEN 7513: the client's
    overview): events about one record, lists and searches that showed it, and events
    about the person's own account."""
    ids = list(employee_ids)
    shown = AccessEventSubject.objects.filter(employee_id__in=ids).values("event_id")
    condition = Q(subject_employee_id__in=ids) | Q(pk__in=shown)
    if user_id is not None:
        condition |= Q(subject_user_id=user_id)
    return AccessEvent.objects.filter(condition).order_by("occurred_at", "id")


def events_concerning_employee(employee_id: int) -> QuerySet[AccessEvent]:
    return events_concerning([employee_id])


def in_period(
    events: QuerySet[AccessEvent], start: dt.datetime | None, end: dt.datetime | None
) -> QuerySet[AccessEvent]:
    """Events from ``start`` (inclusive) to ``end`` (exclusive)."""
    if start is not None:
        events = events.filter(occurred_at__gte=start)
    if end is not None:
        events = events.filter(occurred_at__lt=end)
    return events
