"""Personas for every role, at two employers, as the DESIGN asks: an employee, a manager,
HR, an employer administrator, a doctor, an assistant, a service administrator, a
privacy officer, and an outsider (HR of another employer)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import settings

from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core.roles import Role
from poortwachter.organisations.models import DoctorAssignment
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    EmployerFactory,
    EmploymentFactory,
    UserFactory,
    enrol_totp,
    grant,
)
from tests.helpers import sign_in

# No per-example deadline: it is a timing assertion, and on a shared two-core machine a
# slow example failed a property test that holds (timings belong in benchmarks/).
settings.register_profile("poortwachter", deadline=None)
settings.load_profile("poortwachter")

PERSONAS = [
    "employee",
    "manager",
    "hr",
    "employer_admin",
    "doctor",
    "assistant",
    "service_admin",
    "privacy_officer",
    "outsider",
]


# The world built once per module for the tests that walk every route (shared_world,
# placeholders, counts_of_the_world); the test databases copied from a migrated template.
pytest_plugins = ["tests.shared_world", "tests.db_template"]

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def pytest_collection_modifyitems(items):
    """Every database test may use both databases: the main one and the medical one
    (R-MED-1 keeps medical data apart; tests check both sides of that line)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and "databases" in marker.kwargs:
            continue
        if marker is None and not DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            continue
        kwargs = {**(marker.kwargs if marker else {}), "databases": "__all__"}
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session", autouse=True)
def _medical_key_file(tmp_path_factory):
    """A key-encryption key for the medical module, per test run (never SECRET_KEY)."""
    from django.conf import settings

    from poortwachter.medical.keys import create_key_file, reset_key_provider

    path = tmp_path_factory.mktemp("medical-keys") / "medical-keys.json"
    create_key_file(path)
    settings.POORTWACHTER_MEDICAL_KEY_PROVIDER = "file"
    settings.POORTWACHTER_MEDICAL_KEY_FILE = path
    reset_key_provider()
    yield path
    reset_key_provider()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Lockouts, rate limits and used TOTP codes live in the cache, cached statistics in
    their own (issue 21): none leak between tests."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _access_log_flushable(request):
    """Transactional tests end with pytest-django emptying every table, which the access
    log's append-only triggers refuse. Set up after the database fixture so this runs its
    teardown first: the triggers go just before the flush and return for the next test."""
    marker = request.node.get_closest_marker("django_db")
    by_marker = marker is not None and marker.kwargs.get("transaction", False)
    if not by_marker and not {"transactional_db", "live_server"} & set(request.fixturenames):
        yield
        return
    if not by_marker:
        request.getfixturevalue("transactional_db")
    from tests.audit_support import drop_append_only_triggers, install_all_append_only_triggers

    install_all_append_only_triggers()
    yield
    drop_append_only_triggers()


@pytest.fixture(autouse=True)
def _dutch_by_default():
    """The active language is thread-local: a test that switched to English must not
    leave the next one speaking it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def build_world() -> SimpleNamespace:
    """The personas and their employers, departments and employees (a plain function: the
    ``world`` fixture builds it per test, the access matrix once per module)."""
    w = SimpleNamespace()
    w.employer = EmployerFactory(name="Alfa Zorg B.V.")
    w.other_employer = EmployerFactory(name="Beta Logistiek B.V.")
    w.department = DepartmentFactory(employer=w.employer, name="Verpleging")
    w.sub_department = DepartmentFactory(
        employer=w.employer, name="Nachtdienst", parent=w.department
    )
    w.sibling_department = DepartmentFactory(employer=w.employer, name="Keuken")
    w.other_department = DepartmentFactory(employer=w.other_employer, name="Magazijn")

    def employed(employer, department, **kwargs):
        employee = EmployeeFactory(employer=employer, **kwargs)
        EmploymentFactory(employee=employee, employer=employer, department=department)
        return employee

    w.own_employee = employed(w.employer, w.department, first_name="Eva", last_name="Eigen")
    w.night_employee = employed(w.employer, w.sub_department, first_name="Nina")
    w.kitchen_employee = employed(w.employer, w.sibling_department, first_name="Kees")
    w.other_employee = employed(w.other_employer, w.other_department, first_name="Otto")

    users = {name: UserFactory(email=f"{name}@test.example") for name in PERSONAS}
    grant(users["employee"], Role.EMPLOYEE, employer=w.employer, employee=w.own_employee)
    w.own_employee.user = users["employee"]
    w.own_employee.save(update_fields=["user"])
    grant(users["manager"], Role.MANAGER, employer=w.employer, department=w.department)
    grant(users["hr"], Role.HR, employer=w.employer)
    grant(users["employer_admin"], Role.EMPLOYER_ADMIN, employer=w.employer)
    grant(users["doctor"], Role.DOCTOR)
    grant(users["assistant"], Role.ASSISTANT)
    grant(users["service_admin"], Role.SERVICE_ADMIN)
    grant(users["privacy_officer"], Role.PRIVACY_OFFICER, employer=w.employer)
    grant(users["outsider"], Role.HR, employer=w.other_employer)
    DoctorAssignment.objects.create(
        employer=w.employer, doctor=users["doctor"], since=dt.date(2024, 1, 1)
    )
    w.secrets = {name: enrol_totp(user) for name, user in users.items()}
    w.users = users
    for name, user in users.items():
        setattr(w, name, user)
    return w


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def actor_of(world):
    return lambda name: actor_for_user(world.users[name])


@pytest.fixture
def client_for(world, client):
    """``client_for("hr")``: a test client signed in as that persona with two factors."""

    def make(name):
        client.logout()
        if name == "anonymous":
            return client
        return sign_in(client, world.users[name])

    return make
