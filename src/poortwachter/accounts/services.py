"""Issuing, changing and resetting credentials (R-ACC-1). Every function checks the
issuance policy, writes its access event in the same transaction, and refuses with a
Dutch message the user can act on."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from poortwachter.accounts.links import set_password_url
from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.accounts.policies import can_issue_role, can_manage_user, grants_of
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.roles import EMPLOYER_STAFF_ROLES, MEDICAL_ROLES, Role
from poortwachter.organisations.models import Department, Employee, Employer


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


@transaction.atomic
def role_grant(
    *,
    actor: Actor,
    user: User,
    role: str,
    employer: Employer | None = None,
    department: Department | None = None,
    employee: Employee | None = None,
) -> RoleAssignment:
    if actor.user_id == user.pk:
        raise Forbidden(_("U kunt uw eigen rechten niet wijzigen."))
    employer_id = employer.pk if employer else None
    if not can_issue_role(actor, role, employer_id):
        raise Forbidden(_("U mag deze rol niet toekennen."))
    if user.role_assignments.exists() and not can_manage_user(actor, user.pk, grants_of(user)):
        raise Forbidden(_("U mag de rechten van dit account niet wijzigen."))
    _check_scope(role, employer, department, employee)
    _check_employee_binding(actor, user, employee)
    _check_no_side_mixing(user, role)
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
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        employer=employer,
        department=department,
        employee=employee,
        granted_by_id=actor.user_id,
    )
    audit_record(
        actor=actor,
        action=Action.GRANT,
        target=assignment,
        employer_id=employer_id,
        subject_user_id=user.pk,
        subject_employee_id=employee.pk if employee else None,
        details={"role": role, "department_id": department.pk if department else None},
    )
    return assignment


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
    """Create an account with its first role. The new user sets a password through an
    e-mailed link and must enrol a second factor at first sign-in."""
    if not can_issue_role(actor, role, employer.pk if employer else None):
        raise Forbidden(_("U mag geen account met deze rol aanmaken."))
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
    role_grant(
        actor=actor,
        user=user,
        role=role,
        employer=employer,
        department=department,
        employee=employee,
    )
    if send_invitation:
        transaction.on_commit(lambda: _send_set_password_mail(user))
    return user


@transaction.atomic
def credentials_reset(
    *, actor: Actor, user: User, password: bool = True, second_factor: bool = True
) -> None:
    """Reset what a user signs in with. The user gets a link to set a new password and
    must enrol a new second factor at the next sign-in; open sessions end now."""
    if not can_manage_user(actor, user.pk, grants_of(user)):
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
        Authenticator.objects.filter(user=user).delete()
    user.session_epoch += 1
    user.save(update_fields=["password", "session_epoch"])
    audit_record(
        actor=actor,
        action=Action.RESET_CREDENTIALS,
        target=user,
        subject_user_id=user.pk,
        details={"password": password, "second_factor": second_factor},
    )
    if password:
        transaction.on_commit(lambda: _send_set_password_mail(user))


def _send_set_password_mail(user: User) -> None:
    """A link to set a password; no content about the account's rights or data."""
    # In the installation's language, not in whatever language the issuer's page had.
    with translation.override(settings.LANGUAGE_CODE):
        _send_mail_now(user, set_password_url(user))


def _send_mail_now(user: User, url: str) -> None:
    send_mail(
        subject=_("[Poortwachter] Stel uw wachtwoord in"),
        message=_(
            "Er is een Poortwachter-account voor u klaargezet of uw inloggegevens zijn "
            "hersteld.\n\nStel uw wachtwoord in via deze link:\n{url}\n\n"
            "Daarna stelt u bij de eerste keer inloggen een tweede factor in."
        ).format(url=url),
        from_email=None,
        recipient_list=[user.email],
    )
