"""Deadlines where people look (issue 15, R-REINT-3): the case file, HR's absence
overview and the manager's team view show the week of absence, the next deadline and
the steps that are late (how many days), from the tasks of the timeline."""

import datetime as dt
import re

from poortwachter.core import clock
from poortwachter.reintegration.deadlines import absence_week
from poortwachter.reintegration.models import PlanOfAction, PlanVersion, Task, TaskRole
from tests.reintegration.conftest import make_case

DAY = dt.timedelta(days=1)


def _text(response) -> str:
    assert response.status_code == 200
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def _task(case, code, label, due_in_days, n=0):
    return Task.objects.create(
        case=case, employer=case.employer, employee=case.employee, code=code, n=n,
        label=label, role=TaskRole.HR, due_on=clock.today() + due_in_days * DAY,
    )  # fmt: skip


def _cases(world):
    """Eva, sick 100 days, with an evaluation 30 days late and the next one ahead; Kees,
    sick 10 days, nothing late."""
    eva = make_case(world.own_employee, days_ago=100)
    _task(eva, "evaluation", "Evaluatie plan van aanpak", -30, n=1)
    _task(eva, "uwv_42_week_notification", "42e-weeksmelding aan UWV", 180)
    kees = make_case(world.kitchen_employee, days_ago=10)
    _task(kees, "problem_analysis", "Probleemanalyse door de bedrijfsarts", 32)
    return eva, kees


def test_the_week_of_absence_starts_at_one():
    first = dt.date(2026, 1, 5)
    assert absence_week(first, first) == 1
    assert absence_week(first, first + 6 * DAY) == 1
    assert absence_week(first, first + 7 * DAY) == 2
    assert absence_week(first, first + 300 * DAY, closed_on=first + 14 * DAY) == 3


def test_the_case_file_flags_late_steps_with_days_late(world, client_for):
    eva, _kees = _cases(world)
    text = _text(client_for("hr").get(f"/verzuim/dossiers/{eva.pk}/"))
    assert "Week van het verzuim 15" in text
    assert "1 stap is te laat" in text
    assert "Evaluatie plan van aanpak 1: uiterlijk" in text
    assert "30 dagen te laat" in text
    assert "Te laat: 30 dagen" in text  # the task's own row no longer says "Open"
    assert "Volgende termijn 42e-weeksmelding aan UWV" in text


def test_the_hr_overview_shows_week_deadline_case_manager_and_status(world, client_for):
    eva, _kees = _cases(world)
    plan = PlanOfAction.objects.create(case=eva, employer=world.employer,
                                       employee=world.own_employee)  # fmt: skip
    world.hr.first_name, world.hr.last_name = "Henk", "Casus"
    world.hr.save(update_fields=["first_name", "last_name"])
    from poortwachter.absences.models import PublishedAdvice

    advice = PublishedAdvice.objects.create(
        employer=world.employer, employee=world.own_employee, case=eva, doctor=world.doctor,
        advised_on=clock.today(), published_at=clock.now(), source_ref="deadline-test",
        work_possible="Licht werk.", work_not_possible="Niet tillen.",
        expected_duration="longer", incapacity_percentage=50,
    )  # fmt: skip
    PlanVersion.objects.create(
        plan=plan, number=1, drawn_up_on=clock.today(), activities="Aangepast werk.",
        goals="Terug.", goal_date=clock.today() + 60 * DAY, evaluation_moments="Zes weken.",
        next_evaluation_on=clock.today() + 42 * DAY, case_manager=world.hr, advice=advice,
        employer_view="Haalbaar.", created_by=world.hr, created_at=clock.now(),
    )  # fmt: skip
    text = _text(client_for("hr").get("/verzuim/overzicht/"))
    assert "Week" in text
    assert "Volgende termijn" in text
    assert "Casemanager" in text
    assert "Henk Casus" in text
    assert "1 stap te laat" in text
    assert "30 dagen te laat" in text
    assert "op schema" in text  # Kees


def _names_in_order(response, *names):
    html = response.content.decode()
    return sorted(names, key=html.index)


def test_the_hr_overview_sorts_by_its_columns(world, client_for):
    _cases(world)
    client = client_for("hr")
    eva, kees = world.own_employee.full_name, world.kitchen_employee.full_name
    # Newest first by default: Kees (10 days) before Eva (100 days).
    assert _names_in_order(client.get("/verzuim/overzicht/"), eva, kees) == [kees, eva]
    assert _names_in_order(client.get("/verzuim/overzicht/?sorteer=week"), eva, kees) == [
        kees, eva,
    ]  # fmt: skip
    assert _names_in_order(client.get("/verzuim/overzicht/?sorteer=-week"), eva, kees) == [
        eva, kees,
    ]  # fmt: skip
    # Next deadline: Eva's late evaluation is the earliest open date.
    assert _names_in_order(client.get("/verzuim/overzicht/?sorteer=termijn"), eva, kees) == [
        eva, kees,
    ]  # fmt: skip
    # Status: late first.
    assert _names_in_order(client.get("/verzuim/overzicht/?sorteer=status"), eva, kees) == [
        eva, kees,
    ]  # fmt: skip
    # An unknown key sorts as the default; the column links keep the filters.
    response = client.get("/verzuim/overzicht/?sorteer=employee__bsn&status=all")
    assert _names_in_order(response, eva, kees) == [kees, eva]
    hrefs = re.findall(r'href="\?([^"]*)"', response.content.decode())
    assert any("status=all" in h and "sorteer=termijn" in h for h in hrefs), hrefs


def test_the_managers_team_view_shows_week_and_late_steps(world, client_for):
    _cases(world)
    text = _text(client_for("manager").get("/team/verzuim/"))
    assert "1 stap te laat" in text
    assert "30 dagen te laat" in text
    assert "42e-weeksmelding aan UWV" in text
