"""Webhook deliveries run on the task queue (django-tasks; ``db_worker`` runs them). The
job is stored in the transaction that recorded the event, so it exists exactly when the
change does; a failed attempt enqueues the next one for after the backoff."""

from django_tasks import task
from django_tasks.base import Task

from poortwachter.integrations import delivery as sending
from poortwachter.integrations.models import DeliveryStatus


@task()
def deliver(delivery_id: int) -> str:
    delivery = sending.attempt(delivery_id)
    if delivery is None:
        return "none"
    if delivery.status == DeliveryStatus.PENDING and delivery.next_attempt_at is not None:
        retry: Task = deliver
        if retry.get_backend().supports_defer:
            retry.using(run_after=delivery.next_attempt_at).enqueue(delivery_id)
    return str(delivery.status)
