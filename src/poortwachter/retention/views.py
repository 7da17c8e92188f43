"""HR's retention page for one employee: per category the rule and due date, and legal
holds placed and lifted. Views fetch through ``policies``, call one service, and read
the employee's retention status through an audited selector."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from poortwachter.core.access import actor_required
from poortwachter.core.errors import ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.retention import forms, policies, rules, selectors, services


def _render(request, actor, employee, *, hold_form=None, lift_forms=None, status=200):
    shown = selectors.retention_status_get(actor=actor, employee_id=employee.pk)
    lift_forms = lift_forms or {}
    holds = [
        (hold, lift_forms.get(hold.pk) or forms.LiftHoldForm(prefix=f"lift-{hold.pk}"))
        for hold in shown.holds
    ]
    context = {
        "employee": shown.employee,
        "rows": shown.rows,
        "holds": holds,
        "hold_form": hold_form or forms.LegalHoldForm(),
        "today": shown.today,
        "access_log_years": rules.ACCESS_LOG_MIN_YEARS,
    }
    return render(request, "retention/employee.html", context, status=status)


@actor_required(policies.can_see_retention_status)
@require_http_methods(["GET", "POST"])
def employee_retention(request, employee_id, *, actor):
    employee = policies.get_retention_subject_for(actor, employee_id)
    if request.method != "POST":
        return _render(request, actor, employee)
    form = forms.LegalHoldForm(request.POST)
    if form.is_valid():
        try:
            services.legal_hold_place(actor=actor, employee=employee, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De bewaarblokkade is geplaatst."))
            return redirect("retention:employee", employee_id=employee.pk)
    return _render(request, actor, employee, hold_form=form, status=400)


@actor_required(policies.can_see_retention_status)
@require_POST
def legal_hold_lift(request, employee_id, hold_id, *, actor):
    employee = policies.get_retention_subject_for(actor, employee_id)
    hold = policies.get_legal_hold_for(actor, employee, hold_id)
    form = forms.LiftHoldForm(request.POST, prefix=f"lift-{hold.pk}")
    if form.is_valid():
        try:
            services.legal_hold_lift(actor=actor, hold=hold, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De bewaarblokkade is opgeheven."))
            return redirect("retention:employee", employee_id=employee.pk)
    return _render(request, actor, employee, lift_forms={hold.pk: form}, status=400)
