"""``{% advice_section employee %}``: the employee's current advice of the company doctor
(R-DOC-1), for those the advice policy lets read it, and nothing for everyone else.

A tag rather than view context so pages of other apps (the employee page in
``organisations``, which may not import ``absences``) show it through the same policy.
Showing it is a read of the advice, so the tag writes its access event.
"""

from django import template

from poortwachter.absences.policies import latest_advice_for
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.roles import Role

register = template.Library()


@register.inclusion_tag("absences/_advice_section.html", takes_context=True)
def advice_section(context, employee) -> dict:
    actor = context.get("actor")
    advice = latest_advice_for(actor, employee) if actor is not None else None
    if advice is not None:
        audit_record(
            actor=actor, action=Action.READ, target=advice, employer_id=advice.employer_id,
            subject_employee_id=advice.employee_id,
            role=Role.EMPLOYEE if advice.employee_id in actor.employee_ids else None,
        )  # fmt: skip
    return {"advice": advice}
