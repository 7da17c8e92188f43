"""HR's retention page for one employee: per category the rule and due date, and legal
holds placed and lifted. Views fetch through ``policies``, call one service, and log
every read of the employee's retention status."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from poortwachter.accounts.decorators import role_required
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.errors import ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.core.roles import Role
from poortwachter.retention import forms, policies, rules, selectors, services
from poortwachter.retention.models import LegalHold


def _render(request, actor, employee, *, hold_form=None, lift_forms=None, status=200):
    today = clock.today()
    lift_forms = lift_forms or {}
    holds = [
        (hold, lift_forms.get(hold.pk) or forms.LiftHoldForm(prefix=f"lift-{hold.pk}"))
        for hold in LegalHold.objects.filter(employee=employee).select_related(
            "placed_by", "lifted_by"
        )
    ]
    audit_record(
        actor=actor, action=Action.READ, target=employee, employer_id=employee.employer_id,
        subject_employee_id=employee.pk, purpose="retention_status",
    )  # fmt: skip
    context = {
        "employee": employee,
        "rows": selectors.employee_status(employee, today),
        "holds": holds,
        "hold_form": hold_form or forms.LegalHoldForm(),
        "today": today,
        "access_log_years": rules.ACCESS_LOG_MIN_YEARS,
    }
    return render(request, "retention/employee.html", context, status=status)


@role_required(Role.HR)
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


@role_required(Role.HR)
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
