"""The list views at scale (issue 9): every list is paginated, and the number of SQL
queries a list needs does not grow with the rows it shows (no N+1). ``benchmarks/lists.py``
measures the same lists on 100,000 employees; these tests pin the behaviour it relies on."""

import datetime as dt
import html
import re

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from poortwachter.absences.models import AbsenceCase, ServiceQueueItem, SickReport
from poortwachter.absences.policies import hr_overview_reports
from poortwachter.absences.services import sick_report_create
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core import clock
from poortwachter.core.queries import InSubquery
from poortwachter.core.roles import Role
from poortwachter.medical.models import MedicalFile
from poortwachter.organisations.models import Employee, current_employments
from tests.absences.conftest import sick_input
from tests.factories import EmployeeFactory, EmploymentFactory, UserFactory, grant

SURNAME = "Zoekmans"


def _populate(world, count: int, *, start: int = 0) -> None:
    """``count`` more people in the manager's department, each with an open sick report
    in the doctor's queue, an open case and a medical file, and an account."""
    day = clock.today() - dt.timedelta(days=10)
    for number in range(start, start + count):
        employee = EmployeeFactory(employer=world.employer, last_name=SURNAME)
        EmploymentFactory(employee=employee, employer=world.employer, department=world.department)
        case = AbsenceCase.objects.create(
            employer=world.employer, employee=employee, first_sick_day=day
        )
        report = SickReport.objects.create(
            case=case, employer=world.employer, employee=employee, first_sick_day=day,
            reported_at=clock.now(), phone="0612345678", care_street="Laan",
            care_house_number="1", care_postcode="1234 AB", care_city="Utrecht",
            expected_duration="days", safety_net_applies=False, work_accident=False,
            traffic_accident_third_party=False,
        )  # fmt: skip
        ServiceQueueItem.objects.create(report=report, employer=world.employer)
        MedicalFile.objects.create(
            employee_id=employee.pk, employer_id=world.employer.pk, opened_at=clock.now(),
            opened_by_id=world.doctor.pk,
        )  # fmt: skip
        user = UserFactory(email=f"lijst{number}@test.example")
        grant(user, Role.EMPLOYEE, employer=world.employer, employee=employee)


def _report_sick(actor, employee) -> SickReport:
    return sick_report_create(actor=actor, employee=employee, data=sick_input())


def _rows(response) -> int:
    """Rows a list page or an API list showed."""
    if response["Content-Type"].startswith("application/json"):
        return len(response.json()["results"])
    html = response.content.decode()
    return sum(body.count("<tr") for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S))


def _measure(client, path) -> tuple[int, int, int]:
    """(queries on the main database, on the medical one, rows shown), after a warm-up."""
    client.get(path)
    with (
        CaptureQueriesContext(connections["default"]) as main,
        CaptureQueriesContext(connections["medical"]) as medical,
    ):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(main), len(medical), _rows(response)


LISTS = [
    ("manager", "/team/"),
    ("manager", "/team/verzuim/"),
    ("manager", "/api/v1/employees/"),
    ("manager", "/api/v1/sick-reports/"),
    ("hr", "/werknemers/"),
    ("hr", "/werknemers/?q=" + SURNAME + "&department={department}"),
    ("hr", "/verzuim/overzicht/"),
    ("hr", "/verzuim/overzicht/?status=all&department={department}&q=" + SURNAME),
    ("hr", "/verzuim/overzicht/?sorteer=-termijn"),
    ("hr", "/verzuim/overzicht/?sorteer=status"),
    ("hr", "/api/v1/employees/"),
    ("hr", "/api/v1/sick-reports/"),
    ("doctor", "/bedrijfsarts/werkvoorraad/"),
    ("doctor", "/bedrijfsarts/dossiers/"),
    ("doctor", "/api/v1/sick-reports/"),
    ("doctor", "/api/v1/employees/"),
    ("employer_admin", "/api/v1/users/"),
]


@pytest.mark.parametrize(("persona", "path"), LISTS)
def test_queries_per_list_do_not_grow_with_the_rows(world, client_for, persona, path):
    path = path.format(department=world.department.pk)
    _populate(world, 5)
    client = client_for(persona)
    few_main, few_medical, few_rows = _measure(client, path)
    _populate(world, 45, start=5)
    many_main, many_medical, many_rows = _measure(client, path)
    assert many_rows >= few_rows + 40, "the larger page must show more rows"
    assert (many_main, many_medical) == (few_main, few_medical)


