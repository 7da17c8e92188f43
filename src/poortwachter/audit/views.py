"""The privacy officer's view of the access log. Reading the log is itself logged."""

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from poortwachter.accounts.decorators import role_required
from poortwachter.audit.forms import EventFilterForm
from poortwachter.audit.models import Action
from poortwachter.audit.policies import events_visible_to
from poortwachter.audit.services import audit_record
from poortwachter.core.roles import Role


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@role_required(Role.PRIVACY_OFFICER)
def event_list(request, *, actor):
    form = EventFilterForm(request.GET or None)
    events = events_visible_to(actor)
    if form.is_valid():
        data = form.cleaned_data
        if data["date_from"]:
            events = events.filter(occurred_at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            events = events.filter(occurred_at__lt=_day_start(data["date_to"] + dt.timedelta(1)))
        for field in ("action", "outcome", "subject_employee_id"):
            if data[field]:
                events = events.filter(**{field: data[field]})
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    audit_record(
        actor=actor,
        action=Action.SEARCH,
        target=None,
        purpose="access_log_review",
        details={"event_ids": [event.pk for event in page]},
        subject_employee_ids=[e.subject_employee_id for e in page if e.subject_employee_id],
    )
    return render(request, "audit/event_list.html", {"form": form, "page": page})
