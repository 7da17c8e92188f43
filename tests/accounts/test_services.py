"""Issuing, changing and resetting credentials (R-ACC-1): the services are the only write
path, so these tests are the rule whatever page or API call reaches them."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail

from poortwachter.accounts import services
from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.roles import Role


def _create(actor, role, email="nieuw@test.example", **scope):
    return services.user_create(
        actor=actor, email=email, first_name="Nieuw", last_name="Account", role=role, **scope
    )


@pytest.mark.parametrize("role", [Role.DOCTOR, Role.ASSISTANT, Role.SERVICE_ADMIN])
def test_employer_admin_cannot_create_a_medical_or_service_account(world, actor_of, role):
    with pytest.raises(Forbidden):
        _create(actor_of("employer_admin"), role)
    assert not User.objects.filter(email="nieuw@test.example").exists()


def test_employer_admin_cannot_create_another_employer_admin(world, actor_of):
    with pytest.raises(Forbidden):
        _create(actor_of("employer_admin"), Role.EMPLOYER_ADMIN, employer=world.employer)
    assert not User.objects.filter(email="nieuw@test.example").exists()


def test_employer_admin_creates_hr_at_own_employer_and_it_is_logged(
    world, actor_of, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = _create(actor_of("employer_admin"), Role.HR, employer=world.employer)
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.employer_id) == (Role.HR, world.employer.pk)
    assert not user.has_usable_password()
    actions = set(
        AccessEvent.objects.filter(subject_user_id=user.pk).values_list("action", flat=True)
    )
    assert {Action.CREATE, Action.GRANT} <= actions
    # The invitation carries an activation link and nothing about rights or data; the
    # code goes to the issuer only, never in the same e-mail (issue 18, finding 4).
    assert len(mail.outbox) == 1
    assert "/activeren/" in mail.outbox[0].body
    code = user.issued_activation.code
    assert re.fullmatch(r"\d{4}-\d{4}", code)
    assert code not in mail.outbox[0].body
    assert code.replace("-", "") not in mail.outbox[0].body


def test_employer_admin_cannot_create_accounts_at_another_employer(world, actor_of):
    with pytest.raises(Forbidden):
        _create(actor_of("employer_admin"), Role.HR, employer=world.other_employer)


def test_service_admin_creates_a_doctor_account_whose_role_waits_for_a_second_person(
    world, actor_of, second_admin
):
    """Four eyes (R-ACC-1): the account exists, the doctor role is only requested."""
    user = _create(actor_of("service_admin"), Role.DOCTOR)
    assert not user.role_assignments.exists()
    assert user.filed_role_request.role == Role.DOCTOR
    services.role_request_decide(
        actor=actor_for_user(second_admin), role_request=user.filed_role_request, approve=True
    )
    assert user.role_assignments.get().role == Role.DOCTOR


def test_nobody_grants_themselves_a_role(world, actor_of):
    with pytest.raises(Forbidden):
        services.role_request_file(
            actor=actor_of("service_admin"), user=world.service_admin, role=Role.DOCTOR
        )
    with pytest.raises(Forbidden):
        services.role_grant(
            actor=actor_of("employer_admin"), user=world.employer_admin,
            role=Role.HR, employer=world.employer,
        )  # fmt: skip


def test_employer_admin_cannot_raise_an_hr_user_to_doctor(world, actor_of):
    with pytest.raises(Forbidden):
        services.role_request_file(
            actor=actor_of("employer_admin"), user=world.hr, role=Role.DOCTOR
        )
    assert not world.hr.role_assignments.filter(role=Role.DOCTOR).exists()
    assert not world.hr.role_requests.exists()


def test_employer_admin_cannot_add_roles_to_a_user_it_does_not_fully_manage(world, actor_of):
    """A doctor's account is off limits, even for a role the admin may otherwise issue."""
    with pytest.raises(Forbidden):
        services.role_grant(
            actor=actor_of("employer_admin"), user=world.doctor,
            role=Role.EMPLOYEE, employer=world.employer, employee=world.kitchen_employee,
        )  # fmt: skip


def test_no_account_holds_both_an_employer_role_and_a_medical_role(world, actor_of):
    admin = actor_of("service_admin")
    with pytest.raises(ServiceError):
        services.role_request_file(actor=admin, user=world.hr, role=Role.DOCTOR)
    with pytest.raises(ServiceError):
        services.role_grant(actor=admin, user=world.doctor, role=Role.HR, employer=world.employer)


def test_scope_must_belong_to_the_employer(world, actor_of):
    with pytest.raises(ServiceError):
        _create(
            actor_of("service_admin"), Role.MANAGER,
            employer=world.employer, department=world.other_department,
        )  # fmt: skip
    with pytest.raises(ServiceError):
        _create(
            actor_of("service_admin"), Role.EMPLOYEE,
            employer=world.employer, employee=world.other_employee,
        )  # fmt: skip
    assert not User.objects.filter(email="nieuw@test.example").exists()


def test_duplicate_email_is_refused_in_dutch(world, actor_of):
    with pytest.raises(ServiceError, match="bestaat al"):
        _create(actor_of("service_admin"), Role.DOCTOR, email=world.hr.email.upper())


