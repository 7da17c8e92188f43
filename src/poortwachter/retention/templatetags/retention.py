"""``{% retention_url employee as url %}``: the link to an employee's retention page, for
those who may open it (HR of the employer), and an empty string for everyone else."""

from django import template
from django.urls import reverse

from poortwachter.retention.policies import can_manage_holds

register = template.Library()


@register.simple_tag(takes_context=True)
def retention_url(context, employee) -> str:
    actor = context.get("actor")
    if actor is None or not can_manage_holds(actor, employee.employer_id):
        return ""
    return reverse("retention:employee", args=[employee.pk])
