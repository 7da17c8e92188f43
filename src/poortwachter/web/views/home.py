"""The landing page after sign-in, and the employee's own page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from poortwachter.accounts.selectors import own_grants, own_second_factors
from poortwachter.core.access import actor_required, request_actor
from poortwachter.organisations import policies as org_policies
from poortwachter.organisations import selectors as org_selectors
from poortwachter.web.context_processors import landing_for, workspaces_for


@require_GET
@login_required
def home(request):
    """One workspace: go straight there. Several: choose. None: say so plainly."""
    actor = request_actor(request)
    landing = landing_for(actor)
    if landing is not None:
        return redirect(landing)
    return render(request, "web/home.html", {"workspaces": workspaces_for(actor)})


@require_GET
@login_required
def account(request):
    """The user's own account: roles and how they sign in (R-SEC-1)."""
    actor = request_actor(request)
    factors = own_second_factors(actor=actor)
    return render(
        request,
        "web/account.html",
        {
            "grants": own_grants(actor=actor).select_related("employer", "department"),
            "factors": factors,
            "actor": actor,
        },
    )


@require_GET
@actor_required(org_policies.can_see_own_record)
def employee_home(request, *, actor):
    employees = org_selectors.own_employees_get(actor=actor, purpose="own_data")
    records = [(e, org_selectors.employment_history(e)) for e in employees]
    return render(request, "web/employee_home.html", {"records": records})
