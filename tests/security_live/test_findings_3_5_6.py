"""Issue 18, findings 3, 5 and 6, replayed over real HTTP as the black-box test did them
(R-SEC-1, R-ACC-1, R-SICK-3): a live server, ``requests`` with cookies and CSRF tokens,
password and authenticator code typed in as a person does. Findings 1, 2 and 4 are in
``test_replayed_advisories.py``; docs/security.md maps both files."""

import datetime as dt

import pytest
import time_machine
from django.db import connection

from poortwachter.absences.services import SickReportInput, sick_report_create
from poortwachter.accounts.db import drop_separation_triggers, install_separation_triggers
from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.medical.models import Delegation
from poortwachter.organisations.models import DoctorAssignment, Employee
from tests.factories import PASSWORD, UserFactory, enrol_totp, grant
from tests.security_live.live import SECOND_FACTOR, Http

pytestmark = pytest.mark.xdist_group("live-http")

SENTENCE = "Monteur (na CVA en depressie alleen halve dagen)"
#: Two addresses of this machine: the doctor at work, and anyone else on the internet.
HOME, ELSEWHERE = "127.0.0.1", "127.0.0.2"
WRONG = "geraden-wachtwoord-{}"


@pytest.fixture
def http(live_server):
    return lambda source=None: Http(live_server.url, source=source)


def _signed_in(http, world, persona: str) -> Http:
    visitor = http()
    visitor.sign_in(world.users[persona], world.secrets[persona])
    return visitor


# --- finding 3: service-side roles combined without limit ----------------------------


def _combined_account():
    """Doctor, service administrator and privacy officer in one account, as the demo
    had it: made before the rule (the triggers are off for these inserts only)."""
    combo = UserFactory(email="combi@test.example", first_name="Combi", last_name="Account")
    drop_separation_triggers(connection)
    try:
        for role in (Role.SERVICE_ADMIN, Role.DOCTOR, Role.PRIVACY_OFFICER):
            grant(combo, role)
    finally:
        install_separation_triggers(connection)
    return combo, enrol_totp(combo)


def _otto_reports_sick(world) -> None:
    data = SickReportInput(
        first_sick_day=clock.today(), phone="06 12345678", care_street="Lindelaan",
        care_house_number="12", care_postcode="3511 AB", care_city="Utrecht",
        expected_duration="days", appointments_and_work="", safety_net_applies=False,
        work_accident=False, traffic_accident_third_party=False,
    )  # fmt: skip
    sick_report_create(
        actor=actor_for_user(world.outsider), employee=world.other_employee, data=data
    )


def test_finding_3_an_administrator_cannot_make_an_administrator_a_doctor(world, http):
    """The first step: the service administrator gives a fellow administrator (or a
    privacy officer) the doctor's role, by the account page and by the API."""
    other_admin = UserFactory(email="beheer2@test.example")
    grant(other_admin, Role.SERVICE_ADMIN)
    admin = _signed_in(http, world, "service_admin")
    page = admin.post(f"/accounts-beheer/{other_admin.pk}/", {"role": "doctor"})
    assert page.status_code == 200
    assert "medische rol" in page.text
    for target in (other_admin, world.privacy_officer):
        for role in ("doctor", "assistant"):
            api = admin.post(f"/api/v1/users/{target.pk}/grants/", json={"role": role})
            assert api.status_code == 400, (target, role, api.text[:300])
    assert not RoleAssignment.objects.filter(
        user__in=[other_admin, world.privacy_officer], role__in=[Role.DOCTOR, Role.ASSISTANT]
    ).exists()


def test_finding_3_a_combined_account_neither_serves_itself_nor_issues_assistants(world, http):
    """The attack: the combined account assigns itself as doctor to another employer,
    reads that employer's sick reports, and creates an assistant account."""
    combo, secret = _combined_account()
    _otto_reports_sick(world)
    attacker = http()
    attacker.sign_in(combo, secret)
    employer_page = f"/arbodienst/werkgevers/{world.other_employer.pk}/"
    attacker.post(employer_page, {"doctor": combo.pk, "since": clock.today().isoformat()})
    assert not DoctorAssignment.objects.filter(doctor=combo).exists()
    caseload = attacker.get("/verzuim/overzicht/")
    assert world.other_employee.last_name not in caseload.text
    created = attacker.post(
        "/arbodienst/accounts/",
        {"email": "poh2@test.example", "first_name": "Nieuwe", "last_name": "Assistent",
         "role": "assistant"},
    )  # fmt: skip
    assert created.status_code == 403
    api = attacker.post(
        "/api/v1/users/",
        json={"email": "poh3@test.example", "first_name": "A", "last_name": "B",
              "role": "assistant"},
    )  # fmt: skip
    assert api.status_code == 403
    assert not User.objects.filter(email__in=["poh2@test.example", "poh3@test.example"]).exists()


