"""``{{ task|task_label }}``: a task's name in the reader's language. The row keeps the
name it was given in Dutch when the timeline made it; the timeline's own (lazily
translated) name for the task's code is what a page shows (issue 15)."""

from django import template

from poortwachter.core import clock
from poortwachter.reintegration.models import TaskStatus
from poortwachter.reintegration.timeline import LABELS, MOVED_END_LABEL, WAGE_CONTINUATION_END

register = template.Library()


@register.filter
def task_label(task) -> str:
    if task.code == WAGE_CONTINUATION_END and "lid 11" in task.source:
        return str(MOVED_END_LABEL)  # an extension or wage sanction moved it (issue 16)
    return str(LABELS.get(task.code, task.label))


@register.filter
def days_late(task) -> int:
    """How many days an open task is past its date (0: not late, or not open)."""
    if task.status != TaskStatus.OPEN or task.due_on >= clock.today():
        return 0
    return (clock.today() - task.due_on).days
