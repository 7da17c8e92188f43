"""HR and the employer administrator add employees and end employments, for their own
employer only; bad input gets a Dutch error and nothing is half-saved."""

import datetime as dt
from decimal import Decimal

import pytest

from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.organisations import services
from poortwachter.organisations.models import Employee, Employment


def _input(world, **overrides):
    values = {
        "personnel_number": "009001", "first_name": "Fleur", "name_prefix": "de",
        "last_name": "Vries", "bsn": "111222333", "date_of_birth": dt.date(1990, 4, 1),
        "email": "fleur.devries@werknemer.example", "phone": "0611111111",
        "street": "Kerkstraat", "house_number": "3", "postcode": "1234 AB",
        "city": "Utrecht", "department": world.department, "job_title": "Verpleegkundige",
        "start_date": dt.date(2024, 2, 1), "hours_per_week": Decimal("24"),
    }  # fmt: skip
    values.update(overrides)
    return services.EmployeeInput(**values)


@pytest.mark.parametrize("persona", ["hr", "employer_admin"])
def test_hr_and_the_employer_admin_add_an_employee(world, actor_of, persona):
    employee = services.employee_create(
        actor=actor_of(persona), employer=world.employer, data=_input(world)
    )
    assert employee.employments.get().hours_per_week == Decimal("24")
    assert AccessEvent.objects.filter(action=Action.CREATE, subject_employee_id=employee.pk)


@pytest.mark.parametrize(
    "persona", ["manager", "employee", "doctor", "service_admin", "privacy_officer", "outsider"]
)
def test_others_cannot_add_employees(world, actor_of, persona):
    before = Employee.objects.count()
    with pytest.raises(Forbidden):
        services.employee_create(actor=actor_of(persona), employer=world.employer,
                                 data=_input(world))  # fmt: skip
    assert Employee.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"bsn": "123456789"}, "geen geldig BSN"),
        ({"personnel_number": None}, "personeelsnummer"),
        ({"date_of_birth": dt.date(2020, 1, 1)}, "geboortedatum"),
        ({"hours_per_week": Decimal("70")}, "uren"),
        ({"department": "other"}, "afdeling"),
    ],
)
def test_bad_input_saves_nothing(world, actor_of, overrides, message):
    if overrides.get("personnel_number", "") is None:
        overrides = {"personnel_number": world.own_employee.personnel_number}
    if overrides.get("department") == "other":
        overrides = {"department": world.other_department}
    before = (Employee.objects.count(), Employment.objects.count())
    with pytest.raises(ServiceError, match=message):
        services.employee_create(actor=actor_of("hr"), employer=world.employer,
                                 data=_input(world, **overrides))  # fmt: skip
    assert (Employee.objects.count(), Employment.objects.count()) == before


def test_a_duplicate_bsn_is_refused(world, actor_of):
    services.employee_create(actor=actor_of("hr"), employer=world.employer, data=_input(world))
    with pytest.raises(ServiceError, match="BSN"):
        services.employee_create(actor=actor_of("hr"), employer=world.employer,
                                 data=_input(world, personnel_number="009002"))  # fmt: skip


def test_ending_an_employment_takes_the_person_out_of_the_team(world, actor_of):
    from poortwachter.organisations.policies import employees_visible_to

    employment = world.own_employee.employments.get()
    with pytest.raises(ServiceError, match="voor de ingangsdatum"):
        services.employment_end(actor=actor_of("hr"), employment=employment,
                                end_date=dt.date(2019, 1, 1))  # fmt: skip
    services.employment_end(actor=actor_of("hr"), employment=employment,
                            end_date=dt.date(2025, 1, 31))  # fmt: skip
    assert not employees_visible_to(actor_of("manager")).filter(pk=world.own_employee.pk).exists()
    with pytest.raises(Forbidden):
        services.employment_end(actor=actor_of("outsider"), employment=employment,
                                end_date=dt.date(2025, 2, 1))  # fmt: skip


def test_the_api_creates_an_employee_in_the_actors_employer_only(world, client_for):
    body = {
        "employer": world.other_employer.pk, "personnel_number": "1", "first_name": "A",
        "last_name": "B", "bsn": "111222333", "date_of_birth": "1990-01-01",
        "email": "a@werknemer.example", "department": world.other_department.pk,
        "job_title": "X", "start_date": "2024-01-01", "hours_per_week": "20",
    }  # fmt: skip
    response = client_for("hr").post("/api/v1/employees/", body, content_type="application/json")
    assert response.status_code == 404
    body.update(employer=world.employer.pk, department=world.department.pk)
    response = client_for("hr").post("/api/v1/employees/", body, content_type="application/json")
    assert response.status_code == 201, response.content
