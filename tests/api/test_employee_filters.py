"""``GET /api/v1/employees/`` filters like HR's page of employees (issue 14): both call
``organisations.selectors.employee_search``. Each filter narrows the list, stays inside
what the caller may see, never shows another employer's people, and a filtered list is
logged as a search naming the employees it showed."""

import html

import pytest

from poortwachter.audit.models import AccessEvent, Action

URL = "/api/v1/employees/"


def _ids(client, **params) -> set[int]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_name_filter_narrows_the_list(world, client_for):
    client = client_for("hr")
    assert _ids(client, q="eig") == {world.own_employee.pk}
    assert _ids(client, q="Kees") == {world.kitchen_employee.pk}


def test_the_personnel_number_matches_whole_only(world, client_for):
    client = client_for("hr")
    number = world.kitchen_employee.personnel_number
    assert _ids(client, q=number) == {world.kitchen_employee.pk}
    assert world.own_employee.pk not in _ids(client, q=number)


def test_the_department_filter_narrows_to_current_members(world, client_for):
    client = client_for("hr")
    assert _ids(client, department=world.sibling_department.pk) == {world.kitchen_employee.pk}
    assert _ids(client, department=world.sub_department.pk) == {world.night_employee.pk}


def test_the_filters_combine(world, client_for):
    client = client_for("hr")
    assert _ids(client, q="Kees", department=world.sibling_department.pk) == {
        world.kitchen_employee.pk
    }
    assert _ids(client, q="Kees", department=world.department.pk) == set()


def test_the_filters_work_as_on_the_hr_page(world, client_for):
    client = client_for("hr")
    page = html.unescape(client.get("/werknemers/", {"q": "Kees"}).content.decode())
    assert world.kitchen_employee.last_name in page
    assert world.own_employee.last_name not in page
    assert _ids(client, q="Kees") == {world.kitchen_employee.pk}


def test_a_filter_stays_inside_the_callers_scope(world, client_for):
    """The manager manages Verpleging (with Nachtdienst), not Keuken."""
    client = client_for("manager")
    assert _ids(client, department=world.sibling_department.pk) == set()
    assert _ids(client, q="Kees") == set()
    assert _ids(client, q="Nina") == {world.night_employee.pk}
    assert _ids(client_for("employee"), q="Kees") == set()


@pytest.mark.parametrize("persona", ["hr", "doctor", "manager", "employer_admin"])
def test_another_employers_people_never_appear(world, client_for, persona):
    client = client_for(persona)
    assert world.other_employee.pk not in _ids(client, q="Otto")
    assert _ids(client, department=world.other_department.pk) == set()
    assert _ids(client, q=world.other_employee.personnel_number) == set()


def test_a_filtered_list_is_logged_as_a_search_with_the_employees_shown(world, client_for):
    client_for("hr").get(URL, {"department": world.sibling_department.pk})
    event = AccessEvent.objects.filter(purpose="api_employee_list").latest("id")
    assert event.action == Action.SEARCH
    assert event.actor_user_id == world.hr.pk
    assert event.details["employee_ids"] == [world.kitchen_employee.pk]
    assert list(event.subjects.values_list("employee_id", flat=True)) == [world.kitchen_employee.pk]


def test_an_unfiltered_list_is_logged_as_a_read(world, client_for):
    client_for("hr").get(URL)
    event = AccessEvent.objects.filter(purpose="api_employee_list").latest("id")
    assert event.action == Action.READ
    assert set(event.details["employee_ids"]) == {
        world.own_employee.pk, world.night_employee.pk, world.kitchen_employee.pk
    }  # fmt: skip


@pytest.mark.parametrize(
    "params",
    [
        {"department": ""},
        {"department": "abc"},
        {"department": "0"},
        {"department": "9" * 20},
        {"q": "x" * 101},
    ],
)
def test_invalid_filters_are_refused_in_dutch(world, client_for, params):
    client = client_for("hr")
    before = AccessEvent.objects.count()
    response = client.get(URL, params)
    assert response.status_code == 400
    text = response.content.decode()
    assert "afdeling" in text or "tekens" in text
    assert AccessEvent.objects.count() == before


def test_the_schema_documents_the_filters_and_their_errors(world, client_for):
    schema = client_for("hr").get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/employees/"]["get"]
    assert {"q", "department", "page"} <= {p["name"] for p in operation["parameters"]}
    assert "400" in operation["responses"]
