"""Jobs queued by versions before issue 19, kept so an upgraded installation's queue
still runs them. Since issue 19 a sick report makes its notifications in its own
transaction; a job left in the queue from before that does what it did then: tell the
doctors serving the employer that there is a new item (content-free, as every signal)."""

from django.db import transaction
from django.urls import reverse
from django_tasks import task

from poortwachter.notifications import selectors as recipients
from poortwachter.notifications.models import Kind
from poortwachter.notifications.services import notify


@task()
def notify_new_sick_report(employer_id: int) -> int:
    """Tell the doctors serving the employer there is a new item; returns how many."""
    with transaction.atomic():
        made = notify(recipients=recipients.doctor_users(employer_id),
                      kind=Kind.SICK_REPORT, link=reverse("absences:caseload"))  # fmt: skip
    return len(made)
