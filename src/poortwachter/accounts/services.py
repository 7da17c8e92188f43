"""Issuing, changing and resetting credentials (R-ACC-1). Every function checks the
issuance policy, writes its access event in the same transaction, and refuses with a
Dutch message the user can act on.

It also holds the rule that an account always keeps a second factor (R-SEC-1): a
factor (TOTP or a security key) is deleted only while another remains, whatever path
asks (allauth's views, its adapter, a queryset); only ``credentials_reset`` removes them
all, and the account then needs a new activation (``activation_*``)."""

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from poortwachter.accounts import events
from poortwachter.accounts.links import absolute, set_password_url
from poortwachter.accounts.models import (
    Activation,
    IssuedActivation,
    RoleAssignment,
    RoleRequest,
    User,
)
from poortwachter.accounts.policies import (
    can_decide_role_request,
    can_issue_role,
    can_manage_user,
    grants_of,
)
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.audit.models import Action, Outcome
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, Refusals, ServiceError
from poortwachter.core.roles import (
    EMPLOYER_STAFF_ROLES,
    FOUR_EYES_ROLES,
    MEDICAL_ROLES,
    Role,
    duties_conflict,
    needs_four_eyes,
)
from poortwachter.organisations.models import Department, Employee, Employer
from poortwachter.organisations.services import master_text_refusals

#: Set only inside ``credentials_reset``: the one place every factor of an account goes.
_RESETTING_FACTORS_OF: ContextVar[int | None] = ContextVar("resetting_factors_of", default=None)
#: Set only inside ``role_request_decide`` while it approves: the one way a medical role
#: reaches ``role_grant`` (four eyes, R-ACC-1).
_APPROVING_REQUEST: ContextVar[int | None] = ContextVar("approving_request", default=None)
REAL_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def other_factors_remain(authenticator: Authenticator) -> bool:
    """Whether the account keeps a real factor (TOTP or key) without this one. Recovery
    codes alone do not count: they are a fallback, not a factor to sign in with."""
    return (
        Authenticator.objects.filter(user_id=authenticator.user_id, type__in=REAL_FACTORS)
        .exclude(pk=authenticator.pk)
        .exists()
    )


def factor_removal_check(authenticator: Authenticator) -> None:
    """Refuse to delete the last real factor of an account (R-SEC-1). Called by the
    route guards, by allauth's adapter and, as the last line, before every delete of an
    ``Authenticator`` (``signals.keep_a_factor``)."""
    if authenticator.type not in REAL_FACTORS:
        return
    if _RESETTING_FACTORS_OF.get() == authenticator.user_id:
        return
    if not other_factors_remain(authenticator):
        raise ServiceError(
            _("Dit is uw laatste tweede factor. Voeg eerst een andere toe (app of sleutel).")
        )


@contextmanager
def _resetting_factors(user: User) -> Iterator[None]:
    token = _RESETTING_FACTORS_OF.set(user.pk)
    try:
        yield
    finally:
        _RESETTING_FACTORS_OF.reset(token)


def _check_scope(
    role: str, employer: Employer | None, department: Department | None, employee: Employee | None
) -> None:
    if role in (Role.EMPLOYEE, Role.MANAGER, Role.HR, Role.EMPLOYER_ADMIN) and employer is None:
        raise ServiceError(_("Kies de werkgever waarvoor deze rol geldt."))
    if role in (Role.DOCTOR, Role.ASSISTANT, Role.SERVICE_ADMIN) and employer is not None:
        raise ServiceError(_("Deze rol hoort bij de arbodienst, niet bij één werkgever."))
    if role == Role.MANAGER and department is None:
        raise ServiceError(_("Kies de afdeling waarvan deze persoon leidinggevende is."))
    if role == Role.EMPLOYEE and employee is None:
        raise ServiceError(_("Kies de werknemer bij wie dit account hoort."))
    if department is not None and (employer is None or department.employer_id != employer.pk):
        raise ServiceError(_("Die afdeling hoort niet bij deze werkgever."))
    if employee is not None and (employer is None or employee.employer_id != employer.pk):
        raise ServiceError(_("Die werknemer hoort niet bij deze werkgever."))


