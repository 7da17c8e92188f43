"""``{{ task|task_label }}``: a task's name in the reader's language. The row keeps the
name it was given in Dutch when the timeline made it; the timeline's own (lazily
translated) name for the task's code is what a page shows (issue 15)."""

from django import template

from poortwachter.reintegration.timeline import LABELS

register = template.Library()


@register.filter
def task_label(task) -> str:
    return str(LABELS.get(task.code, task.label))