@pytest.mark.parametrize(
    ("persona", "path", "param"),
    [
        ("manager", "/team/", "page"),
        ("manager", "/team/verzuim/", "page"),
        ("hr", "/werknemers/?department={department}", "page"),
        ("hr", "/verzuim/overzicht/", "page"),
        ("doctor", "/bedrijfsarts/werkvoorraad/", "page"),
        ("doctor", "/bedrijfsarts/werkvoorraad/", "wachtrij"),
        ("doctor", "/bedrijfsarts/dossiers/", "page"),
    ],
)
def test_every_list_page_shows_at_most_fifty_rows(world, client_for, persona, path, param):
    path = path.format(department=world.department.pk)
    _populate(world, 55)
    client = client_for(persona)
    first = client.get(path).content.decode()
    assert re.search(rf"[?&;]{param}=2\"", first), "a link to the next page"
    second = client.get(f"{path}{'&' if '?' in path else '?'}{param}=2").content.decode()
    assert "Pagina 2 van 2" in second
    assert SURNAME in second  # the rest of the people are on page 2


def _tables(html: str) -> list[int]:
    return [body.count("<tr") for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S)]


def test_work_queue_and_open_absence_page_independently(world, client_for):
    _populate(world, 55)
    client = client_for("doctor")
    assert _tables(client.get("/bedrijfsarts/werkvoorraad/").content.decode()) == [50, 50]
    # The queue's second page keeps the open absence on its first page, and the other way.
    queue_next = client.get("/bedrijfsarts/werkvoorraad/?wachtrij=2").content.decode()
    assert _tables(queue_next) == [5, 50]
    assert "?wachtrij=2&amp;page=2" in queue_next
    open_next = client.get("/bedrijfsarts/werkvoorraad/?page=2").content.decode()
    assert _tables(open_next) == [50, 5]
    assert "?page=2&amp;wachtrij=2" in open_next


def test_team_absence_shows_who_is_sick_on_each_page(world, client_for, actor_of):
    _report_sick(actor_of("manager"), world.own_employee)
    _populate(world, 55)
    client = client_for("manager")
    pages = [client.get(f"/team/verzuim/?page={n}").content.decode() for n in (1, 2)]
    both = html.unescape("".join(pages))
    # 57 people, each once: the open reports of the page's people, not of the first 50.
    assert both.count("ziek sinds") == 56
    assert both.count("Ziek melden") == 1  # Nina, at work
    assert world.own_employee.full_name in both


def test_department_filter_lists_each_report_once(world, client_for, actor_of):
    """Two current contracts in one department used to need DISTINCT over the whole list
    (and its count); the filter is a subquery now and still shows the report once."""
    report = _report_sick(actor_of("hr"), world.own_employee)
    EmploymentFactory(
        employee=world.own_employee, employer=world.employer, department=world.department
    )
    response = client_for("hr").get(f"/verzuim/overzicht/?department={world.department.pk}")
    assert response.context["page"].paginator.count == 1
    assert [r.pk for r in response.context["page"]] == [report.pk]


def test_api_user_list_is_paginated_like_every_list(world, client_for):
    _populate(world, 55)
    client = client_for("employer_admin")
    first = client.get("/api/v1/users/").json()
    visible = 55 + 5  # the employee, manager, HR, employer administrator, privacy officer
    assert first["count"] == visible
    assert len(first["results"]) == 50
    assert first["next"].endswith("/api/v1/users/?page=2")
    second = client.get("/api/v1/users/?page=2").json()
    assert len(second["results"]) == visible - 50
    assert {u["id"] for u in first["results"]}.isdisjoint(u["id"] for u in second["results"])
    assert client.get("/api/v1/users/?page=3").status_code == 404


def test_api_user_list_is_documented_as_paginated(world, client_for):
    schema = client_for("hr").get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/users/"]["get"]
    assert "page" in {parameter["name"] for parameter in operation["parameters"]}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/PaginatedUserList")


# --- long lists: keys first, then rows ------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("hr", "/api/v1/sick-reports/"),
        ("doctor", "/api/v1/sick-reports/"),
        ("hr", "/verzuim/overzicht/?status=all"),
        ("hr", "/verzuim/overzicht/?status=all&sorteer=casemanager"),
        ("doctor", "/bedrijfsarts/werkvoorraad/"),
    ],
)
def test_long_sick_report_lists_sort_keys_not_rows(world, client_for, persona, path):
    """The database sorts the scope's keys and reads whole rows for one page only."""
    _populate(world, 5)
    client = client_for(persona)
    with CaptureQueriesContext(connections["default"]) as queries:
        assert client.get(path).status_code == 200
    paged = [
        q["sql"] for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and "LIMIT" in q["sql"]
        and 'FROM "absences_sickreport"' in q["sql"]
    ]  # fmt: skip
    assert paged, "the page of reports is read with LIMIT"
    for sql in paged:
        assert sql.startswith('SELECT "absences_sickreport"."id" AS "pk" FROM'), sql


def _reports():
    return SickReport.objects.select_related("employee").order_by("-first_sick_day", "-pk")


