"""Jobs queued by versions before issue 19, kept so an upgraded installation's queue
still runs them: a task reminder queued then (its row exists, unsent) becomes the
notifications a reminder makes today (``sync.reminder_complete``), once."""

from django_tasks import task

from poortwachter.reintegration import sync


@task()
def send_task_reminder(reminder_id: int) -> int:
    """Finish one reminder queued before issue 19; a second run finds it sent."""
    return sync.reminder_complete(reminder_id)
