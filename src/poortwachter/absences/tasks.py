"""Work for the task queue (django-tasks; ``db_worker`` runs it, beside the web processes).

The doctor's e-mail about a new sick report is sent here, not in the request: a slow or
unreachable mail server neither delays nor breaks the sick report, and with the database
backend the job is stored in the same transaction as the report (both or neither).
"""

from django_tasks import task

from poortwachter.absences import notifications


@task()
def notify_new_sick_report(employer_id: int) -> int:
    """Tell the doctors serving the employer there is a new item; returns how many."""
    return notifications.new_sick_report(employer_id)
