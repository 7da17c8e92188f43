"""``{% advice_section employee %}``: the employee's current advice of the company doctor
(R-DOC-1), for those the advice policy lets read it, and nothing for everyone else.

A tag rather than view context so pages of other apps (the employee page in
``organisations``, which may not import ``absences``) show it through the same policy.
The tag writes nothing itself: ``selectors.current_advice_get`` fetches the advice and
records the read, as for every other read of absence data.
"""

from django import template

from poortwachter.absences.selectors import current_advice_get

register = template.Library()


@register.inclusion_tag("absences/_advice_section.html", takes_context=True)
def advice_section(context, employee) -> dict:
    actor = context.get("actor")
    if actor is None:
        return {"advice": None}
    return {"advice": current_advice_get(actor=actor, employee=employee)}
