"""Separation of duties on the service side (issue 18, finding 3; R-ACC-1, R-MED-1).

The attack as it was done: one account was doctor, service administrator and privacy
officer at once; it assigned itself as doctor to an employer, read that employer's sick
reports, and created assistant accounts. Each test below replays a step of it, over
HTTP where the attack used pages, and fails on the code before the fix."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from poortwachter.absences.services import SickReportInput, sick_report_create
from poortwachter.accounts import services
from poortwachter.accounts.db import drop_separation_triggers, install_separation_triggers
from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.accounts.selectors import accounts_with_conflicting_duties, actor_for_user
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core import clock
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.roles import Role, needs_four_eyes
from poortwachter.medical import policies as medical_policies
from poortwachter.medical import services as medical_services
from poortwachter.organisations import services as org_services
from poortwachter.organisations.models import DoctorAssignment, DoctorAssignmentChange
from tests.factories import UserFactory, enrol_totp, grant
from tests.helpers import sign_in

COMBINED = (Role.SERVICE_ADMIN, Role.DOCTOR, Role.PRIVACY_OFFICER)


def _legacy_combined_account() -> User:
    """An account made before the rule existed: the triggers are dropped for the
    inserts only, as if the rows came from an older database."""
    combo = UserFactory(email="combi@test.example", first_name="Combi", last_name="Account")
    drop_separation_triggers(connection)
    try:
        for role in COMBINED:
            grant(combo, role)
    finally:
        install_separation_triggers(connection)
    enrol_totp(combo)
    return combo


def _sick_report(world) -> None:
    """Otto, at the other employer, reports sick (through the service, as his HR)."""
    data = SickReportInput(
        first_sick_day=clock.today(), phone="06 12345678", care_street="Lindelaan",
        care_house_number="12",
        care_postcode="3511 AB", care_city="Utrecht", expected_duration="days",
        appointments_and_work="", safety_net_applies=False, work_accident=False,
        traffic_accident_third_party=False,
    )  # fmt: skip
    hr = actor_for_user(world.outsider)
    sick_report_create(actor=hr, employee=world.other_employee, data=data)


# --- the rule, in the service that grants roles -----------------------------------


@pytest.mark.parametrize(
    ("held", "added"),
    [
        (Role.SERVICE_ADMIN, Role.DOCTOR),
        (Role.SERVICE_ADMIN, Role.ASSISTANT),
        (Role.PRIVACY_OFFICER, Role.DOCTOR),
        (Role.PRIVACY_OFFICER, Role.ASSISTANT),
        (Role.DOCTOR, Role.SERVICE_ADMIN),
        (Role.DOCTOR, Role.PRIVACY_OFFICER),
        (Role.ASSISTANT, Role.SERVICE_ADMIN),
        (Role.ASSISTANT, Role.PRIVACY_OFFICER),
    ],
)
def test_a_medical_role_never_joins_administration_or_privacy_oversight(
    world, actor_of, held, added
):
    user = UserFactory()
    grant(user, held)
    # A medical or deciding role is requested (four eyes): the request is refused at once.
    write = services.role_request_file if needs_four_eyes(added, None) else services.role_grant
    with pytest.raises(ServiceError) as refused:
        write(actor=actor_of("service_admin"), user=user, role=added)
    assert "apart account" in refused.value.message_dict["role"][0]
    assert set(user.role_assignments.values_list("role", flat=True)) == {held}


def test_the_database_refuses_the_combination_too(world):
    """Any path, not only the service: a direct insert or update is refused."""
    with pytest.raises(IntegrityError), transaction.atomic():
        grant(world.doctor, Role.SERVICE_ADMIN)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.filter(user=world.privacy_officer).update(role=Role.ASSISTANT)
    # Unrelated combinations stay possible: a doctor who also works as assistant.
    grant(world.doctor, Role.ASSISTANT)


def test_granting_a_doctor_role_to_an_administrator_over_http_shows_the_refusal_on_the_field(
    world, client
):
    other_admin = UserFactory(email="beheer2@test.example")
    grant(other_admin, Role.SERVICE_ADMIN)
    sign_in(client, world.service_admin)
    response = client.post(
        reverse("accounts:user_detail", kwargs={"user_id": other_admin.pk}), {"role": "doctor"}
    )
    assert response.status_code == 200
    assert not other_admin.role_assignments.filter(role=Role.DOCTOR).exists()
    errors = response.context["form"].errors["role"]
    assert any("medische rol" in error for error in errors)


# --- the attack, by an account that already combines them ---------------------------


def test_a_combined_account_cannot_assign_itself_to_an_employer_and_read_its_sick_reports(
    world, client
):
    combo = _legacy_combined_account()
    _sick_report(world)
    otto = world.other_employee.last_name
    sign_in(client, combo)
    response = client.post(
        reverse("organisations:employer_detail", kwargs={"employer_id": world.other_employer.pk}),
        {"doctor": combo.pk, "since": clock.today().isoformat()},
    )
    assert response.status_code in (403, 200)
    assert not DoctorAssignment.objects.filter(doctor=combo).exists()
    caseload = client.get(reverse("absences:caseload"))
    assert otto not in caseload.content.decode()


def test_a_combined_account_cannot_create_assistant_accounts(world, client):
    combo = _legacy_combined_account()
    sign_in(client, combo)
    response = client.post(
        reverse("accounts:service_accounts"),
        {"email": "poh2@test.example", "first_name": "Nieuwe", "last_name": "Assistent",
         "role": "assistant"},
    )  # fmt: skip
    assert response.status_code == 403
    assert not User.objects.filter(email="poh2@test.example").exists()
    with pytest.raises(Forbidden):
        services.user_create(
            actor=actor_for_user(combo), email="poh3@test.example", first_name="A",
            last_name="B", role=Role.ASSISTANT,
        )  # fmt: skip


def test_the_check_reports_combined_accounts_and_changes_nothing(world, capsys):
    call_command("check-separation-of-duties")
    combo = _legacy_combined_account()
    assert [user for user, _ in accounts_with_conflicting_duties()] == [combo]
    with pytest.raises(CommandError):
        call_command("check-separation-of-duties")
    assert "combi@test.example" in capsys.readouterr().out
    assert set(combo.role_assignments.values_list("role", flat=True)) == set(COMBINED)


# --- nobody assigns or delegates to themself ----------------------------------------


def test_nobody_assigns_themself_as_doctor(world):
    """Even an administrator who is (wrongly) also a doctor: the self-check comes first."""
    combo = _legacy_combined_account()
    actor = actor_for_user(combo)
    with pytest.raises((ServiceError, Forbidden)):
        org_services.doctor_assign(
            actor=actor, employer=world.other_employer, doctor=combo, since=clock.today()
        )
    # The rule itself, apart from the conflict: an actor is never the doctor assigned.
    with pytest.raises(ServiceError) as refused:
        org_services.doctor_assign(
            actor=actor_for_user(world.service_admin), employer=world.other_employer,
            doctor=world.service_admin, since=clock.today(),
        )  # fmt: skip
    assert "uzelf" in refused.value.message_dict["doctor"][0]


def test_a_doctor_does_not_delegate_to_themself(world, actor_of):
    grant(world.doctor, Role.ASSISTANT)
    access = medical_policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    with pytest.raises(ServiceError) as refused:
        medical_services.delegation_grant(access=access, assistant=world.doctor)
    assert "uzelf" in refused.value.message_dict["assistant"][0]


# --- assignments and delegations are recorded, and the privacy officer sees them ----


def test_assignments_and_delegations_are_recorded_and_shown_to_the_privacy_officer(
    world, actor_of, client
):
    admin = actor_of("service_admin")
    since = clock.today() - dt.timedelta(days=1)
    assignment = DoctorAssignment.objects.get(doctor=world.doctor, employer=world.employer)
    org_services.doctor_unassign(actor=admin, assignment=assignment)
    org_services.doctor_assign(
        actor=admin, employer=world.employer, doctor=world.doctor, since=since
    )
    rows = DoctorAssignmentChange.objects.order_by("id")
    changes = list(rows.values_list("change", "changed_by"))
    assert changes == [("removed", world.service_admin.pk), ("assigned", world.service_admin.pk)]
    access = medical_policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    medical_services.delegation_grant(access=access, assistant=world.assistant)
    assert AccessEvent.objects.filter(
        action=Action.GRANT, details__has_key="delegation", subject_user_id=world.assistant.pk
    ).exists()

    # Reachable by clicking from the privacy officer's home (the access log).
    sign_in(client, world.privacy_officer)
    home = client.get(reverse("web:home"), follow=True)
    url = reverse("privacy:assignment_history")
    assert url in home.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "beëindigd" in text
    assert "toegewezen" in text
    assert str(world.service_admin) in text
    assert str(world.assistant) in text
    # Reading the page is itself logged.
    assert AccessEvent.objects.filter(
        actor_user_id=world.privacy_officer.pk, details__has_key="doctor_assignment_changes"
    ).exists()


@pytest.mark.parametrize(
    "persona",
    ["anonymous", "employee", "manager", "hr", "employer_admin", "doctor", "assistant",
     "service_admin", "outsider"],
)  # fmt: skip
def test_only_the_privacy_officer_opens_the_assignment_history(world, client_for, persona):
    response = client_for(persona).get(reverse("privacy:assignment_history"))
    assert response.status_code in (302, 403, 404)
    if persona != "anonymous":
        assert response.status_code in (403, 404)


def test_an_employer_scoped_privacy_officer_sees_only_its_employers(world, actor_of, client):
    admin = actor_of("service_admin")
    org_services.doctor_assign(
        actor=admin, employer=world.other_employer, doctor=world.doctor, since=clock.today()
    )
    sign_in(client, world.privacy_officer)  # reviews Alfa Zorg only
    text = client.get(reverse("privacy:assignment_history")).content.decode()
    assert world.other_employer.name not in text


def test_the_separation_triggers_come_back_after_a_migrate(world):
    """On SQLite a later migration that alters a column of the role table rebuilds it and
    drops its triggers: after every ``migrate`` they are put back (post_migrate)."""
    drop_separation_triggers(connection)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    with pytest.raises(IntegrityError), transaction.atomic():
        grant(world.doctor, Role.SERVICE_ADMIN)