def test_late_row_paginator_gives_the_pages_of_a_plain_paginator(world):
    from django.core.paginator import Paginator

    from poortwachter.core.pages import LateRowPaginator

    _populate(world, 12)
    SickReport.objects.filter(pk__in=SickReport.objects.order_by("pk")[:6]).update(
        first_sick_day=clock.today() - dt.timedelta(days=30)
    )
    for orphans in (0, 3):
        plain = Paginator(_reports(), 5, orphans=orphans)
        late = LateRowPaginator(_reports(), 5, orphans=orphans)
        assert late.num_pages == plain.num_pages
        for number in plain.page_range:
            assert [r.pk for r in late.page(number)] == [r.pk for r in plain.page(number)]


def test_late_row_paginator_keeps_the_lists_joins_and_fields(world, django_assert_num_queries):
    from poortwachter.core.pages import LateRowPaginator

    _populate(world, 3)
    listed = _reports().only("first_sick_day", "employee__last_name")
    page = LateRowPaginator(listed, 50).page(1)
    with django_assert_num_queries(0):
        names = [report.employee.last_name for report in page]
        days = [report.first_sick_day for report in page]
    assert names == [SURNAME] * 3
    assert len(days) == 3
    with django_assert_num_queries(1):  # a deferred field still loads, as without it
        page[0].phone  # noqa: B018


def test_late_row_paginator_refuses_annotated_lists(world):
    from django.db.models import Value

    from poortwachter.core.pages import LateRowPaginator

    _populate(world, 1)
    with pytest.raises(ValueError, match="annotations"):
        LateRowPaginator(_reports().annotate(x=Value(1)), 50).page(1)


def test_an_empty_list_has_one_empty_page(world):
    from poortwachter.core.pages import LateRowPaginator

    assert list(LateRowPaginator(_reports(), 50).page(1)) == []


# --- indexes ----------------------------------------------------------------------------


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(explain + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


@pytest.mark.postgresql
def test_newest_reports_come_from_an_index_on_postgresql(world):
    """Page 1 of a large scope walks ``sick_report_newest_first`` and stops after 50
    rows; without it PostgreSQL sorts every report of the scope."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's planner needs statistics to prefer it; the PostgreSQL leg runs this")
    from poortwachter.absences.policies import reports_visible_to
    from poortwachter.accounts.selectors import actor_for_user

    _populate(world, 5)
    with connection.cursor() as cursor:  # tiny tables: show what the planner can do
        cursor.execute("SET LOCAL enable_sort = off; SET LOCAL enable_incremental_sort = off")
    scope = reports_visible_to(actor_for_user(world.doctor)).order_by("-first_sick_day", "-pk")
    assert "sick_report_newest_first" in _plan(scope.values_list("pk", flat=True)[:50])


@pytest.mark.sqlite
def test_a_page_of_keys_comes_from_an_index_alone_on_sqlite(world):
    """What makes the keys-first page cheap on SQLite: the keys of a scope are read and
    sorted from an index, without visiting the table."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL reads the index in order instead; the SQLite leg runs this")
    from poortwachter.absences.policies import reports_visible_to
    from poortwachter.accounts.selectors import actor_for_user

    _populate(world, 5)
    scope = reports_visible_to(actor_for_user(world.hr)).order_by("-first_sick_day", "-pk")
    plan = _plan(scope.values_list("pk", flat=True)[:50])
    assert "SEARCH absences_sickreport USING COVERING INDEX" in plan


@pytest.mark.postgresql
def test_open_reports_come_from_their_own_index_on_postgresql(world):
    """HR's default overview and the doctor's open absence (issue 21): page 1 of an
    employer's open reports is read from ``sick_report_open_newest_first``, the open
    reports only, instead of visiting every open report's row."""
    # A partial index PostgreSQL picks by cost: the PostgreSQL-only leg runs this.
    assert connection.vendor == "postgresql", "run with DATABASE_URL (make test-postgres-only)"
    _populate(world, 5)
    with connection.cursor() as cursor:  # tiny tables: show what the planner can do
        cursor.execute("SET LOCAL enable_sort = off; SET LOCAL enable_seqscan = off")
    scope = (
        hr_overview_reports(actor_for_user(world.hr))
        .filter(recovered_on__isnull=True)
        .order_by("-first_sick_day", "-pk")
    )
    assert "sick_report_open_newest_first" in _plan(scope.values_list("pk", flat=True)[:50])


def test_a_team_is_one_array_on_postgresql_and_a_subquery_elsewhere(world):
    """``InSubquery`` (issue 21): on PostgreSQL the team's keys are one array, so the
    planner reads the team by key instead of the whole employee table."""
    _populate(world, 2)
    team = current_employments().filter(department=world.department).values("employee_id")
    people = Employee.objects.filter(InSubquery("pk", team)).order_by()
    sql, _params = people.query.sql_with_params()
    expected = "= ANY(ARRAY(SELECT" if connection.vendor == "postgresql" else "IN (SELECT"
    assert expected in sql
    assert "ORDER BY" not in sql  # a set of keys: the employments' own order is dropped
    assert set(people) == set(Employee.objects.filter(pk__in=team))
    assert len(set(people)) == 3  # the own employee and the two added
