"""Reads of the access log that other apps may use (the log itself stays write-once)."""

from django.db.models import QuerySet

from poortwachter.audit.models import AccessEvent


def events_concerning_employee(employee_id: int) -> QuerySet[AccessEvent]:
    """Every event about one employee, oldest first (NEN 7513: the client's overview)."""
    return AccessEvent.objects.filter(subject_employee_id=employee_id).order_by("occurred_at", "id")