def _check_employee_binding(actor: Actor, user: User, employee: Employee | None) -> None:
    """Who an account speaks for as 'the employee' must be the employee: outside the
    service administrator, the account's address must be the one on the employee's
    record, where the set-password link goes. Otherwise an employer could bind a
    colleague's or its own account to someone's record and act as them (R-SICK-7)."""
    if employee is None or actor.has_role(Role.SERVICE_ADMIN):
        return
    if not employee.email or employee.email.strip().lower() != user.email.lower():
        raise ServiceError(
            _(
                "Een werknemersaccount gebruikt het e-mailadres dat in de personeels"
                "administratie bij deze werknemer staat. Neem anders contact op met de "
                "arbodienst."
            )
        )


def _check_no_side_mixing(user: User, role: str) -> None:
    """A medical account never also works for an employer (R-MED-1): one login, one side."""
    held = set(user.role_assignments.values_list("role", flat=True))
    if role in MEDICAL_ROLES and held & EMPLOYER_STAFF_ROLES | held & {Role.EMPLOYEE}:
        raise ServiceError(
            _("Dit account heeft al een rol bij een werkgever; een medische rol kan daar niet bij.")
        )
    if (role in EMPLOYER_STAFF_ROLES or role == Role.EMPLOYEE) and held & MEDICAL_ROLES:
        raise ServiceError(
            _("Dit account heeft een medische rol; een werkgeversrol kan daar niet bij.")
        )


def separation_of_duties_refusal(held, role: str) -> str | None:
    """Why an account holding ``held`` may not get ``role`` as well, or None (issue 18,
    finding 3; R-ACC-1): a medical role never joins service administration or privacy
    oversight, whichever comes first."""
    if not duties_conflict({*held, role}):
        return None
    if role in MEDICAL_ROLES:
        return _(
            "Dit account is beheerder van de arbodienst of privacyfunctionaris; een "
            "medische rol (bedrijfsarts of praktijkondersteuner) kan daar niet bij. Maak "
            "voor het medische werk een apart account."
        )
    return _(
        "Dit account heeft een medische rol (bedrijfsarts of praktijkondersteuner); "
        "beheer van de arbodienst of privacytoezicht kan daar niet bij. Maak daarvoor een "
        "apart account."
    )


def _check_separation_of_duties(user: User, role: str) -> None:
    held = set(user.role_assignments.values_list("role", flat=True))
    message = separation_of_duties_refusal(held, role)
    if message is not None:
        raise ServiceError({"role": [message]})


def _grant_checks(
    *,
    actor: Actor,
    user: User,
    role: str,
    employer: Employer | None,
    department: Department | None,
    employee: Employee | None,
) -> None:
    """Every rule a grant obeys, with ``actor`` as the issuer: run when a role is
    granted, and for a medical role when it is requested and again when approved."""
    if actor.user_id == user.pk:
        raise Forbidden(_("U kunt uw eigen rechten niet wijzigen."))
    if not can_issue_role(actor, role, employer.pk if employer else None):
        raise Forbidden(_("U mag deze rol niet toekennen."))
    if user.role_assignments.exists() and not can_manage_user(actor, user.pk, grants_of(user)):
        raise Forbidden(_("U mag de rechten van dit account niet wijzigen."))
    _check_scope(role, employer, department, employee)
    _check_employee_binding(actor, user, employee)
    _check_no_side_mixing(user, role)
    _check_separation_of_duties(user, role)
    if RoleAssignment.objects.filter(
        user=user, role=role, employer=employer, department=department, employee=employee
    ).exists():
        raise ServiceError(_("Dit account heeft deze rol al."))
    if (
        employee is not None
        and RoleAssignment.objects.filter(role=Role.EMPLOYEE, employee=employee)
        .exclude(user=user)
        .exists()
    ):
        raise ServiceError(_("Deze werknemer heeft al een ander account."))


