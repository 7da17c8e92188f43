"""The employee's own-data export: everything held about them on the employer side, as
JSON and as PDF; only their own records; every download in the access log; only the
employee may download it."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from poortwachter.absences.models import (
    AbsenceCase,
    EmergencyInfo,
    LeavePeriod,
    PartialRecovery,
    PublishedAdvice,
    ServiceQueueItem,
    SickReport,
)
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock, own_data
from poortwachter.core.roles import Role
from poortwachter.privacy.own_data import own_data_document, own_employee_records
from tests.factories import EmployeeFactory, EmploymentFactory, grant
from tests.privacy.pdf_text import pdf_text

JSON_URL = "/mijn-gegevens/export.json"
PDF_URL = "/mijn-gegevens/export.pdf"
URLS = {"json": JSON_URL, "pdf": PDF_URL}
OTHERS = [
    "manager", "hr", "employer_admin", "doctor", "assistant", "service_admin",
    "privacy_officer", "outsider",
]  # fmt: skip
STAFF_ADDRESS = "203.0.113.77"
STAFF_REQUEST_ID = "staff-request-0042"


def _report(employee, first_day, *, appointments="", recovered=True, partial=False):
    """A report in a case of its own, recovered a week later, queued for the service."""
    case = AbsenceCase.objects.create(
        employer=employee.employer, employee=employee, first_sick_day=first_day
    )
    report = SickReport.objects.create(
        case=case, employer=employee.employer, employee=employee, first_sick_day=first_day,
        reported_at=clock.now(), phone="0611112222", care_street="Zorglaan",
        care_house_number="3", care_postcode="3511 AB", care_city="Utrecht",
        expected_duration="weeks_1_2", appointments_and_work=appointments,
        safety_net_applies=False, work_accident=True, traffic_accident_third_party=False,
        recovered_on=first_day + dt.timedelta(days=7) if recovered else None,
    )  # fmt: skip
    ServiceQueueItem.objects.create(report=report, employer=employee.employer)
    if partial:
        PartialRecovery.objects.create(
            report=report, from_date=first_day + dt.timedelta(days=3),
            hours_per_week=Decimal("12.5"),
        )  # fmt: skip
    return report


def _advice(employee, doctor, text, *, percentage=40, supersedes=None):
    """A published advice of the company doctor (as the medical module leaves it)."""
    return PublishedAdvice.objects.create(
        employer=employee.employer, employee=employee, doctor=doctor,
        advised_on=dt.date(2025, 3, 10), published_at=clock.now(),
        source_ref=f"advies-{text}", work_possible=text, work_not_possible="Niet tillen.",
        expected_duration="weeks_2_6", expected_return_on=dt.date(2025, 4, 14),
        incapacity_percentage=percentage, adjustments_advice="Aangepaste werkplek.",
        supersedes=supersedes,
    )  # fmt: skip


def _reports(employee, count, *, start=dt.date(2023, 1, 2)):
    for n in range(count):
        _report(employee, start + dt.timedelta(days=60 * n), partial=True)


def _staff_read(actor, employee, *, purpose="hr_absence_overview", on_behalf_of=None):
    """A read of someone's record, from a staff workstation."""
    audit_record(
        actor=replace(actor, request_id=STAFF_REQUEST_ID, remote_addr=STAFF_ADDRESS,
                      on_behalf_of_id=on_behalf_of),
        action=Action.READ, target=employee, employer_id=employee.employer_id,
        subject_employee_id=employee.pk, purpose=purpose,
    )  # fmt: skip


