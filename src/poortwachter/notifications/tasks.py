"""Work for the task queue (django-tasks; ``db_worker`` runs it). The job is stored in the
transaction that made the notifications, so it exists exactly when they do."""

from django_tasks import task

from poortwachter.notifications import delivery


@task()
def deliver(notification_ids: list[int]) -> int:
    """E-mail the notifications whose recipients want them at once; returns how many."""
    return delivery.send_now(notification_ids)