def _approval_of(
    actor: Actor, user: User, role: str, scope: tuple, approved_request: RoleRequest | None
) -> RoleRequest:
    """A medical role comes only from a request that the actor approves right now
    (inside ``role_request_decide``) for exactly this account, role and scope."""
    if (
        approved_request is None
        or _APPROVING_REQUEST.get() != approved_request.pk
        or approved_request.kind != RoleRequest.Kind.GRANT
        or approved_request.outcome != RoleRequest.Outcome.APPROVED
        or approved_request.decided_by_id != actor.user_id
        or (approved_request.user_id, approved_request.role) != (user.pk, role)
        or _scope_ids(approved_request) != scope
    ):
        raise Forbidden(
            _("Deze rol wordt alleen toegekend als een tweede persoon de aanvraag goedkeurt.")
        )
    return approved_request


def _scope_ids(holder) -> tuple:
    return (holder.employer_id, holder.department_id, holder.employee_id)


def takes_four_eyes(role: str, employer: Employer | None) -> bool:
    """Whether a grant of ``role`` at ``employer`` is filed as a request for a second
    person (``role_request_file``) instead of made (``role_grant``)."""
    return needs_four_eyes(role, employer.pk if employer else None)


@transaction.atomic
def role_grant(
    *,
    actor: Actor,
    user: User,
    role: str,
    employer: Employer | None = None,
    department: Department | None = None,
    employee: Employee | None = None,
    approved_request: RoleRequest | None = None,
) -> RoleAssignment:
    """The one code path that writes role assignments. A medical role needs the request
    the actor is approving (four eyes): the checks then run with the requester as the
    issuer, and the assignment records the approver (``granted_by``) and the request."""
    employer_id = employer.pk if employer else None
    issuer = actor
    if needs_four_eyes(role, employer_id):
        scope = (employer_id, department.pk if department else None,
                 employee.pk if employee else None)  # fmt: skip
        approved_request = _approval_of(actor, user, role, scope, approved_request)
        issuer = _requester_of(approved_request)
    else:
        approved_request = None
    _grant_checks(
        actor=issuer, user=user, role=role,
        employer=employer, department=department, employee=employee,
    )  # fmt: skip
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        employer=employer,
        department=department,
        employee=employee,
        granted_by_id=actor.user_id,
        role_request=approved_request,
    )
    audit_record(
        actor=actor,
        action=Action.GRANT,
        target=assignment,
        employer_id=employer_id,
        subject_user_id=user.pk,
        subject_employee_id=employee.pk if employee else None,
        details={
            "role": role,
            "department_id": department.pk if department else None,
            "role_request_id": approved_request.pk if approved_request else None,
        },
    )
    return assignment


def _requester_of(role_request: RoleRequest) -> Actor:
    """The requester's authority, as it is now: a requester who lost the right to issue
    the role (or whose account was blocked) no longer backs the request."""
    requester = role_request.requested_by
    if not requester.is_active:
        raise ServiceError(_("Het account van de aanvrager is geblokkeerd; wijs de aanvraag af."))
    return actor_for_user(requester)


# --- four eyes on medical roles (R-ACC-1) ------------------------------------------


@transaction.atomic
def role_request_file(
    *,
    actor: Actor,
    user: User,
    role: str,
    employer: Employer | None = None,
    department: Department | None = None,
    employee: Employee | None = None,
) -> RoleRequest:
    """The first person asks for a medical role. Every check of a grant runs now, so a
    request that could never be granted is refused at once. The request gives no access:
    it is not an assignment. Those who may decide are notified, without content."""
    if not takes_four_eyes(role, employer) or actor.user_id is None:
        raise ServiceError(_("Deze rol vraagt geen tweede persoon; ken deze rol toe."))
    _grant_checks(
        actor=actor, user=user, role=role,
        employer=employer, department=department, employee=employee,
    )  # fmt: skip
    pending = RoleRequest.objects.filter(
        user=user, role=role, kind=RoleRequest.Kind.GRANT, outcome=RoleRequest.Outcome.PENDING
    )
    if pending.exists():
        raise ServiceError(_("Voor dit account loopt al een aanvraag voor deze rol."))
    role_request = RoleRequest.objects.create(
        user=user, role=role, employer=employer, department=department, employee=employee,
        requested_by_id=actor.user_id, requested_at=clock.now(),
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE, target=role_request, subject_user_id=user.pk,
        details={"role": role, "step": "role_requested"},
    )  # fmt: skip
    deciders = role_request_deciders(role_request)
    events.role_request_filed.send(
        sender=RoleRequest, role_request=role_request, recipients=deciders
    )
    return role_request