def test_finding_3_a_doctor_does_not_delegate_to_themself(world, http):
    grant(world.doctor, Role.ASSISTANT)
    doctor = _signed_in(http, world, "doctor")
    response = doctor.post(
        f"/bedrijfsarts/dossiers/{world.own_employee.pk}/delegeren/",
        {"assistant": world.doctor.pk},
    )
    assert response.status_code == 302  # back to the file, with the refusal
    assert not Delegation.objects.filter(assistant_id=world.doctor.pk).exists()
    # The same form does delegate to someone else: the refusal is the rule, not the form.
    doctor.post(
        f"/bedrijfsarts/dossiers/{world.own_employee.pk}/delegeren/",
        {"assistant": world.assistant.pk},
    )
    assert Delegation.objects.filter(assistant_id=world.assistant.pk).exists()


def test_finding_3_the_privacy_officer_finds_who_assigned_which_doctor(world, http):
    """Assignments are recorded and the privacy officer reaches them by clicking."""
    assignment = DoctorAssignment.objects.get(doctor=world.doctor, employer=world.employer)
    admin = _signed_in(http, world, "service_admin")
    admin.post(
        f"/arbodienst/werkgevers/{world.employer.pk}/bedrijfsartsen/{assignment.pk}/beeindigen/"
    )
    admin.post(
        f"/arbodienst/werkgevers/{world.employer.pk}/",
        {"doctor": world.doctor.pk, "since": clock.today().isoformat()},
    )
    assert DoctorAssignment.objects.get(pk=assignment.pk).until is None
    officer = _signed_in(http, world, "privacy_officer")
    home = officer.get("/", allow_redirects=True)
    assert "/privacy/toewijzingen/" in home.text
    page = officer.get("/privacy/toewijzingen/")
    assert page.status_code == 200
    assert page.text.count(str(world.service_admin)) >= 2
    assert str(world.doctor) in page.text


# --- finding 5: employee master data skipped the guard ---------------------------------


def _employee_form(world, **changes) -> dict:
    return {
        "personnel_number": "P-777", "first_name": "Tom", "name_prefix": "",
        "last_name": "Test", "bsn": "111222333", "date_of_birth": "1990-01-01",
        "email": "tom@test.example", "phone": "", "street": "", "house_number": "",
        "postcode": "", "city": "", "department": world.department.pk, "job_title": "Monteur",
        "start_date": "2024-01-01", "hours_per_week": 32, **changes,
    }  # fmt: skip


@pytest.mark.parametrize("field", ["job_title", "city", "street"])
def test_finding_5_master_data_with_a_diagnosis_is_refused_by_page_and_api(world, http, field):
    hr = _signed_in(http, world, "hr")
    page = hr.post(
        f"/werkgever/{world.employer.pk}/werknemers/nieuw/",
        _employee_form(world, **{field: SENTENCE}),
    )
    assert page.status_code == 200
    assert "medische informatie" in page.text
    body = _employee_form(world, **{field: SENTENCE}, employer=world.employer.pk)
    api = hr.post("/api/v1/employees/", json=body)
    assert api.status_code == 400, api.text[:300]
    assert field in {error["attr"] for error in api.json()["errors"]}
    assert not Employee.objects.filter(personnel_number="P-777").exists()
    # The same form with a plain job title goes through: the refusal is the guard's.
    accepted = hr.post("/api/v1/employees/", json=_employee_form(world, employer=world.employer.pk))
    assert accepted.status_code == 201, accepted.text[:300]


# --- finding 6: anyone could lock a doctor out; the API description for every role ------


def test_finding_6_wrong_passwords_from_elsewhere_leave_the_doctor_signing_in(world, http):
    """Ten wrong passwords for the doctor's address from another source, each after its
    wait (so each is checked): that source is locked, the doctor at work is not."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as moment:
        attacker = http(ELSEWHERE)
        for attempt in range(10):
            attacker.password_step(world.doctor.email, password=WRONG.format(attempt))
            moment.shift(dt.timedelta(seconds=61))
        refused = attacker.password_step(world.doctor.email, password=PASSWORD)
        assert refused.headers.get("Location") != SECOND_FACTOR
        doctor = http(HOME)
        signed_in = doctor.sign_in(world.doctor, world.secrets["doctor"])
        assert signed_in.status_code == 302
        assert doctor.get("/bedrijfsarts/werkvoorraad/").status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [("assistant", 403), ("privacy_officer", 403), ("employee", 200), ("doctor", 200)],
)
def test_finding_6_the_api_description_only_for_roles_that_use_the_api(
    world, http, persona, status
):
    visitor = _signed_in(http, world, persona)
    response = visitor.get("/api/schema/")
    assert response.status_code == status
    if status == 403:
        assert "/api/v1/" not in response.text
    assert http().get("/api/schema/").status_code == 403
