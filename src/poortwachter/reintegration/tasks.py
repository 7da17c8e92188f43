"""Work for the task queue (django-tasks, database backend; ``db_worker`` runs it).

A reminder e-mail says only that there is a task and where to sign in: no name of the
employee, no case, no step, nothing medical (R-AUTHZ-1: e-mail is a path too).
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from poortwachter.accounts.links import absolute
from poortwachter.core import clock
from poortwachter.reintegration import selectors
from poortwachter.reintegration.models import ReminderKind, Task, TaskReminder, TaskStatus


def recipients(task: Task, kind: str = ReminderKind.BEFORE) -> list[str]:
    """The e-mail addresses a reminder of ``kind`` goes to: the task's assignees as
    ``selectors.task_assignees`` picks them (an HR task: its case manager first, and once
    overdue every HR user of the employer too, issue 19), case manager first."""
    users = selectors.task_assignees(task, overdue=kind == ReminderKind.AFTER)
    emails = [user.email for user in users if user.email]
    return list(dict.fromkeys(emails))


def _message(kind: str) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Poortwachter] Er staat een taak voor u klaar")
        if kind == ReminderKind.AFTER:
            lead = _("De termijn van een taak in Poortwachter is verstreken.")
        else:
            lead = _("Over enkele dagen verloopt de termijn van een taak in Poortwachter.")
        body = _("{lead}\n\nLog in om de taak te bekijken: {url}").format(
            lead=lead, url=absolute("/")
        )
    return subject, body


@task()
def send_task_reminder(reminder_id: int) -> int:
    """Send one reminder, once: a second run (a retried job) finds it sent."""
    with transaction.atomic():
        reminder = (
            TaskReminder.objects.select_for_update()
            .select_related("task")
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None or reminder.task.status != TaskStatus.OPEN:
            return 0
        addresses = recipients(reminder.task, reminder.kind)
        subject, body = _message(reminder.kind)
        send_mass_mail([(subject, body, None, [email]) for email in addresses])
        reminder.sent_at, reminder.recipients = clock.now(), len(addresses)
        reminder.save(update_fields=["sent_at", "recipients"])
    return len(addresses)