def role_request_deciders(role_request: RoleRequest) -> list[int]:
    """Who can be the second person for ``role_request``: active accounts that may
    decide, other than its requester and the account it is for."""
    candidates = (
        User.objects.filter(is_active=True)
        .filter(role_assignments__role__in=[Role.SERVICE_ADMIN, Role.PRIVACY_OFFICER])
        .exclude(pk__in=[role_request.requested_by_id, role_request.user_id])
        .distinct()
    )
    return [
        user.pk
        for user in candidates
        if can_decide_role_request(actor_for_user(user), role_request)
    ]


@transaction.atomic
def role_request_decide(*, actor: Actor, role_request: RoleRequest, approve: bool) -> RoleRequest:
    """The second person approves or refuses, once. Approval makes the assignment
    through ``role_grant``, with every check run again; if one fails, nothing changes
    and the request stays pending."""
    role_request = _locked_pending(role_request)
    if actor.user_id == role_request.requested_by_id:
        raise Forbidden(
            _("U hebt deze aanvraag zelf ingediend. Een tweede persoon beslist erover.")
        )
    if not can_decide_role_request(actor, role_request):
        raise Forbidden(_("U mag over deze aanvraag niet beslissen."))
    role_request.outcome = RoleRequest.Outcome.APPROVED if approve else RoleRequest.Outcome.REFUSED
    role_request.decided_by_id = actor.user_id
    role_request.decided_at = clock.now()
    role_request.save(update_fields=["outcome", "decided_by", "decided_at"])
    audit_record(
        actor=actor, action=Action.UPDATE, target=role_request,
        subject_user_id=role_request.user_id,
        details={"role": role_request.role, "step": f"role_request_{role_request.outcome}"},
    )  # fmt: skip
    if approve:
        token = _APPROVING_REQUEST.set(role_request.pk)
        try:
            _carry_out(actor, role_request)
        finally:
            _APPROVING_REQUEST.reset(token)
    events.role_request_decided.send(sender=RoleRequest, role_request=role_request)
    return role_request


def _carry_out(actor: Actor, role_request: RoleRequest) -> None:
    """What an approval does: the grant, or the reset (whose activation code goes to
    the approver, to hand over apart from the e-mailed link)."""
    if role_request.kind == RoleRequest.Kind.CREDENTIALS:
        role_request.issued_activation = credentials_reset(
            actor=actor, user=role_request.user, password=role_request.reset_password,
            second_factor=role_request.reset_second_factor, approved_request=role_request,
        )  # fmt: skip
        return
    role_grant(
        actor=actor, user=role_request.user, role=role_request.role,
        employer=role_request.employer, department=role_request.department,
        employee=role_request.employee, approved_request=role_request,
    )  # fmt: skip


@transaction.atomic
def role_request_withdraw(*, actor: Actor, role_request: RoleRequest) -> RoleRequest:
    """The requester takes back a pending request; nobody else can."""
    role_request = _locked_pending(role_request)
    if actor.user_id != role_request.requested_by_id:
        raise Forbidden(_("Alleen wie de aanvraag indiende, kan haar intrekken."))
    role_request.outcome = RoleRequest.Outcome.WITHDRAWN
    role_request.decided_at = clock.now()
    role_request.save(update_fields=["outcome", "decided_at"])
    audit_record(
        actor=actor, action=Action.UPDATE, target=role_request,
        subject_user_id=role_request.user_id,
        details={"role": role_request.role, "step": "role_request_withdrawn"},
    )  # fmt: skip
    return role_request


def _locked_pending(role_request: RoleRequest) -> RoleRequest:
    """The request, locked against a decision at the same moment; refused once decided."""
    locked = (
        RoleRequest.objects.select_for_update(of=("self",))
        .select_related("user", "requested_by", "employer", "department", "employee")
        .get(pk=role_request.pk)
    )
    if not locked.is_pending:
        raise ServiceError(_("Over deze aanvraag is al besloten."))
    return locked