def test_employer_admin_resets_hr_credentials(world, actor_of):
    epoch = world.hr.session_epoch
    services.credentials_reset(actor=actor_of("employer_admin"), user=world.hr)
    world.hr.refresh_from_db()
    assert not Authenticator.objects.filter(user=world.hr).exists()
    assert not world.hr.has_usable_password()
    assert world.hr.session_epoch == epoch + 1
    event = AccessEvent.objects.get(action=Action.RESET_CREDENTIALS)
    assert event.subject_user_id == world.hr.pk


@pytest.mark.parametrize("target", ["doctor", "assistant", "service_admin", "outsider"])
def test_employer_admin_cannot_reset_credentials_it_could_not_issue(world, actor_of, target):
    user = world.users[target]
    with pytest.raises(Forbidden):
        services.credentials_reset(actor=actor_of("employer_admin"), user=user)
    assert Authenticator.objects.filter(user=user).exists()
    assert user.has_usable_password()


def _reset_with_four_eyes(world, actor_of, second_admin, **what):
    """A doctor's reset: requested by the service administrator, approved by another."""
    filed = services.credentials_reset_request_file(
        actor=actor_of("service_admin"), user=world.doctor, **what
    )
    return services.role_request_decide(
        actor=actor_for_user(second_admin), role_request=filed, approve=True
    )


def test_a_second_factor_reset_also_resets_the_password(world, actor_of, second_admin):
    """Review finding (ASVS 2.5.7): otherwise whoever knows the old password enrols
    their own factor at the next sign-in."""
    _reset_with_four_eyes(world, actor_of, second_admin, password=False, second_factor=True)
    world.doctor.refresh_from_db()
    assert not world.doctor.has_usable_password()
    assert not Authenticator.objects.filter(user=world.doctor).exists()


def test_a_password_reset_keeps_the_second_factor(world, actor_of, second_admin):
    _reset_with_four_eyes(world, actor_of, second_admin, password=True, second_factor=False)
    world.doctor.refresh_from_db()
    assert not world.doctor.has_usable_password()
    assert Authenticator.objects.filter(user=world.doctor).exists()


def test_revoking_a_role_ends_the_users_sessions(world, actor_of):
    assignment = world.hr.role_assignments.get()
    epoch = world.hr.session_epoch
    services.role_revoke(actor=actor_of("employer_admin"), assignment=assignment)
    world.hr.refresh_from_db()
    assert not world.hr.role_assignments.exists()
    assert world.hr.session_epoch == epoch + 1


def test_employer_admin_cannot_revoke_a_doctor_role(world, actor_of):
    with pytest.raises(Forbidden):
        services.role_revoke(
            actor=actor_of("employer_admin"), assignment=world.doctor.role_assignments.get()
        )


def test_superusers_cannot_exist(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=world.hr.pk).update(is_superuser=True)
    with pytest.raises(NotImplementedError):
        User.objects.create_superuser("root@test.example", "x")


def test_employer_admin_cannot_bind_someone_elses_account_to_an_employee(world, actor_of):
    """Review finding: binding an account as 'the employee' lets it act as that person
    (their emergency information, later their advice). Only the employee's own address
    on record qualifies, outside the service administrator."""
    admin = actor_of("employer_admin")
    with pytest.raises(ServiceError, match="personeelsadministratie"):
        services.role_grant(
            actor=admin, user=world.hr, role=Role.EMPLOYEE,
            employer=world.employer, employee=world.night_employee,
        )  # fmt: skip
    with pytest.raises(ServiceError, match="personeelsadministratie"):
        _create(admin, Role.EMPLOYEE, email="alias@test.example",
                employer=world.employer, employee=world.kitchen_employee)  # fmt: skip
    assert (
        not RoleAssignment.objects.filter(role=Role.EMPLOYEE).exclude(user=world.employee).exists()
    )
    user = _create(admin, Role.EMPLOYEE, email=world.kitchen_employee.email,
                   employer=world.employer, employee=world.kitchen_employee)  # fmt: skip
    assert user.role_assignments.get().employee == world.kitchen_employee


def test_employer_admin_cannot_unbind_an_employee_account(world, actor_of):
    assignment = world.employee.role_assignments.get()
    with pytest.raises(Forbidden):
        services.role_revoke(actor=actor_of("employer_admin"), assignment=assignment)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_revoking_needs_full_management_of_the_account(world, actor_of):
    """Review finding: an HR grant of a user who is also privacy officer is not the
    employer administrator's to revoke (it would end that user's sessions)."""
    from tests.factories import grant

    hr_grant = grant(world.privacy_officer, Role.HR, employer=world.employer)
    with pytest.raises(Forbidden):
        services.role_revoke(actor=actor_of("employer_admin"), assignment=hr_grant)
    from poortwachter.accounts.policies import get_assignment_for

    with pytest.raises(Forbidden):
        get_assignment_for(actor_of("employer_admin"), hr_grant.pk)


def test_existing_addresses_are_not_confirmed_to_employers(world, actor_of):
    with pytest.raises(ServiceError) as refused:
        _create(actor_of("employer_admin"), Role.HR, email=world.doctor.email,
                employer=world.employer)  # fmt: skip
    assert "bestaat al" not in str(refused.value)


def test_the_revoke_button_appears_only_where_revoking_works(world, client_for):
    page = client_for("employer_admin").get(f"/accounts-beheer/{world.employee.pk}/")
    assert "intrekken/" not in page.content.decode()  # an employee account: not theirs
    page = client_for("employer_admin").get(f"/accounts-beheer/{world.hr.pk}/")
    assert "intrekken/" in page.content.decode()
