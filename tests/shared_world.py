"""The personas' world and every object the routes of docs/access-matrix.md name, built
once per test module (per xdist worker) inside a transaction on both databases and rolled
back after the module's last test. Each test runs in its own savepoint on top of it
(pytest-django's ``db``), so no test sees another's writes.

A module that walks many routes (the access matrix, the access-log and attack-pattern
checks) uses it by overriding ``world``::

    @pytest.fixture
    def world(shared_world):
        return shared_world

Building the world and its objects took about half a second per test; the three modules
run about 3,300 such tests (registered in tests/conftest.py as a plugin)."""

import copy
import datetime as dt
from contextlib import ExitStack

import pytest
from django.apps import apps
from django.db import connections, transaction
from django.utils import timezone

from poortwachter.absences.models import AbsenceCase, PublishedAdvice, ServiceQueueItem, SickReport
from poortwachter.accounts import services as account_services
from poortwachter.accounts.models import RoleAssignment
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.medical import policies, services
from poortwachter.medical.models import Consultation, Delegation, MedicalFile
from poortwachter.notifications.models import Kind, Notification
from poortwachter.reintegration.models import ConsultationAppointment
from poortwachter.retention.models import LegalHold
from poortwachter.security.services import security_scan
from tests.conftest import build_world
from tests.factories import UserFactory
from tests.imports.helpers import checked_run
from tests.integrations.matrix_objects import integration_objects
from tests.medical.conftest import plant_file
from tests.reintegration.matrix_objects import reintegration_objects


def placeholders_for(world) -> dict[str, int]:
    def grant_of(name):
        return RoleAssignment.objects.get(user=world.users[name]).pk

    return {
        "own_employee": world.own_employee.pk,
        "kitchen_employee": world.kitchen_employee.pk,
        "other_employee": world.other_employee.pk,
        "employer": world.employer.pk,
        "other_employer": world.other_employer.pk,
        "user_hr": world.hr.pk,
        "user_doctor": world.doctor.pk,
        "user_outsider": world.outsider.pk,
        "grant_hr": grant_of("hr"),
        "grant_doctor": grant_of("doctor"),
        "doctor_assignment": world.doctor.served_employers.get().pk,
        "own_employment": world.own_employee.employments.get().pk,
        "legal_hold_own": _legal_hold(world).pk,
        "security_report": _security_report().pk,
        "role_request": _role_request(world).pk,
        **absence_objects(world),
        **_medical_objects(world),
        **reintegration_objects(world),
        **_notification_objects(world),
        **_import_objects(world),
        **_appointment_objects(world),
        **integration_objects(world),
    }


def _appointment_objects(world) -> dict[str, object]:
    """The doctor's weekly hours and an appointment with Eva tomorrow 10:00 (issue 19),
    in the medical module and its employer-side record."""
    doctor = actor_for_user(world.doctor)
    hours = services.hours_add(actor=doctor, weekday=(clock.today().weekday() + 1) % 7,
                               starts=dt.time(9), ends=dt.time(12), slot_minutes=30)  # fmt: skip
    day = clock.today() + dt.timedelta(days=1)
    access = policies.get_access_for(doctor, world.own_employee.pk)
    appointment = services.appointment_plan(access=access, data={
        "starts_at": timezone.make_aware(dt.datetime.combine(day, dt.time(10))),
        "duration_minutes": 30, "mode": "place", "place": "Stationsplein 1",
        "with_whom": "doctor", "reason": "CANARY-SPREEKUUR-REDEN-9090",
    })  # fmt: skip
    published = ConsultationAppointment.objects.get(source_ref=str(appointment.pk))
    return {"agenda_hours": hours.pk, "medical_appointment": appointment.pk,
            "appointment_own": published.pk}  # fmt: skip


def _import_objects(world) -> dict[str, int]:
    return {
        "import_run": checked_run(world.employer).pk,
        "other_import_run": checked_run(world.other_employer, department="Magazijn").pk,
    }


def _notification_objects(world) -> dict[str, int]:
    """A notification for Eva and one for HR of employer B (issue 19)."""

    def made(user):
        return Notification.objects.create(
            recipient=user, kind=Kind.SICK_REPORT, link="/verzuim/", created_at=clock.now()
        ).pk

    return {"notification_own": made(world.employee), "notification_outsider": made(world.outsider)}


