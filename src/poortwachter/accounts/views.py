"""Account pages for the service administrator and the employer administrator.

Which roles a form offers is convenience; what may be issued is decided again by the
services (``accounts.services``), the only write path, shared with the API."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from poortwachter.accounts import policies, services
from poortwachter.accounts.decorators import role_required
from poortwachter.accounts.forms import AccountCreateForm, CredentialsResetForm, RoleScopeForm
from poortwachter.accounts.models import RoleAssignment
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.core.roles import EMPLOYER_ROLES, Role
from poortwachter.organisations.models import Department
from poortwachter.organisations.policies import (
    can_manage_people,
    employers_visible_to,
    get_employer_for,
)

PAGE_SIZE = 50


def _issuable_roles(actor, employer_id):
    return [role for role in Role if policies.can_issue_role(actor, role, employer_id)]


def _with_assignments(users, actor):
    visible = policies.assignments_visible_to(actor)
    return users.prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=visible.select_related("employer", "department", "employee"),
        )
    )


def _record_accounts_shown(actor, page, employer_id=None) -> None:
    """An account list shows names and e-mail addresses: record whose, and the employee
    records bound to them, so those employees find it under "who viewed my data"."""
    user_ids = [user.pk for user in page]
    bound = RoleAssignment.objects.filter(user_id__in=user_ids, employee__isnull=False)
    audit_record(
        actor=actor, action=Action.READ, employer_id=employer_id, purpose="account_management",
        details={"user_ids": user_ids},
        subject_employee_ids=bound.values_list("employee_id", flat=True),
    )  # fmt: skip


def _create_account(request, actor, form):
    data = form.cleaned_data
    try:
        user = services.user_create(actor=actor, **data)
    except ServiceError as error:
        add_service_error(form, error)
        return None
    messages.success(
        request,
        _(
            "Account voor %(email)s is aangemaakt; er is een e-mail verstuurd om het "
            "wachtwoord in te stellen."
        )
        % {"email": user.email},
    )
    return redirect("accounts:user_detail", user_id=user.pk)


@role_required(Role.EMPLOYER_ADMIN)
def employer_admin_home(request, *, actor):
    employers = employers_visible_to(actor).filter(pk__in=actor.employer_ids(Role.EMPLOYER_ADMIN))
    if len(employers) == 1:
        return redirect("accounts:employer_accounts", employer_id=employers[0].pk)
    return render(request, "accounts/employer_admin_home.html", {"employers": employers})


@role_required(Role.SERVICE_ADMIN, Role.EMPLOYER_ADMIN)
@require_http_methods(["GET", "POST"])
def employer_accounts(request, employer_id, *, actor):
    employer = get_employer_for(actor, employer_id)
    roles = [r for r in _issuable_roles(actor, employer.pk) if r in EMPLOYER_ROLES]
    if not roles:
        raise Forbidden
    form = AccountCreateForm(
        request.POST or None,
        roles=roles,
        employers=employers_visible_to(actor),
        departments=Department.objects.filter(employer=employer),
        fixed_employer=employer,
    )
    if request.method == "POST" and form.is_valid():
        response = _create_account(request, actor, form)
        if response is not None:
            return response
    users = _with_assignments(
        policies.users_visible_to(actor).filter(role_assignments__employer=employer).distinct(),
        actor,
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    _record_accounts_shown(actor, page, employer.pk)
    return render(
        request,
        "accounts/employer_accounts.html",
        {
            "employer": employer,
            "form": form,
            "page": page,
            "can_manage_people": can_manage_people(actor, employer.pk),
        },
    )


@role_required(Role.SERVICE_ADMIN)
@require_http_methods(["GET", "POST"])
def service_accounts(request, *, actor):
    form = AccountCreateForm(
        request.POST or None,
        roles=[r for r in Role if r not in (Role.EMPLOYEE, Role.MANAGER)],
        employers=employers_visible_to(actor),
        departments=Department.objects.none(),
    )
    if request.method == "POST" and form.is_valid():
        response = _create_account(request, actor, form)
        if response is not None:
            return response
    users = _with_assignments(policies.users_visible_to(actor), actor)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    _record_accounts_shown(actor, page)
    return render(request, "accounts/service_accounts.html", {"form": form, "page": page})


@role_required(Role.SERVICE_ADMIN, Role.EMPLOYER_ADMIN)
@require_http_methods(["GET", "POST"])
def user_detail(request, user_id, *, actor):
    user = policies.get_user_for(actor, user_id)
    grants = policies.grants_of(user)
    manageable = policies.can_manage_user(actor, user.pk, grants)
    employers = employers_visible_to(actor)
    form = None
    if manageable:
        form = RoleScopeForm(
            request.POST or None,
            roles=[
                r
                for r in Role
                if any(policies.can_issue_role(actor, r, e.pk) for e in employers)
                or policies.can_issue_role(actor, r, None)
            ],
            employers=employers,
            departments=Department.objects.filter(employer__in=employers),
        )
    if request.method == "POST":
        if form is None:
            raise Forbidden
        if form.is_valid():
            try:
                services.role_grant(actor=actor, user=user, **form.cleaned_data)
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("De rol is toegekend."))
                return redirect("accounts:user_detail", user_id=user.pk)
    assignments = list(
        policies.assignments_visible_to(actor)
        .filter(user=user)
        .select_related("employer", "department", "employee")
    )
    bound = [a.employee_id for a in assignments if a.employee_id]
    audit_record(
        actor=actor, action=Action.READ, target=user, subject_user_id=user.pk,
        subject_employee_ids=bound, purpose="account_management",
    )  # fmt: skip
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "assignments": [(a, policies.can_revoke(actor, a, grants)) for a in assignments],
            "form": form,
            "manageable": manageable,
            "reset_form": CredentialsResetForm() if manageable else None,
        },
    )


@role_required(Role.SERVICE_ADMIN, Role.EMPLOYER_ADMIN)
@require_POST
def assignment_revoke(request, user_id, assignment_id, *, actor):
    assignment = policies.get_assignment_for(actor, assignment_id)
    if assignment.user_id != user_id:
        raise Forbidden
    services.role_revoke(actor=actor, assignment=assignment)
    messages.success(request, _("De rol is ingetrokken."))
    return redirect("accounts:user_detail", user_id=user_id)


@role_required(Role.SERVICE_ADMIN, Role.EMPLOYER_ADMIN)
@require_POST
def credentials_reset(request, user_id, *, actor):
    user = policies.get_manageable_user_for(actor, user_id)
    form = CredentialsResetForm(request.POST)
    if form.is_valid():
        try:
            services.credentials_reset(actor=actor, user=user, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De inloggegevens zijn hersteld."))
    return redirect("accounts:user_detail", user_id=user.pk)