@transaction.atomic
def role_revoke(*, actor: Actor, assignment: RoleAssignment) -> None:
    if actor.user_id == assignment.user_id:
        raise Forbidden(_("U kunt uw eigen rechten niet wijzigen."))
    if not can_issue_role(actor, assignment.role, assignment.employer_id):
        raise Forbidden(_("U mag deze rol niet intrekken."))
    if not can_manage_user(actor, assignment.user_id, grants_of(assignment.user)):
        raise Forbidden(_("U mag de rechten van dit account niet wijzigen."))
    if assignment.role == Role.EMPLOYEE and not actor.has_role(Role.SERVICE_ADMIN):
        # Unbinding a person from their own record is how an account is hijacked.
        raise Forbidden(_("Alleen de arbodienst ontkoppelt een werknemersaccount."))
    audit_record(
        actor=actor,
        action=Action.REVOKE,
        target=assignment,
        employer_id=assignment.employer_id,
        subject_user_id=assignment.user_id,
        details={"role": assignment.role},
    )
    assignment.delete()
    # Rights shrink at once: open sessions of that user start over.
    User.objects.filter(pk=assignment.user_id).update(session_epoch=F("session_epoch") + 1)


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    employer: Employer | None = None,
    department: Department | None = None,
    employee: Employee | None = None,
    send_invitation: bool = True,
) -> User:
    """Create an account with its first role. With ``send_invitation`` the account gets
    an activation: a link by e-mail and a code for the issuer to hand over
    (``user.issued_activation``), with which the holder sets a password and enrols a
    second factor. Without one (the demo), nobody can claim the account by password."""
    if not can_issue_role(actor, role, employer.pk if employer else None):
        raise Forbidden(_("U mag geen account met deze rol aanmaken."))
    refusals = Refusals()  # names pass the medical-text guard (issue 18, finding 5)
    master_text_refusals(refusals, {"first_name": first_name, "last_name": last_name})
    refusals.raise_if_any()
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        if actor.has_role(Role.SERVICE_ADMIN):
            raise ServiceError(_("Er bestaat al een account met dit e-mailadres."))
        # Not "it exists": an employer must not learn who else has an account.
        raise ServiceError(
            _("Dit e-mailadres kan hier niet worden gebruikt. Neem contact op met de arbodienst.")
        )
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=None, first_name=first_name, last_name=last_name
            )
    except IntegrityError:
        raise ServiceError(_("Er bestaat al een account met dit e-mailadres.")) from None
    # The issuer vouches for the address; there is no self-service sign-up.
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    audit_record(actor=actor, action=Action.CREATE, target=user, subject_user_id=user.pk)
    # A medical or deciding role is requested, not granted: the account has no role until
    # a second person approves (four eyes, R-ACC-1).
    if takes_four_eyes(role, employer):
        user.filed_role_request = role_request_file(
            actor=actor, user=user, role=role,
            employer=employer, department=department, employee=employee,
        )  # fmt: skip
    else:
        role_grant(
            actor=actor, user=user, role=role,
            employer=employer, department=department, employee=employee,
        )  # fmt: skip
    if send_invitation:
        user.issued_activation = activation_issue(
            actor=actor, user=user, purpose=Activation.Purpose.NEW
        )
    return user


def medical_roles_of(user: User) -> list[str]:
    """The roles an account holds that take four eyes (medical, and the service-wide
    deciding roles): resetting its credentials is as good as issuing it, so that too
    needs a second person (R-ACC-1)."""
    held = user.role_assignments.filter(role__in=FOUR_EYES_ROLES).values_list("role", "employer_id")
    return sorted({role for role, employer_id in held if needs_four_eyes(role, employer_id)})


