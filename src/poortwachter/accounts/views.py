"""Account pages for the service administrator and the employer administrator.

Which roles a form offers is convenience; what may be issued is decided again by the
services (``accounts.services``), the only write path, shared with the API."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from poortwachter.accounts import policies, selectors, services
from poortwachter.accounts.forms import (
    AccountCreateForm,
    ActivationForm,
    CredentialsResetForm,
    RoleRequestDecisionForm,
    RoleScopeForm,
)
from poortwachter.accounts.second_factor import grant_enrolment, mark_fresh_password_check
from poortwachter.core.access import actor_required
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.core.middleware import client_address
from poortwachter.core.pages import PageRequest
from poortwachter.core.roles import FOUR_EYES_ROLES
from poortwachter.organisations.policies import (
    can_manage_people,
    employers_visible_to,
    get_employer_for,
)
from poortwachter.organisations.selectors import departments_of, departments_of_employers

PAGE_SIZE = 50


def _page(request) -> PageRequest:
    return PageRequest(number=request.GET.get("page"), size=PAGE_SIZE)


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
            "Account voor %(email)s is aangemaakt. Er is een e-mail met een activeringslink "
            "verstuurd."
        )
        % {"email": user.email},
    )
    _show_activation_code(request, user.issued_activation)
    if user.filed_role_request is not None:
        messages.info(request, _REQUESTED)
    return redirect("accounts:user_detail", user_id=user.pk)


_REQUESTED = _(
    "De rol is aangevraagd. Het account krijgt de rol pas als een tweede persoon "
    "(een andere beheerder of de privacyfunctionaris) de aanvraag goedkeurt."
)


def _show_activation_code(request, issued) -> None:
    """The code is shown once, to the issuer, who hands it over apart from the e-mail."""
    if issued is None:
        return
    messages.warning(
        request,
        _(
            "Activeringscode: %(code)s. Geef deze code persoonlijk of telefonisch door, "
            "niet per e-mail. Samen met de link uit de e-mail werkt hij één keer, tot "
            "%(until)s. Deze code wordt niet opnieuw getoond."
        )
        % {
            "code": issued.code,
            "until": date_format(localtime(issued.expires_at), "DATETIME_FORMAT"),
        },
    )


@require_GET
@actor_required(policies.can_administer_an_employer)
def employer_admin_home(request, *, actor):
    employers = policies.administered_employers_for(actor)
    if len(employers) == 1:
        return redirect("accounts:employer_accounts", employer_id=employers[0].pk)
    return render(request, "accounts/employer_admin_home.html", {"employers": employers})


@actor_required(policies.can_manage_accounts)
@require_http_methods(["GET", "POST"])
def employer_accounts(request, employer_id, *, actor):
    employer = get_employer_for(actor, employer_id)
    roles = policies.employer_account_roles(actor, employer.pk)
    if not roles:
        raise Forbidden
    form = AccountCreateForm(
        request.POST or None,
        roles=roles,
        employers=employers_visible_to(actor),
        departments=departments_of(employer),
        fixed_employer=employer,
    )
    if request.method == "POST" and form.is_valid():
        response = _create_account(request, actor, form)
        if response is not None:
            return response
    page = selectors.account_list(actor=actor, page=_page(request), employer=employer)
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


@actor_required(policies.can_manage_service_accounts)
@require_http_methods(["GET", "POST"])
def service_accounts(request, *, actor):
    form = AccountCreateForm(
        request.POST or None,
        roles=policies.service_account_roles(actor),
        employers=employers_visible_to(actor),
        departments=departments_of_employers([]),
    )
    if request.method == "POST" and form.is_valid():
        response = _create_account(request, actor, form)
        if response is not None:
            return response
    page = selectors.account_list(actor=actor, page=_page(request))
    return render(request, "accounts/service_accounts.html", {"form": form, "page": page})


@actor_required(policies.can_manage_accounts)
@require_http_methods(["GET", "POST"])
def user_detail(request, user_id, *, actor):
    user = policies.get_user_for(actor, user_id)
    grants = policies.grants_of(user)
    manageable = policies.can_manage_user(actor, user.pk, grants)
    employers = employers_visible_to(actor)
    form = None
    roles = policies.grantable_roles(actor, [e.pk for e in employers]) if manageable else []
    if manageable:
        form = RoleScopeForm(
            request.POST or None,
            roles=roles,
            employers=employers,
            departments=departments_of_employers(employers),
        )
    if request.method == "POST":
        if form is None:
            raise Forbidden
        if form.is_valid():
            data = form.cleaned_data
            four_eyes = services.takes_four_eyes(data["role"], data.get("employer"))
            write = services.role_request_file if four_eyes else services.role_grant
            try:
                write(actor=actor, user=user, **form.cleaned_data)
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _REQUESTED if four_eyes else _("De rol is toegekend."))
                return redirect("accounts:user_detail", user_id=user.pk)
    shown = selectors.account_get(actor=actor, user_id=user.pk)
    assignments = list(shown.role_assignments.all())
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "assignments": [(a, policies.can_revoke(actor, a, grants)) for a in assignments],
            "form": form,
            "manageable": manageable,
            "reset_form": CredentialsResetForm() if manageable else None,
            "pending_requests": selectors.role_requests_of(actor=actor, user=user),
            "four_eyes_offered": any(role in FOUR_EYES_ROLES for role in roles),
            "reset_needs_four_eyes": bool(services.medical_roles_of(user)),
        },
    )


# --- four eyes on medical roles (R-ACC-1) -------------------------------------------


def _role_requests_page(request, actor, *, failed=None, status=200):
    pending = selectors.role_requests_pending(actor=actor)
    rows = [
        (
            r,
            policies.can_decide_role_request(actor, r),
            policies.can_withdraw_role_request(actor, r),
        )
        for r in pending
    ]
    history = selectors.role_requests_decided(actor=actor, page=_page(request))
    context = {"pending": rows, "history": history, "form": failed}
    return render(request, "accounts/role_requests.html", context, status=status)


@require_GET
@actor_required(policies.can_decide_role_requests)
def role_requests(request, *, actor):
    """Pending requests for medical roles, with approve and refuse for whoever may be
    the second person, and the decided ones as history."""
    return _role_requests_page(request, actor)


@require_POST
@actor_required(policies.can_decide_role_requests)
def role_request_decide(request, request_id, *, actor):
    role_request = policies.get_role_request_for(actor, request_id)
    if role_request.is_pending and not policies.can_decide_role_request(actor, role_request):
        raise Forbidden  # its requester (or the account it is for): before any input
    form = RoleRequestDecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            role_request = services.role_request_decide(
                actor=actor, role_request=role_request, approve=approve
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            _say_decided(request, role_request, approve)
            return redirect("accounts:role_requests")
    return _role_requests_page(request, actor, failed=form, status=400)


def _say_decided(request, role_request, approve: bool) -> None:
    if not approve:
        messages.success(request, _("De aanvraag is afgewezen."))
    elif role_request.kind == role_request.Kind.CREDENTIALS:
        messages.success(request, _("De aanvraag is goedgekeurd; de inloggegevens zijn hersteld."))
        _show_activation_code(request, role_request.issued_activation)
    else:
        messages.success(request, _("De aanvraag is goedgekeurd; het account heeft de rol nu."))


@require_POST
@actor_required(policies.can_decide_role_requests)
def role_request_withdraw(request, request_id, *, actor):
    role_request = policies.get_role_request_for(actor, request_id)
    try:
        services.role_request_withdraw(actor=actor, role_request=role_request)
    except ServiceError as error:
        form = RoleRequestDecisionForm({"decision": "refuse"})
        form.is_valid()
        add_service_error(form, error)
        return _role_requests_page(request, actor, failed=form, status=400)
    messages.success(request, _("De aanvraag is ingetrokken."))
    return redirect("accounts:role_requests")


@actor_required(policies.can_manage_accounts)
@require_POST
def assignment_revoke(request, user_id, assignment_id, *, actor):
    assignment = policies.get_assignment_for(actor, assignment_id)
    if assignment.user_id != user_id:
        raise Forbidden
    services.role_revoke(actor=actor, assignment=assignment)
    messages.success(request, _("De rol is ingetrokken."))
    return redirect("accounts:user_detail", user_id=user_id)


@actor_required(policies.can_manage_accounts)
@require_POST
def credentials_reset(request, user_id, *, actor):
    user = policies.get_manageable_user_for(actor, user_id)
    form = CredentialsResetForm(request.POST)
    if form.is_valid():
        # An account with a medical role: the reset is requested (four eyes, R-ACC-1).
        four_eyes = bool(services.medical_roles_of(user))
        try:
            if four_eyes:
                services.credentials_reset_request_file(actor=actor, user=user, **form.cleaned_data)
            else:
                issued = services.credentials_reset(actor=actor, user=user, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if four_eyes:
                messages.info(request, _RESET_REQUESTED)
            else:
                messages.success(request, _("De inloggegevens zijn hersteld."))
                _show_activation_code(request, issued)
    return redirect("accounts:user_detail", user_id=user.pk)


_RESET_REQUESTED = _(
    "Het herstellen van de inloggegevens is aangevraagd. Het gebeurt pas als een tweede "
    "persoon (een andere beheerder of de privacyfunctionaris) de aanvraag goedkeurt; die "
    "krijgt dan de activeringscode om door te geven."
)


@require_http_methods(["GET", "POST"])
def activate(request, token):
    """Claim an account with the e-mailed link and the issuer's code (issue 18, finding
    4). One page for unknown, used, void and expired links; success signs the holder
    in for enrolment only (``SecondFactorRequiredMiddleware``)."""
    if services.activation_for_token(token) is None:
        return render(request, "accounts/activation_invalid.html", status=404)
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.activation_complete(
                actor=Actor(
                    user_id=None,
                    label="anoniem",
                    request_id=getattr(request, "request_id", ""),
                    remote_addr=client_address(request),
                ),
                token=token,
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password1"],
            )
        except ServiceError as error:
            add_service_error(form, error)
            if services.activation_for_token(token) is None:
                return render(request, "accounts/activation_invalid.html", status=404)
        else:
            if request.user.is_authenticated:
                logout(request)
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            grant_enrolment(request, user)
            mark_fresh_password_check(request)
            messages.success(
                request,
                _("Uw account is geactiveerd. Stel nu uw tweede factor in."),
            )
            return redirect("mfa_activate_totp")
    return render(request, "accounts/activate.html", {"form": form})


@require_http_methods(["GET", "POST"])
def unlock(request, token):
    """Lift a sign-in lock with the e-mailed link (issue 18, finding 6). GET shows a
    button, so a mail scanner that follows links lifts nothing; POST lifts the lock."""
    if not services.unlock_pending(token):
        return render(request, "accounts/unlock_invalid.html", status=404)
    if request.method == "POST":
        actor = Actor(
            user_id=None,
            label="anoniem",
            request_id=getattr(request, "request_id", ""),
            remote_addr=client_address(request),
        )
        if services.unlock_complete(actor=actor, token=token):
            messages.success(request, _("De blokkade is opgeheven. U kunt weer inloggen."))
            return redirect("account_login")
        return render(request, "accounts/unlock_invalid.html", status=404)
    return render(request, "accounts/unlock.html")
