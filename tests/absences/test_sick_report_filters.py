"""The sick-report list of the API has the same filters as HR's absence overview
(issue 14): one selector (``sick_report_search``) behind both. Every filter narrows the
list, none widens the caller's scope, another employer's reports never appear, a
filtered list is logged as a search with the employees it showed, and a bad filter is
refused with a Dutch message."""

import datetime as dt

import pytest

from poortwachter.absences.models import SickReport
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core import clock

API = "/api/v1/sick-reports/"
OVERVIEW = "/verzuim/overzicht/"


@pytest.fixture
def reports(world, report_for):
    """Eva (Verpleging) sick for 20 days, Nina (Nachtdienst, under Verpleging) recovered
    after a report 60 days ago, Kees (Keuken) sick for 5 days; Otto at the other employer
    sick as well."""
    today = clock.today()
    made = {
        "own": report_for("hr", world.own_employee, first_sick_day=today - dt.timedelta(20)),
        "night": report_for("hr", world.night_employee, first_sick_day=today - dt.timedelta(60)),
        "kitchen": report_for("hr", world.kitchen_employee, first_sick_day=today - dt.timedelta(5)),
        "other": report_for("outsider", world.other_employee, first_sick_day=today),
    }
    SickReport.objects.filter(pk=made["night"].pk).update(recovered_on=today - dt.timedelta(50))
    return made


def _listed(client, reports, **params) -> set[str]:
    response = client.get(API, params)
    assert response.status_code == 200, response.json()
    names = {report.pk: name for name, report in reports.items()}
    return {names[row["id"]] for row in response.json()["results"]}


def _filters(world):
    today = clock.today()
    return [
        ({}, {"own", "night", "kitchen"}),
        ({"status": "all"}, {"own", "night", "kitchen"}),
        ({"status": "open"}, {"own", "kitchen"}),
        ({"status": "closed"}, {"night"}),
        # The people in the department itself, not in its sub-departments (as the overview).
        ({"department": world.department.pk}, {"own"}),
        ({"department": world.sibling_department.pk}, {"kitchen"}),
        ({"q": "eigen"}, {"own"}),
        ({"q": world.kitchen_employee.personnel_number}, {"kitchen"}),
        ({"date_from": (today - dt.timedelta(10)).isoformat()}, {"kitchen"}),
        ({"date_to": (today - dt.timedelta(30)).isoformat()}, {"night"}),
        ({"status": "open", "date_from": (today - dt.timedelta(30)).isoformat(),
          "date_to": (today - dt.timedelta(10)).isoformat()}, {"own"}),
    ]  # fmt: skip


def test_each_filter_narrows_the_api_list(world, client_for, reports):
    client = client_for("hr")
    for params, expected in _filters(world):
        assert _listed(client, reports, **params) == expected, params


def test_the_api_and_the_overview_filter_alike(world, client_for, reports):
    """The overview shows open absences by default; with the status given, the page and
    the API show the same reports for every filter."""
    client = client_for("hr")
    names = {report.pk: name for name, report in reports.items()}
    for params, _expected in _filters(world):
        query = {"status": "all", **params}
        api = _listed(client, reports, **query)
        assert client.get(OVERVIEW, query).status_code == 200
        event = AccessEvent.objects.filter(purpose="hr_absence_overview").latest("id")
        assert {names[pk] for pk in event.details["sick_report_ids"]} == api, query


def test_filters_stay_inside_the_callers_scope(world, client_for, reports):
    manager = client_for("manager")
    assert _listed(manager, reports) == {"own", "night"}
    assert _listed(manager, reports, status="open") == {"own"}
    assert _listed(manager, reports, q=world.kitchen_employee.last_name) == set()
    employee = client_for("employee")
    assert _listed(employee, reports) == {"own"}
    assert _listed(employee, reports, q=world.night_employee.last_name) == set()


@pytest.mark.parametrize("persona", ["hr", "manager", "doctor", "employee"])
def test_another_employers_reports_never_appear(world, client_for, reports, persona):
    client = client_for(persona)
    other = world.other_employee
    for params in (
        {}, {"status": "all"}, {"q": other.last_name}, {"q": other.personnel_number},
        {"date_from": clock.today().isoformat()},
    ):  # fmt: skip
        assert "other" not in _listed(client, reports, **params), params


def test_the_other_employer_sees_only_its_own(world, client_for, reports):
    client = client_for("outsider")
    assert _listed(client, reports, q=world.own_employee.last_name) == set()
    assert _listed(client, reports, department=world.other_department.pk) == {"other"}


@pytest.mark.parametrize("persona", ["hr", "manager"])
def test_a_department_outside_the_callers_view_is_refused(world, client_for, reports, persona):
    """Filtering on another employer's department (or, for a manager, a department they
    do not manage) is a bad filter, not an empty list that confirms it exists."""
    client = client_for(persona)
    departments = [world.other_department.pk, 999_999]
    if persona == "manager":
        departments.append(world.sibling_department.pk)
    for department in departments:
        response = client.get(API, {"department": department})
        assert response.status_code == 400, department
        error = response.json()["errors"][0]
        assert (error["attr"], error["detail"]) == ("department", "Onbekende afdeling.")


def test_a_search_is_logged_with_the_employees_shown(world, client_for, reports):
    client = client_for("hr")
    client.get(API, {"status": "open", "q": "eigen"})
    event = AccessEvent.objects.filter(purpose="api_sick_report_list").latest("id")
    assert event.action == Action.SEARCH
    assert event.details["sick_report_ids"] == [reports["own"].pk]
    assert event.details["employee_ids"] == [world.own_employee.pk]
    assert list(event.subjects.values_list("employee_id", flat=True)) == [world.own_employee.pk]


def test_a_search_that_finds_no_one_is_logged_as_showing_no_one(world, client_for, reports):
    client_for("hr").get(API, {"q": "niemand-heet-zo"})
    event = AccessEvent.objects.filter(purpose="api_sick_report_list").latest("id")
    assert event.action == Action.SEARCH
    assert event.details["employee_ids"] == []


def test_an_unfiltered_list_is_logged_as_a_read(world, client_for, reports):
    client_for("hr").get(API)
    event = AccessEvent.objects.filter(purpose="api_sick_report_list").latest("id")
    assert event.action == Action.READ
    shown = {world.own_employee.pk, world.night_employee.pk, world.kitchen_employee.pk}
    assert set(event.details["employee_ids"]) == shown


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "ziek"}, "status"),
        ({"department": "keuken"}, "department"),
        ({"department": 0}, "department"),
        ({"department": 10**19}, "department"),
        ({"q": "x" * 101}, "q"),
        ({"date_from": "3-2-2026"}, "date_from"),
        ({"date_to": "morgen"}, "date_to"),
    ],
)
def test_a_bad_filter_is_refused_in_dutch(world, client_for, reports, params, field):
    before = AccessEvent.objects.filter(purpose="api_sick_report_list").count()
    response = client_for("hr").get(API, params)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["attr"] == field
    english = ("has wrong format", "Ensure this", "valid integer", "not a valid", "Enter a")
    assert not any(word in error["detail"] for word in english), error["detail"]
    assert AccessEvent.objects.filter(purpose="api_sick_report_list").count() == before


def test_the_filters_are_documented_in_the_schema(client_for):
    schema = client_for("hr").get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"][API]["get"]["parameters"]
    names = {p["name"] for p in parameters if p["in"] == "query"}
    assert {"page", "status", "department", "q", "date_from", "date_to"} <= names
