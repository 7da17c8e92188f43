"""``{% employee_absence employee %}``: on an employee's page, their sick reports (with
the way to each report and its case file), and the buttons to report them sick or to
record their leave, for those the absence policies let do so; nothing for everyone else
(the employer administrator sees the person, not their absence).

A tag rather than view context: the employee page lives in ``organisations``, which may
not import ``absences``. The read is recorded by ``selectors.employee_absence_get``."""

from django import template

from poortwachter.absences.selectors import employee_absence_get

register = template.Library()


@register.inclusion_tag("absences/_employee_absence.html", takes_context=True)
def employee_absence(context, employee) -> dict:
    actor = context.get("actor")
    if actor is None:
        return {"absence": None}
    return {"absence": employee_absence_get(actor=actor, employee=employee), "employee": employee}