@transaction.atomic
def credentials_reset_request_file(
    *, actor: Actor, user: User, password: bool = True, second_factor: bool = True
) -> RoleRequest:
    """The first person asks to reset the credentials of an account with a medical
    role; the checks of a reset run now and again at approval."""
    if not can_manage_user(actor, user.pk, grants_of(user)) or actor.user_id is None:
        raise Forbidden(_("U mag de inloggegevens van dit account niet herstellen."))
    roles = medical_roles_of(user)
    if not roles:
        raise ServiceError(
            _("Dit account heeft geen rol die een tweede persoon vraagt; herstel het direct.")
        )
    password = password or second_factor
    if not password:
        raise ServiceError(_("Kies wat u wilt herstellen: wachtwoord, tweede factor of beide."))
    if RoleRequest.objects.filter(
        user=user, kind=RoleRequest.Kind.CREDENTIALS, outcome=RoleRequest.Outcome.PENDING
    ).exists():
        raise ServiceError(
            _("Voor dit account loopt al een aanvraag om de inloggegevens te herstellen.")
        )
    role_request = RoleRequest.objects.create(
        user=user, role=roles[0], kind=RoleRequest.Kind.CREDENTIALS,
        reset_password=password, reset_second_factor=second_factor,
        requested_by_id=actor.user_id, requested_at=clock.now(),
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE, target=role_request, subject_user_id=user.pk,
        details={"role": role_request.role, "step": "credentials_reset_requested",
                 "password": password, "second_factor": second_factor},
    )  # fmt: skip
    deciders = role_request_deciders(role_request)
    events.role_request_filed.send(
        sender=RoleRequest, role_request=role_request, recipients=deciders
    )
    return role_request


def _reset_approval_of(
    actor: Actor, user: User, approved_request: RoleRequest | None
) -> RoleRequest:
    if (
        approved_request is None
        or _APPROVING_REQUEST.get() != approved_request.pk
        or approved_request.kind != RoleRequest.Kind.CREDENTIALS
        or approved_request.outcome != RoleRequest.Outcome.APPROVED
        or approved_request.decided_by_id != actor.user_id
        or approved_request.user_id != user.pk
    ):
        raise Forbidden(
            _(
                "De inloggegevens van een account met een rol die een tweede persoon vraagt "
                "worden alleen hersteld als een tweede persoon de aanvraag goedkeurt."
            )
        )
    return approved_request


@transaction.atomic
def credentials_reset(
    *,
    actor: Actor,
    user: User,
    password: bool = True,
    second_factor: bool = True,
    approved_request: RoleRequest | None = None,
) -> IssuedActivation | None:
    """Reset what a user signs in with; open sessions end now. A password reset alone
    sends a set-password link (the factor still guards the account). A factor reset
    removes every factor and issues an activation (e-mailed link plus the returned code
    for the issuer to hand over), through which the holder sets a new password and
    enrols a new factor: the old password never leads to enrolment (issue 18, finding 4).
    An account with a medical role is reset only by the approval of a request (four
    eyes): the requester's authority is checked, and the approver gets the code.
    """
    issuer = actor
    if medical_roles_of(user):
        approved_request = _reset_approval_of(actor, user, approved_request)
        issuer = _requester_of(approved_request)
    if not can_manage_user(issuer, user.pk, grants_of(user)):
        raise Forbidden(_("U mag de inloggegevens van dit account niet herstellen."))
    # A new factor is enrolled right after the password; with the old password still
    # valid, whoever knows it would enrol theirs (ASVS 2.5.7). So a factor reset always
    # sends the owner a set-password link as well.
    password = password or second_factor
    if not (password or second_factor):
        raise ServiceError(_("Kies wat u wilt herstellen: wachtwoord, tweede factor of beide."))
    if password:
        user.set_unusable_password()
    if second_factor:
        with _resetting_factors(user):
            Authenticator.objects.filter(user=user).delete()
    user.session_epoch += 1
    user.save(update_fields=["password", "session_epoch"])
    audit_record(
        actor=actor,
        action=Action.RESET_CREDENTIALS,
        target=user,
        subject_user_id=user.pk,
        details={"password": password, "second_factor": second_factor,
                 "role_request_id": approved_request.pk if approved_request else None},
    )  # fmt: skip
    if second_factor:
        return activation_issue(actor=actor, user=user, purpose=Activation.Purpose.RESET)
    transaction.on_commit(lambda: _send_set_password_mail(user))
    return None


ACTIVATION_VALID_FOR = timedelta(hours=72)
ACTIVATION_MAX_WRONG_CODES = 5