def _medical_objects(world) -> dict[str, object]:
    """Eva's medical file with canaries in every field, delegated to the assistant."""
    planted = plant_file(world, lambda name: actor_for_user(world.users[name]))
    return {
        "medical_document": planted.document.pk,
        "medical_delegation": planted.delegation.pk,
        "medical_advice": planted.advice.pk,
        "medical_copy": planted.copy.pk,
        "medical_diagnosis": planted.diagnosis.pk,
    }


def _role_request(world):
    """A doctor role requested by the service administrator, waiting for a second
    person (four eyes): the requester may withdraw it, nobody in the world may decide."""
    user = UserFactory(email="aangevraagd@test.example")
    return account_services.role_request_file(
        actor=actor_for_user(world.service_admin), user=user, role=Role.DOCTOR
    )


def _security_report():
    return security_scan(trigger="command")


def _legal_hold(world):
    return LegalHold.objects.create(
        employee=world.own_employee, employer=world.employer, kind="labour_dispute",
        reason="Geschil over ontslag", placed_by=world.hr, placed_at=clock.now(),
    )  # fmt: skip


def absence_objects(world) -> dict[str, int]:
    """One open sick report for Eva (manager's team) and one for Kees (kitchen), each
    waiting in the occupational health service's queue, and for each a published advice
    of the doctor."""
    ids = {}
    for name, employee in (("own", world.own_employee), ("kitchen", world.kitchen_employee)):
        day = clock.today() - dt.timedelta(days=3)
        case = AbsenceCase.objects.create(
            employer=employee.employer, employee=employee, first_sick_day=day
        )
        report = SickReport.objects.create(
            case=case, employer=employee.employer, employee=employee, first_sick_day=day,
            reported_at=clock.now(), phone="0612345678", care_street="Laan",
            care_house_number="1", care_postcode="1234 AB", care_city="Utrecht",
            expected_duration="days", safety_net_applies=False, work_accident=False,
            traffic_accident_third_party=False,
        )  # fmt: skip
        item = ServiceQueueItem.objects.create(report=report, employer=employee.employer)
        ids[f"report_{name}"], ids[f"queue_{name}"] = report.pk, item.pk
        ids[f"case_{name}"] = case.pk
        advice = PublishedAdvice.objects.create(
            employer=employee.employer, employee=employee, case=case, doctor=world.doctor,
            advised_on=day, published_at=clock.now(), source_ref=f"matrix-{name}",
            work_possible="Licht administratief werk.", work_not_possible="Niet tillen.",
            expected_duration="weeks_2_6", incapacity_percentage=50,
        )  # fmt: skip
        ids[f"advice_{name}"] = advice.pk
    return ids


def _roll_back(atomics: ExitStack) -> None:
    for alias in connections:
        if connections[alias].in_atomic_block:
            transaction.set_rollback(True, using=alias)
    atomics.close()


@pytest.fixture(scope="module")
def _shared_world(django_db_setup, django_db_blocker):
    """The world and the placeholders' objects, built once in a transaction on every
    database ("default" and "medical") and rolled back after the module's last cell."""
    atomics = ExitStack()
    with django_db_blocker.unblock():
        try:
            for alias in connections:
                atomics.enter_context(transaction.atomic(using=alias))
            shared = build_world()
            placeholders = placeholders_for(shared)
            counts = row_counts()
        except BaseException:
            _roll_back(atomics)
            raise
    yield shared, placeholders, counts
    with django_db_blocker.unblock():
        _roll_back(atomics)


@pytest.fixture
def shared_world(_shared_world, db):
    """This cell's copy of the shared world: a test that changes a persona's instance
    (signing in sets ``last_login``) does not change the next cell's."""
    return copy.deepcopy(_shared_world[0])


@pytest.fixture
def placeholders(_shared_world, db) -> dict[str, int]:
    return _shared_world[1]


@pytest.fixture
def counts_of_the_world(_shared_world, db) -> dict[str, int]:
    """Rows per model as the world was built: every cell starts from exactly these."""
    return _shared_world[2]


def row_counts() -> dict[str, int]:
    """Rows per model outside the logs (which every request appends to): a refused
    state-changing request must leave all of them as they were (SECURITY.md pattern 1)."""
    skip = {"audit", "medical", "sessions", "axes", "scheduling", "django_tasks_database"}
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in skip and not model._meta.proxy
    } | {"medical.file": _medical_rows()}


def _medical_rows() -> int:
    return sum(m.objects.count() for m in (MedicalFile, Consultation, Delegation))