@pytest.fixture
def planted(world, actor_of):
    """Distinctive values for Eva (the employee), Kees (a colleague) and Otto (another
    employer), and a second record for Eva's account at the other employer."""
    eva = world.own_employee
    eva.street, eva.city = "Eigenweg", "Evastad"
    eva.save(update_fields=["street", "city"])
    _report(eva, dt.date(2025, 3, 3), appointments="EVA-AFSPRAAK-7731", partial=True)
    LeavePeriod.objects.create(
        employer=eva.employer, employee=eva, start=dt.date(2024, 5, 1), end=dt.date(2024, 8, 1)
    )
    EmergencyInfo.objects.create(
        employer=eva.employer, employee=eva, text="EVA-NOOD-4411", consent_given_at=clock.now()
    )
    world.doctor.first_name, world.doctor.last_name = "Dirk", "Dokter"
    world.doctor.save(update_fields=["first_name", "last_name"])
    first = _advice(eva, world.doctor, "EVA-ADVIES-OUD-1203", percentage=80)
    _advice(eva, world.doctor, "EVA-ADVIES-3141", supersedes=first)
    _report(world.kitchen_employee, dt.date(2025, 3, 3), appointments="KEES-AFSPRAAK-9902")
    _advice(world.kitchen_employee, world.doctor, "KEES-ADVIES-2718")
    EmergencyInfo.objects.create(
        employer=world.employer, employee=world.kitchen_employee, text="KEES-NOOD-5150"
    )
    _report(world.other_employee, dt.date(2025, 3, 3), appointments="OTTO-AFSPRAAK-5533")
    second = EmployeeFactory(employer=world.other_employer, first_name="Eva",
                             last_name="Tweede-Baan", personnel_number="EVA-2")  # fmt: skip
    EmploymentFactory(employee=second, employer=world.other_employer,
                      department=world.other_department, job_title="Weekendkracht")  # fmt: skip
    grant(world.employee, Role.EMPLOYEE, employer=world.other_employer, employee=second)
    _staff_read(actor_of("hr"), eva)
    _staff_read(actor_of("assistant"), eva, purpose="case_review", on_behalf_of=world.doctor.pk)
    _staff_read(actor_of("hr"), world.kitchen_employee)
    _staff_read(actor_of("outsider"), second)
    return second