def _digest(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def _normalised_code(code: str) -> str:
    return "".join(ch for ch in str(code) if ch.isdigit())


@transaction.atomic
def activation_issue(*, actor: Actor, user: User, purpose: str) -> IssuedActivation:
    """A new activation for ``user``; earlier open ones become void. The link goes to
    the account's address by e-mail; the returned code is shown once to the issuer."""
    now = timezone.now()
    Activation.objects.filter(user=user, used_at=None, voided_at=None).update(voided_at=now)
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(10**8):08d}"
    activation = Activation.objects.create(
        user=user,
        purpose=purpose,
        token_digest=_digest("token:" + token),
        code_digest=_digest(f"code:{token}:{code}"),
        expires_at=now + ACTIVATION_VALID_FOR,
        issued_by_id=actor.user_id,
    )
    audit_record(
        actor=actor,
        action=Action.CREATE,
        target=activation,
        subject_user_id=user.pk,
        details={"activation": purpose},
    )
    url = absolute(reverse("accounts:activate", kwargs={"token": token}))
    transaction.on_commit(lambda: _send_activation_mail(user, url))
    return IssuedActivation(
        code=f"{code[:4]}-{code[4:]}", expires_at=activation.expires_at, url=url
    )


def activation_for_token(token: str) -> Activation | None:
    """The open activation this link belongs to, or None (unknown, used, void or
    expired: the caller shows one and the same page for all)."""
    return (
        Activation.objects.filter(
            token_digest=_digest("token:" + token),
            used_at=None,
            voided_at=None,
            expires_at__gt=timezone.now(),
        )
        .select_related("user")
        .first()
    )


def activation_complete(*, actor: Actor, token: str, code: str, password: str) -> User:
    """Claim the account: the right code for this link, within its time, once. Sets the
    password; the caller then signs the holder in to enrol a factor. Five wrong codes
    void the activation (the issuer makes a new one)."""
    with transaction.atomic():
        activation = activation_for_token(token)
        if activation is None:
            raise ServiceError(_("Deze activeringslink werkt niet (meer)."))
        activation = Activation.objects.select_for_update().get(pk=activation.pk)
        user = activation.user
        expected = activation.code_digest
        given = _digest(f"code:{token}:{_normalised_code(code)}")
        if not hmac.compare_digest(expected, given):
            activation.failed_codes += 1
            void = activation.failed_codes >= ACTIVATION_MAX_WRONG_CODES
            if void:
                activation.voided_at = timezone.now()
            activation.save(update_fields=["failed_codes", "voided_at", "updated_at"])
            audit_record(
                actor=actor,
                action=Action.SIGN_IN_FAILED,
                outcome=Outcome.FAILED,
                subject_user_id=user.pk,
                details={"step": "activation"},
            )
            wrong = ServiceError(
                _(
                    "Deze code klopt niet. Na vijf foute codes werkt de link niet meer; "
                    "vraag dan uw beheerder om een nieuwe."
                )
            )
        else:
            wrong = None
    if wrong is not None:
        raise wrong  # after the commit above: the count of wrong codes stays
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ServiceError(error.messages) from None
    with transaction.atomic():
        activation = Activation.objects.select_for_update().get(pk=activation.pk)
        if activation.used_at is not None or activation.voided_at is not None:
            raise ServiceError(_("Deze activeringslink werkt niet (meer)."))
        activation.used_at = timezone.now()
        activation.save(update_fields=["used_at", "updated_at"])
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            action=Action.SIGN_IN,
            target=activation,
            subject_user_id=user.pk,
            details={"step": "activation"},
        )
    return user


def _send_activation_mail(user: User, url: str) -> None:
    """The link only; the code comes from the issuer, never by the same e-mail."""
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_("[Poortwachter] Activeer uw account"),
            message=_(
                "Er is een Poortwachter-account voor u klaargezet, of uw tweede factor is "
                "hersteld.\n\nActiveer uw account via deze link:\n{url}\n\n"
                "U hebt daarbij de activeringscode nodig die u van uw beheerder krijgt. "
                "De link werkt 72 uur en één keer. Daarna kiest u een wachtwoord en stelt "
                "u uw tweede factor in."
            ).format(url=url),
            from_email=None,
            recipient_list=[user.email],
        )


