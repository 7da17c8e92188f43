"""The absence calendar (issue 19): who is absent per day for a manager's team and HR's
employer, as sick, partially recovered or leave, without cause or percentage (R-SICK-2,
R-INC-1); one query for the range whatever its length; the page, its navigation and the
API answer the same through the same selector; another employer's people never show."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from poortwachter.absences import selectors
from poortwachter.absences.models import LeavePeriod, PartialRecovery, PublishedAdvice
from poortwachter.audit.models import AccessEvent
from poortwachter.core import clock
from tests.factories import EmployeeFactory
from tests.reintegration.conftest import make_case

DAY = dt.timedelta(days=1)


@pytest.fixture
def absences(world):
    """Eva sick for 10 days and back at work part-time for the last 3; Kees (kitchen)
    sick since 2 days ago; Nina (night shift, below the manager's department) on
    pregnancy leave; Otto (employer B) sick. Eva's doctor's advice says 50 %."""
    today = clock.today()
    eva = make_case(world.own_employee, days_ago=10)
    report = eva.reports.get()
    PartialRecovery.objects.create(report=report, from_date=today - 2 * DAY, hours_per_week=16)
    PublishedAdvice.objects.create(
        employer=world.employer, employee=world.own_employee, case=eva, doctor=world.doctor,
        advised_on=today - 5 * DAY, published_at=clock.now(), source_ref="calendar-advice",
        work_possible="KALENDER-ADVIES licht werk", work_not_possible="Niet tillen.",
        expected_duration="weeks_2_6", incapacity_percentage=63,
    )  # fmt: skip
    kees = make_case(world.kitchen_employee, days_ago=2)
    LeavePeriod.objects.create(
        employer=world.employer, employee=world.night_employee,
        start=today - 20 * DAY, end=today + 60 * DAY,
    )  # fmt: skip
    otto = make_case(world.other_employee, days_ago=4)
    return {"eva": eva, "kees": kees, "otto": otto}


def _statuses(calendar, day):
    found = next(d for d in calendar.days if d.day == day)
    return {entry.name.split()[0]: entry.status for entry in found.entries}


def test_hr_sees_the_employer_with_the_status_of_each_day(world, actor_of, absences):
    today = clock.today()
    calendar = selectors.absence_calendar(
        actor=actor_of("hr"), start=today - 12 * DAY, end=today + DAY
    )
    assert _statuses(calendar, today - 12 * DAY) == {"Nina": "leave"}
    assert _statuses(calendar, today - 5 * DAY) == {"Eva": "sick", "Nina": "leave"}
    assert _statuses(calendar, today) == {"Eva": "partial", "Kees": "sick", "Nina": "leave"}
    assert calendar.today_count == 3


def test_a_recovered_employee_is_absent_until_the_day_before_recovery(world, actor_of, absences):
    today = clock.today()
    report = absences["kees"].reports.get()
    report.recovered_on = today
    report.save()
    calendar = selectors.absence_calendar(actor=actor_of("hr"), start=today - DAY, end=today)
    assert "Kees" in _statuses(calendar, today - DAY)
    assert "Kees" not in _statuses(calendar, today)


def test_the_manager_sees_the_team_only(world, actor_of, absences):
    today = clock.today()
    calendar = selectors.absence_calendar(actor=actor_of("manager"), start=today, end=today)
    # Nina's night shift is below the manager's department; Kees's kitchen is not.
    assert _statuses(calendar, today) == {"Eva": "partial", "Nina": "leave"}
    assert calendar.today_count == 2


def test_another_employers_hr_sees_none_of_employer_a(world, actor_of, absences):
    today = clock.today()
    calendar = selectors.absence_calendar(actor=actor_of("outsider"), start=today, end=today)
    assert _statuses(calendar, today) == {"Otto": "sick"}


def test_hr_narrows_to_one_department(world, client_for, absences):
    response = client_for("hr").get(
        "/verzuim/kalender/", {"weergave": "week", "afdeling": world.sibling_department.pk}
    )
    assert response.status_code == 200
    names = {e.name.split()[0] for d in response.context["calendar"].days for e in d.entries}
    assert names == {"Kees"}


def test_a_department_of_another_employer_is_refused(world, actor_of, client_for, absences):
    response = client_for("hr").get("/verzuim/kalender/", {"afdeling": world.other_department.pk})
    assert response.status_code == 200  # the form says why; the calendar shows everyone
    assert response.context["form"].errors["afdeling"]
    api = client_for("hr").get(
        "/api/v1/absence-calendar/", {"department": world.other_department.pk}
    )
    assert api.status_code == 400


def test_the_page_shows_no_cause_and_no_percentage(world, client_for, absences):
    for persona in ("manager", "hr"):
        response = client_for(persona).get("/verzuim/kalender/", {"weergave": "week"})
        text = response.content.decode()
        assert "Eva" in text
        assert "gedeeltelijk hersteld" in text
        assert "verlof" in text
        assert "KALENDER-ADVIES" not in text
        assert "63 %" not in text
        assert "63%" not in text
        assert "arbeidsongeschikt" not in text.lower()
        assert "zwanger" not in text.lower()


def test_one_query_for_the_range_whatever_its_length_and_people(world, actor_of, absences):
    """The days are filled in memory from one read of the reports, one of their partial
    recoveries and one of leave: a month costs what a day costs."""
    actor = actor_of("hr")
    today = clock.today()

    def queries(start, end):
        with CaptureQueriesContext(connection) as captured:
            selectors.absence_calendar(actor=actor, start=start, end=end)
        return len(captured)

    one_day = queries(today, today)
    for days_ago in range(30, 40):  # more people, more reports
        extra = EmployeeFactory(employer=world.employer, first_name=f"Extra{days_ago}")
        make_case(extra, days_ago=days_ago)
    assert queries(today - 41 * DAY, today) == one_day


def test_the_read_is_logged_with_everyone_shown(world, client_for, absences):
    before = AccessEvent.objects.count()
    client_for("manager").get("/verzuim/kalender/", {"weergave": "week"})
    event = AccessEvent.objects.filter(purpose="absence_calendar").order_by("-seq").first()
    assert AccessEvent.objects.count() > before
    assert event is not None
    assert event.actor_user_id == world.manager.pk
    assert set(event.details["sick_report_ids"]) == {absences["eva"].reports.get().pk}


def test_month_and_week_navigation(world, client_for, absences):
    client = client_for("hr")
    response = client.get("/verzuim/kalender/", {"datum": "2026-03-18"})
    assert response.context["first"] == dt.date(2026, 3, 1)
    assert response.context["calendar"].start == dt.date(2026, 2, 23)  # the Monday before
    assert response.context["calendar"].end == dt.date(2026, 4, 5)
    assert "datum=2026-02-01" in response.context["previous_link"]
    assert "datum=2026-04-01" in response.context["next_link"]
    week = client.get("/verzuim/kalender/", {"weergave": "week", "datum": "2026-03-18"})
    assert week.context["calendar"].start == dt.date(2026, 3, 16)
    assert len(week.context["calendar"].days) == 7
    assert "datum=2026-03-09" in week.context["previous_link"]


@pytest.mark.parametrize("persona", ["employee", "employer_admin", "doctor", "privacy_officer"])
def test_roles_without_a_calendar_are_refused(world, client_for, absences, persona):
    assert client_for(persona).get("/verzuim/kalender/").status_code == 403
    assert client_for(persona).get("/api/v1/absence-calendar/").status_code == 403


def test_the_api_gives_the_same_days(world, client_for, absences):
    today = clock.today()
    response = client_for("manager").get(
        "/api/v1/absence-calendar/",
        {"from": (today - DAY).isoformat(), "to": today.isoformat()},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["from"] == (today - DAY).isoformat()
    assert data["today_count"] == 2
    last = data["days"][-1]
    assert {(a["name"].split()[0], a["status"]) for a in last["absent"]} == {
        ("Eva", "partial"), ("Nina", "leave"),
    }  # fmt: skip
    assert set(last["absent"][0]) == {"employee", "name", "status"}


def test_the_api_refuses_a_long_or_backwards_range(world, client_for):
    client = client_for("hr")
    assert (
        client.get(
            "/api/v1/absence-calendar/", {"from": "2026-01-01", "to": "2026-06-01"}
        ).status_code
        == 400
    )
    assert (
        client.get(
            "/api/v1/absence-calendar/", {"from": "2026-02-01", "to": "2026-01-01"}
        ).status_code
        == 400
    )


def test_the_manager_and_hr_home_link_to_the_calendar(world, client_for):
    assert b"/verzuim/kalender/" in client_for("manager").get("/team/verzuim/").content
    assert b"/verzuim/kalender/" in client_for("hr").get("/verzuim/overzicht/").content


def test_an_open_absence_is_not_projected_into_the_days_to_come(world, actor_of, absences):
    today = clock.today()
    calendar = selectors.absence_calendar(actor=actor_of("hr"), start=today, end=today + DAY)
    assert _statuses(calendar, today + DAY) == {"Nina": "leave"}
