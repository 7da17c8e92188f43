"""The landing page after sign-in, and the employee's own page."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from poortwachter.accounts.decorators import role_required
from poortwachter.accounts.selectors import actor_for_request
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.roles import Role
from poortwachter.organisations.policies import get_employee_for
from poortwachter.web.context_processors import landing_for, workspaces_for


@login_required
def home(request):
    """One workspace: go straight there. Several: choose. None: say so plainly."""
    actor = actor_for_request(request)
    landing = landing_for(actor)
    if landing is not None:
        return redirect(landing)
    return render(request, "web/home.html", {"workspaces": workspaces_for(actor)})


@login_required
def account(request):
    """The user's own account: roles and how they sign in (R-SEC-1)."""
    actor = actor_for_request(request)
    factors = Authenticator.objects.filter(user=request.user).order_by("type")
    return render(
        request,
        "web/account.html",
        {
            "grants": request.user.role_assignments.select_related("employer", "department"),
            "factors": factors,
            "actor": actor,
        },
    )


@role_required(Role.EMPLOYEE)
def employee_home(request, *, actor):
    employees = [get_employee_for(actor, pk) for pk in sorted(actor.employee_ids)]
    for employee in employees:
        audit_record(
            actor=actor,
            action=Action.READ,
            target=employee,
            employer_id=employee.employer_id,
            subject_employee_id=employee.pk,
            purpose="own_data",
            role=Role.EMPLOYEE,
        )
    return render(
        request,
        "web/employee_home.html",
        {
            "records": [
                (e, e.employments.select_related("department", "employer")) for e in employees
            ]
        },
    )
