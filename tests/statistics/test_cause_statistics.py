"""Cause statistics: computed on the medical side, only the suppressed aggregate crosses
(R-SICK-5, R-REP-1)."""

import datetime as dt
from html import unescape

import pytest

from poortwachter.core.errors import Forbidden, NotFound, ServiceError
from poortwachter.medical import cause_statistics, policies, services
from poortwachter.organisations.models import DoctorAssignment
from poortwachter.statistics import services as statistics_services
from poortwachter.statistics.models import CauseReport
from poortwachter.statistics.periods import Period
from tests.factories import DepartmentFactory, EmployerFactory
from tests.statistics.conftest import person, sick

D = dt.date
PERIOD = Period.of(D(2024, 1, 1), D(2024, 3, 31))
#: 6 back complaints, 5 psychological, 1 cardiac: K (1) is hidden, and P (5) with it,
#: so that K cannot be recovered as total − L − P.
CODES = ["L101"] * 6 + ["P74"] * 5 + ["K77"]


@pytest.fixture
def gamma(world, actor_of):
    employer = EmployerFactory(name="Gamma Bouw B.V.")
    DoctorAssignment.objects.create(employer=employer, doctor=world.doctor, since=D(2023, 1, 1))
    department = DepartmentFactory(employer=employer, name="Bouwplaats")
    doctor = actor_of("doctor")
    people = []
    for index, code in enumerate(CODES):
        employee = person(employer, department, f"G{index}")
        sick(employee, D(2024, 1, 8) + dt.timedelta(days=index), D(2024, 1, 30))
        access = policies.get_access_for(doctor, employee.pk)
        services.entry_add(
            access=access, kind="diagnose",
            data={"recorded_on": D(2024, 1, 20), "complaints": f"CANARY-KLACHT-{index}",
                  "diagnosis": f"CANARY-DIAGNOSE-{index}", "cas_code": code},
        )  # fmt: skip
        people.append(employee)
    return employer, department, people


def test_counts_per_chapter_are_suppressed_with_a_complementary_cell(gamma, actor_of):
    employer, _department, _people = gamma
    result = cause_statistics.compute(
        actor=actor_of("doctor"), employer=employer, department=None, period=PERIOD
    )
    assert result.total == 12
    assert result.chapters == {"L": 6}
    assert result.suppressed == 6
    assert result.rows()[0][:3] == ("L", "Bewegingsapparaat", 6)


def test_publishing_sends_only_the_aggregate(gamma, actor_of):
    employer, _department, _people = gamma
    report = cause_statistics.publish(
        actor=actor_of("doctor"), employer=employer, department=None, period=PERIOD
    )
    report.refresh_from_db()
    assert report.chapters == [{"chapter": "L", "count": 6, "percentage": 50.0}]
    assert (report.total, report.suppressed, report.min_group) == (12, 6, 5)
    stored = repr(CauseReport.objects.values().get(pk=report.pk))
    assert "L101" not in stored
    assert "CANARY" not in stored
    assert "P74" not in stored


def test_the_employer_side_model_names_nobody():
    names = {f.name for f in CauseReport._meta.get_fields()}
    assert names == {
        "id", "created_at", "updated_at", "employer", "department", "period_start",
        "period_end", "total", "chapters", "suppressed", "min_group", "published_by",
        "published_at",
    }  # fmt: skip


def test_hr_sees_the_published_report_without_codes_or_people(gamma, world, actor_of, client):
    from poortwachter.core.roles import Role
    from tests.factories import UserFactory, enrol_totp, grant
    from tests.helpers import sign_in

    employer, _department, people = gamma
    cause_statistics.publish(actor=actor_of("doctor"), employer=employer, department=None,
                             period=PERIOD)  # fmt: skip
    hr = UserFactory(email="hr-gamma@test.example")
    grant(hr, Role.HR, employer=employer)
    enrol_totp(hr)
    html = sign_in(client, hr).get("/statistieken/oorzaken/").content.decode()
    assert "Bewegingsapparaat" in html
    assert ">6<" in html
    assert "L101" not in html
    assert "CANARY" not in html
    assert "P74" not in html
    assert not any(p.last_name in unescape(html) for p in people)
    other = sign_in(client, world.hr).get("/statistieken/oorzaken/").content.decode()
    assert "Bewegingsapparaat" not in other  # another employer's HR sees nothing of it


def test_too_short_a_period_is_refused(gamma, actor_of):
    employer, _department, _people = gamma
    with pytest.raises(ServiceError, match="minstens 90 dagen"):
        cause_statistics.compute(actor=actor_of("doctor"), employer=employer, department=None,
                                 period=Period.of(D(2024, 1, 1), D(2024, 2, 29)))  # fmt: skip


def test_too_small_a_group_is_refused(world, actor_of):
    with pytest.raises(ServiceError, match="te klein"):
        cause_statistics.compute(actor=actor_of("doctor"), employer=world.employer,
                                 department=None, period=PERIOD)  # fmt: skip


def test_overlapping_reports_that_could_be_subtracted_are_refused(gamma, actor_of):
    employer, department, _people = gamma
    doctor = actor_of("doctor")
    cause_statistics.publish(actor=doctor, employer=employer, department=None, period=PERIOD)
    with pytest.raises(ServiceError, match="overlapt"):
        cause_statistics.publish(actor=doctor, employer=employer, department=department,
                                 period=PERIOD)  # fmt: skip
    with pytest.raises(ServiceError, match="overlapt"):
        cause_statistics.publish(actor=doctor, employer=employer, department=None,
                                 period=Period.of(D(2024, 1, 1), D(2024, 4, 30)))  # fmt: skip


def test_only_a_doctor_serving_the_employer_computes_or_publishes(gamma, world, actor_of):
    employer, _department, _people = gamma
    with pytest.raises(Forbidden):
        cause_statistics.compute(actor=actor_of("assistant"), employer=employer,
                                 department=None, period=PERIOD)  # fmt: skip
    with pytest.raises(Forbidden):
        cause_statistics.compute(actor=actor_of("hr"), employer=employer, department=None,
                                 period=PERIOD)  # fmt: skip
    DoctorAssignment.objects.filter(employer=employer).update(until=D(2024, 1, 1))
    with pytest.raises(NotFound):
        cause_statistics.compute(actor=actor_of("doctor"), employer=employer, department=None,
                                 period=PERIOD)  # fmt: skip


def test_the_employer_side_refuses_small_counts_whatever_the_caller(gamma, actor_of):
    employer, _department, _people = gamma
    doctor = actor_of("doctor")
    for chapters, suppressed in (({"L": 6, "K": 1}, 0), ({"L": 6}, 2), ({"L1": 6}, 0)):
        with pytest.raises(ServiceError):
            statistics_services.cause_report_create(
                actor=doctor, employer=employer, department=None, period=PERIOD,
                chapters=chapters, suppressed=suppressed,
            )  # fmt: skip
    assert not CauseReport.objects.exists()


def test_the_doctor_page_previews_and_publishes(gamma, client_for, world):
    employer, _department, _people = gamma
    client = client_for("doctor")
    query = {"werkgever": employer.pk, "afdeling": "", "van": "2024-01-01", "tot": "2024-03-31"}
    page = client.get("/bedrijfsarts/oorzaken/", query)
    assert page.status_code == 200
    assert "Bewegingsapparaat" in page.content.decode()
    response = client.post("/bedrijfsarts/oorzaken/", query)
    assert response.status_code == 302
    assert CauseReport.objects.filter(employer=employer).count() == 1
    assert client_for("assistant").get("/bedrijfsarts/oorzaken/").status_code == 403