def test_json_holds_the_employees_own_records_and_nobody_elses(world, client_for, planted):
    response = client_for("employee").get(JSON_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    text = response.content.decode()
    for own in ("EVA-AFSPRAAK-7731", "EVA-NOOD-4411", "EVA-ADVIES-3141", "EVA-ADVIES-OUD-1203",
                "Eigenweg", "Evastad", "Weekendkracht", "Tweede-Baan", world.own_employee.bsn,
                "employee@test.example"):  # fmt: skip
        assert own in text
    for foreign in ("KEES-AFSPRAAK-9902", "KEES-NOOD-5150", "KEES-ADVIES-2718",
                    "OTTO-AFSPRAAK-5533", world.kitchen_employee.bsn,
                    world.other_employee.bsn):  # fmt: skip
        assert foreign not in text


def test_json_is_one_document_per_record_with_stable_keys(world, client_for, planted):
    document = client_for("employee").get(JSON_URL).json()
    assert document["schema_version"] == 3
    assert dt.datetime.fromisoformat(document["generated_at"])
    records = {r["employee"]["id"]: r for r in document["employee_records"]}
    assert set(records) == {world.own_employee.pk, planted.pk}
    eva = records[world.own_employee.pk]
    assert eva["employer"]["name"] == "Alfa Zorg B.V."
    assert eva["employee"]["date_of_birth"] == "1985-05-17"
    assert eva["departments"] == [{"name": "Verpleging", "parent": None}]
    report = eva["sick_reports"][0]
    assert report["first_sick_day"] == "2025-03-03"
    assert report["expected_duration"] == "weeks_1_2"
    assert report["work_accident"] is True
    assert report["partial_recoveries"][0]["hours_per_week"] == "12.5"
    assert report["service_queue"]["status"] == "waiting"
    assert eva["leave_periods"][0]["start"] == "2024-05-01"
    assert eva["emergency_info"]["active"] is True
    assert eva["absence_cases"][0]["first_sick_day"] == "2025-03-03"
    current, superseded = sorted(eva["advices"], key=lambda a: not a["current"])
    assert (current["work_possible"], current["current"]) == ("EVA-ADVIES-3141", True)
    assert (superseded["current"], current["supersedes_id"]) == (False, superseded["id"])
    assert current["incapacity_percentage"] == 40
    assert current["doctor"] == "Dirk Dokter"
    assert current["advised_on"] == "2025-03-10"
    assert current["expected_duration"] == "weeks_2_6"
    assert current["expected_return_on"] == "2025-04-14"
    assert set(current) == {
        "id", "case_id", "doctor", "advised_on", "published_at", "work_possible",
        "work_not_possible", "implications_for_work", "expected_duration",
        "expected_return_on", "incapacity_percentage", "adjustments_advice",
        "supersedes_id", "current",
    }  # fmt: skip
    assert records[planted.pk]["advices"] == []


def test_json_account_lists_roles_and_factor_types_but_no_secrets(world, client_for, planted):
    document = client_for("employee").get(JSON_URL).json()
    account = document["account"]
    assert account["email"] == "employee@test.example"
    assert {(r["role"], r["employer"]) for r in account["roles"]} == {
        ("employee", "Alfa Zorg B.V."), ("employee", "Beta Logistiek B.V."),
    }  # fmt: skip
    assert [f["type"] for f in account["second_factors"]] == ["totp"]
    assert set(account["second_factors"][0]) == {"type", "created_at", "last_used_at"}
    assert world.secrets["employee"] not in str(document)


def test_json_holds_the_access_log_about_them_without_staff_addresses(world, client_for, planted):
    response = client_for("employee").get(JSON_URL)
    records = {r["employee"]["id"]: r for r in response.json()["employee_records"]}
    eva_log = records[world.own_employee.pk]["access_log"]
    hr_read = next(e for e in eva_log if e["purpose"] == "hr_absence_overview")
    assert hr_read["action"] == "read"
    assert hr_read["outcome"] == "success"
    assert hr_read["actor_role"] == "hr"
    assert hr_read["actor_name"] == world.hr.get_full_name()
    assert hr_read["on_behalf_of"] is None
    assert hr_read["target_type"] == "organisations.employee"
    assert set(hr_read) == {
        "occurred_at", "action", "outcome", "actor_role", "actor_name", "on_behalf_of",
        "purpose", "target_type",
    }  # fmt: skip
    delegated = next(e for e in eva_log if e["purpose"] == "case_review")
    assert delegated["actor_role"] == "assistant"
    assert delegated["on_behalf_of"] == world.doctor.get_full_name()
    # The account's own events (here: Eva signing in) belong to every record of hers.
    sign_ins = [e for e in eva_log if e["action"] == "sign_in"]
    assert [e["actor_role"] for e in sign_ins] == ["employee"]
    outsider_read = [e for e in records[planted.pk]["access_log"] if e["action"] != "sign_in"]
    assert [e["actor_role"] for e in outsider_read] == ["hr"]
    text = response.content.decode()
    assert STAFF_ADDRESS not in text
    assert STAFF_REQUEST_ID not in text
    # Kees's log line is about Kees, not Eva.
    about_records = [
        e for r in records.values() for e in r["access_log"] if e["action"] != "sign_in"
    ]
    assert len(about_records) == 3


def test_json_is_an_attachment_named_with_the_date(client_for, planted):
    response = client_for("employee").get(JSON_URL)
    expected = f'attachment; filename="mijn-gegevens-{clock.today().isoformat()}.json"'
    assert response["Content-Disposition"] == expected
    assert "no-store" in response["Cache-Control"]


def test_pdf_is_a_readable_pdf_even_for_names_beyond_latin_1(world, client_for, planted):
    eva = world.own_employee
    eva.first_name, eva.last_name = "Žofia", "Øster-Łukasz"
    eva.save(update_fields=["first_name", "last_name"])
    response = client_for("employee").get(PDF_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    expected = f'attachment; filename="mijn-gegevens-{clock.today().isoformat()}.pdf"'
    assert response["Content-Disposition"] == expected
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf)
    assert "Žofia Øster-Łukasz" in text
    assert "Mijn gegevens bij de werkgever" in text
    assert "EVA-AFSPRAAK-7731" in text
    assert "KEES-AFSPRAAK-9902" not in text
    assert "Adviezen van de bedrijfsarts" in text
    assert "EVA-ADVIES-3141" in text
    flowing = " ".join(text.split())  # table cells wrap
    assert (
        "40% arbeidsongeschikt, vastgesteld door bedrijfsarts Dirk Dokter op 10-03-2025" in flowing
    )
    assert "2 tot 6 weken" in text
    assert "KEES-ADVIES-2718" not in text
    assert "Pagina 1 van" in text


@pytest.mark.parametrize("fmt", ["json", "pdf"])
def test_each_download_is_logged_per_record_with_every_field(world, client_for, planted, fmt):
    client_for("employee").get(URLS[fmt], HTTP_X_REQUEST_ID="own-export-0001",
                               REMOTE_ADDR="198.51.100.4")  # fmt: skip
    events = AccessEvent.objects.filter(action=Action.EXPORT).order_by("subject_employee_id")
    assert sorted(e.subject_employee_id for e in events) == sorted(
        [world.own_employee.pk, planted.pk]
    )
    for event in events:
        assert event.actor_user_id == world.employee.pk
        assert event.actor_role == "employee"
        assert event.request_id == "own-export-0001"
        assert event.remote_addr == "198.51.100.4"
        assert event.purpose == "own_data_export"
        assert event.details == {"format": fmt}
        assert event.outcome == "success"
        assert event.target_type == "organisations.employee"
        assert event.target_id == str(event.subject_employee_id)
    assert {e.employer_id for e in events} == {world.employer.pk, world.other_employer.pk}


@pytest.mark.parametrize("fmt", ["json", "pdf"])
def test_query_count_does_not_grow_with_the_number_of_reports(world, client_for, fmt):
    client = client_for("employee")
    _reports(world.own_employee, 2)
    client.get(URLS[fmt])  # warm up: session, caches
    with CaptureQueriesContext(connection) as two:
        assert client.get(URLS[fmt]).status_code == 200
    _reports(world.own_employee, 8, start=dt.date(2024, 6, 3))
    with CaptureQueriesContext(connection) as ten:
        assert client.get(URLS[fmt]).status_code == 200
    assert SickReport.objects.filter(employee=world.own_employee).count() == 10
    assert len(ten.captured_queries) == len(two.captured_queries)


def test_document_needs_few_queries(world, actor_of, django_assert_max_num_queries):
    _reports(world.own_employee, 10)
    actor = actor_of("employee")
    # user, roles, factors, four-eyes requests; employee, employments, cases, reports,
    # partial recoveries, leave, advices; the log of the one record; one per registered
    # section (issue 16).
    with django_assert_max_num_queries(12 + len(own_data.sections())):
        own_data_document(actor, employees=own_employee_records(actor))


def test_the_pdf_font_ships_with_its_licence():
    from poortwachter.documents.pdf import FONTS

    assert (FONTS / "DejaVuSans.ttf").is_file()
    assert (FONTS / "DejaVuSans-Bold.ttf").is_file()
    assert "Bitstream" in (FONTS / "LICENSE").read_text()


def test_mijn_gegevens_links_to_both_downloads(client_for, planted):
    page = client_for("employee").get("/mijn-gegevens/").content.decode()
    assert f'href="{JSON_URL}"' in page
    assert f'href="{PDF_URL}"' in page


@pytest.mark.parametrize("fmt", ["json", "pdf"])
@pytest.mark.parametrize("persona", OTHERS)
def test_it_requires_the_employee_role(world, client_for, persona, fmt):
    response = client_for(persona).get(URLS[fmt])
    assert response.status_code == 403
    assert not AccessEvent.objects.filter(action=Action.EXPORT).exists()


@pytest.mark.parametrize("fmt", ["json", "pdf"])
def test_it_sends_anonymous_visitors_to_sign_in(world, client_for, fmt):
    response = client_for("anonymous").get(URLS[fmt])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not AccessEvent.objects.filter(action=Action.EXPORT).exists()


@pytest.mark.parametrize("fmt", ["json", "pdf"])
def test_it_answers_only_get(world, client_for, fmt):
    assert client_for("employee").post(URLS[fmt]).status_code == 405
