"""Jobs queued by a version before issue 19 still run after an upgrade: the task paths
``poortwachter.absences.tasks.notify_new_sick_report`` and
``poortwachter.reintegration.tasks.send_task_reminder`` stay importable and do now what
they did then, through today's notifications (content-free e-mail, once)."""

from django.core import mail
from django.utils.module_loading import import_string

from poortwachter.core import clock
from poortwachter.notifications.models import Kind, Notification
from poortwachter.reintegration import sync
from poortwachter.reintegration.models import ReminderKind, Task, TaskReminder
from tests.reintegration.conftest import make_case


def test_an_old_sick_report_job_tells_the_serving_doctor(world, immediate_tasks):
    job = import_string("poortwachter.absences.tasks.notify_new_sick_report")
    job.enqueue(world.employer.pk)
    told = Notification.objects.filter(kind=Kind.SICK_REPORT)
    assert set(told.values_list("recipient_id", flat=True)) == {world.doctor.pk}
    assert told.get().link == "/bedrijfsarts/werkvoorraad/"
    assert [m.to for m in mail.outbox] == [[world.doctor.email]]
    assert world.own_employee.last_name not in mail.outbox[0].body


def test_an_old_unsent_reminder_is_finished_once(world, immediate_tasks):
    case = make_case(world.own_employee, days_ago=38)
    sync.tasks_sync(case)
    task = Task.objects.filter(case=case, status="open").order_by("due_on").first()
    # As the version before issue 19 left it: the row queued, its job not yet run.
    reminder = TaskReminder.objects.create(task=task, kind=ReminderKind.BEFORE,
                                           queued_at=clock.now())  # fmt: skip
    job = import_string("poortwachter.reintegration.tasks.send_task_reminder")
    job.enqueue(reminder.pk)
    job.enqueue(reminder.pk)  # a retried job finds it sent
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    made = Notification.objects.filter(kind=Kind.TASK_DUE_SOON)
    assert made.count() == reminder.recipients > 0