def factor_added_notify(user: User) -> None:
    """Tell the holder, without content, that a factor was added to their account: if
    it was not them, someone has their session (issue 18, finding 2)."""
    transaction.on_commit(lambda: _send_factor_added_mail(user))


def _send_factor_added_mail(user: User) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_("[Poortwachter] Er is een tweede factor toegevoegd"),
            message=_(
                "Aan uw Poortwachter-account is zojuist een tweede factor toegevoegd (een "
                "app, een beveiligingssleutel of nieuwe herstelcodes).\n\nWas u dit niet? "
                "Neem dan direct contact op met uw beheerder of de arbodienst.\n\n"
                "Uw account: {url}"
            ).format(url=absolute(reverse("mfa_index"))),
            from_email=None,
            recipient_list=[user.email],
        )


# --- lifting a sign-in lock by e-mail (issue 18, finding 6) ---------------------------

UNLOCK_VALID_FOR = timedelta(hours=1)
_UNLOCK_KEY = "pw-unlock:"
_UNLOCK_SENT = "pw-unlock-sent:"


def unlock_link_send(*, username: str, ip_address: str) -> None:
    """A source was locked out of ``username`` after too many wrong passwords: the
    holder, if that account exists, gets a content-free e-mail with a link that lifts
    the lock. The link holds a random token only; the source stays on the server. One
    mail per lock: a new lock of the same source replaces the earlier link."""
    user = User.objects.filter(email__iexact=username).first()
    if user is None or not user.is_active:
        return
    sent = _UNLOCK_SENT + _digest(f"sent:{username}:{ip_address}")
    if not cache.add(sent, 1, int(settings.AXES_COOLOFF_TIME.total_seconds())):
        return  # every attempt during the lock signals again; one mail per lock
    token = secrets.token_urlsafe(32)
    cache.set(
        _UNLOCK_KEY + _digest("unlock:" + token),
        {"user_id": user.pk, "username": username, "ip_address": ip_address},
        int(UNLOCK_VALID_FOR.total_seconds()),
    )
    url = absolute(reverse("accounts:unlock", kwargs={"token": token}))
    transaction.on_commit(lambda: _send_unlock_mail(user, url))


def unlock_pending(token: str) -> bool:
    return cache.get(_UNLOCK_KEY + _digest("unlock:" + token)) is not None


def unlock_complete(*, actor: Actor, token: str) -> bool:
    """Lift the lock this link was sent for; once. False for an unknown, used or
    expired link (one answer for all)."""
    key = _UNLOCK_KEY + _digest("unlock:" + token)
    entry = cache.get(key)
    if entry is None:
        return False
    cache.delete(key)
    sent = f"sent:{entry['username']}:{entry['ip_address']}"
    cache.delete(_UNLOCK_SENT + _digest(sent))
    AxesProxyHandler.reset_attempts(username=entry["username"], ip_address=entry["ip_address"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        subject_user_id=entry["user_id"],
        details={"step": "sign_in_unlocked"},
    )
    return True


def _send_unlock_mail(user: User, url: str) -> None:
    """Nothing but that there is something for the holder, and the link."""
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_("[Poortwachter] Er is iets voor u"),
            message=_("Er is iets voor u in Poortwachter:\n{url}").format(url=url),
            from_email=None,
            recipient_list=[user.email],
        )


def _send_set_password_mail(user: User) -> None:
    """A link to set a password; no content about the account's rights or data."""
    # In the installation's language, not in whatever language the issuer's page had.
    with translation.override(settings.LANGUAGE_CODE):
        _send_mail_now(user, set_password_url(user))


def _send_mail_now(user: User, url: str) -> None:
    send_mail(
        subject=_("[Poortwachter] Stel uw wachtwoord in"),
        message=_(
            "Uw wachtwoord voor Poortwachter is hersteld.\n\nStel een nieuw wachtwoord "
            "in via deze link:\n{url}\n\nUw tweede factor blijft zoals die was."
        ).format(url=url),
        from_email=None,
        recipient_list=[user.email],
    )
