"""Wage sanction (loonsanctie) and voluntary extension of the wage continuation (issue 16,
R-REINT-3): the end of the wage continuation, the timeline, the tasks and the case file
move with them. Every date below is worked out by hand from the rule it cites.

Sources:
- art. 7:629 lid 1 BW: 104 weeks of wage continuation; the product dates the end as the
  first sick day + 728 days (DOMAIN.md: 3-1-2022 gives 1-1-2024).
- art. 25 lid 9 WIA, art. 7:629 lid 11 BW: UWV extends the waiting time and so the wage
  continuation by a wage sanction of at most 52 weeks (DOMAIN.md §1 [S claarensteyn.nl]);
  its decision states the first and last day; the end becomes the day after the last.
- art. 24 lid 1 WIA, art. 7:629 lid 11 BW: on the joint request of employer and employee
  UWV extends the waiting time by the weeks asked, at most 52; the WIA application (art. 64
  WIA: eleven weeks before the end of the waiting time, day 651) moves with it.
"""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from poortwachter.absences.models import WageExtension, WageSanction
from poortwachter.absences.selectors import wage_continuation_ends
from poortwachter.audit.models import AccessEvent
from poortwachter.reintegration import sync, timeline
from poortwachter.reintegration.models import Task
from poortwachter.reintegration.timeline import Period, TimelineError
from tests.conftest import PERSONAS
from tests.reintegration.conftest import make_case

D = dt.date
FIRST = D(2025, 1, 6)  # docs/poortwachter.md worked example 2: a Monday, still sick


def _case_of(**kwargs) -> timeline.Case:
    return timeline.compute([Period(FIRST)], **kwargs).current


def _due(case: timeline.Case, key: str) -> dt.date:
    milestone = case.milestone(key)
    assert milestone is not None, key
    return milestone.due


# --- the arithmetic ------------------------------------------------------------------------


def test_without_sanction_or_extension_nothing_moves():
    case = _case_of()
    assert _due(case, "wage_continuation_end") == D(2027, 1, 4)  # 6-1-2025 + 728 days
    assert _due(case, "wia_application") == D(2026, 10, 18)  # day 651


def test_a_sanction_of_52_weeks_runs_the_wage_continuation_to_its_last_day():
    # Art. 25 lid 9 WIA: UWV's decision, 4-1-2027 up to and including 2-1-2028 (364 days:
    # 4-1-2027 + 363 days; 2027 is not a leap year). The end is the day after: 3-1-2028.
    case = _case_of(sanction=Period(D(2027, 1, 4), D(2028, 1, 2)))
    end = case.milestone("wage_continuation_end")
    assert end is not None
    assert end.due == D(2028, 1, 3)
    assert case.wage_continuation_ends == D(2028, 1, 3)
    assert "loonsanctie" in str(end.label).lower()
    assert "art. 25 lid 9 WIA" in end.source
    # The steps before the end of the 104 weeks stay where they were.
    assert _due(case, "wia_application") == D(2026, 10, 18)
    assert _due(case, "uwv_42_week_notification") == D(2025, 10, 27)


def test_a_shortened_sanction_ends_on_its_own_last_day():
    # A bekorting: UWV lets the sanction end on 30-6-2027; wage continuation ends 1-7-2027.
    case = _case_of(sanction=Period(D(2027, 1, 4), D(2027, 6, 30)))
    assert _due(case, "wage_continuation_end") == D(2027, 7, 1)


def test_a_sanction_longer_than_52_weeks_is_refused_in_dutch():
    # 4-1-2027 up to and including 3-1-2028 is 365 days: one more than 52 weeks.
    with pytest.raises(TimelineError, match="hooguit 52 weken") as error:
        _case_of(sanction=Period(D(2027, 1, 4), D(2028, 1, 3)))
    assert error.value.field == "sanction"


def test_a_voluntary_extension_moves_the_end_and_the_steps_counted_back_from_it():
    # Art. 24 lid 1 WIA: 13 weeks = 91 days.
    case = _case_of(extension_weeks=13)
    # 4-1-2027 + 91 days: 27 days to 31-1, 28 to 28-2, 31 to 31-3, 5 to 5-4-2027.
    assert _due(case, "wage_continuation_end") == D(2027, 4, 5)
    # 18-10-2026 + 91: 13 to 31-10, 30 to 30-11, 31 to 31-12, 17 to 17-1-2027.
    assert _due(case, "wia_application") == D(2027, 1, 17)
    assert _due(case, "reintegration_report") == D(2027, 1, 17)
    # 4-10-2026 + 91: 27 to 31-10, 30 to 30-11, 31 to 31-12, 3 to 3-1-2027.
    assert _due(case, "final_evaluation") == D(2027, 1, 3)
    # 6-9-2026 + 91: 24 to 30-9, 31 to 31-10, 30 to 30-11, 6 to 6-12-2026.
    assert _due(case, "current_assessment") == D(2026, 12, 6)
    # The first year does not move: the 42nd-week notification and first-year evaluation.
    assert _due(case, "uwv_42_week_notification") == D(2025, 10, 27)
    assert _due(case, "first_year_evaluation") == D(2026, 1, 4)
    # The evaluations run on until the moved final evaluation (42-day steps from 2-3-2025).
    evaluations = [m for m in case.milestones if m.code == "evaluation"]
    assert evaluations[-1].due < D(2027, 1, 3) <= evaluations[-1].due + dt.timedelta(days=42)


def test_an_extension_and_a_later_sanction_add_up():
    # 13 weeks extension: end 5-4-2027; then a sanction 5-4-2027 up to and including
    # 2-4-2028 (363 days on: 5-4-2028 would be 366 days on, 2028 has 29 February): the
    # end is 3-4-2028.
    case = _case_of(extension_weeks=13, sanction=Period(D(2027, 4, 5), D(2028, 4, 2)))
    assert _due(case, "wage_continuation_end") == D(2028, 4, 3)


def test_an_extension_after_maternity_leave_moves_the_moved_end():
    # docs/poortwachter.md example 4: sick 6-1 to 9-3-2025, leave 10-3 to 29-6 (112 days),
    # sick from 30-6: end 26-4-2027. Four weeks extension (art. 24 WIA): 24-5-2027.
    result = timeline.compute(
        [Period(FIRST, D(2025, 3, 9)), Period(D(2025, 6, 30))],
        leave=[Period(D(2025, 3, 10), D(2025, 6, 29))], extension_weeks=4,
    )  # fmt: skip
    assert _due(result.current, "wage_continuation_end") == D(2027, 5, 24)


@pytest.mark.parametrize("weeks", [-1, 53])
def test_an_extension_outside_1_to_52_weeks_is_refused(weeks):
    with pytest.raises(TimelineError, match="52 weken"):
        _case_of(extension_weeks=weeks)


def test_the_command_takes_a_sanction_and_an_extension():
    out = io.StringIO()
    call_command(
        "timeline", "--first-sick-day", "2025-01-06", "--extension", "13",
        "--sanction", "2027-04-05:2028-04-02", "--json", stdout=out,
    )  # fmt: skip
    case = json.loads(out.getvalue())["cases"][0]
    assert case["extension_weeks"] == 13
    assert case["wage_sanction"] == {"start": "2027-04-05", "end": "2028-04-02"}
    assert case["wage_continuation_ends"] == "2028-04-03"
    due = {m["key"]: m["due"] for m in case["milestones"]}
    assert due["wia_application"] == "2027-01-17"


def test_the_command_refuses_a_sanction_without_a_last_day():
    with pytest.raises(CommandError, match="laatste dag"):
        call_command("timeline", "--first-sick-day", "2025-01-06", "--sanction", "2027-01-04:")


# --- a stored case through HR's pages --------------------------------------------------------


def _at(time_machine, day: dt.date) -> None:
    noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=timezone.get_current_timezone())
    time_machine.move_to(noon, tick=False)


@pytest.fixture
def case_in_week_99(world, time_machine):
    """Eva, sick since 6-1-2025, on 1-12-2026 (week 100): the end (4-1-2027) is a task."""
    _at(time_machine, D(2026, 12, 1))
    case = make_case(world.own_employee, days_ago=(D(2026, 12, 1) - FIRST).days)
    assert case.first_sick_day == FIRST
    sync.tasks_sync(case)
    assert Task.objects.get(case=case, code="wage_continuation_end").due_on == D(2027, 1, 4)
    return case


def test_hr_records_a_sanction_and_the_end_and_its_task_move(world, client_for, case_in_week_99):
    case = case_in_week_99
    client = client_for("hr")
    url = f"/verzuim/dossiers/{case.pk}/loonsanctie/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"decided_on": "2026-11-20", "starts_on": "2027-01-04",
                                 "ends_on": "2027-06-30"})  # fmt: skip
    assert response.status_code == 302
    sanction = WageSanction.objects.get(case=case)
    assert sanction.days == 178
    assert wage_continuation_ends(case) == D(2027, 7, 1)
    task = Task.objects.get(case=case, code="wage_continuation_end")
    assert task.due_on == D(2027, 7, 1)
    assert "loonsanctie" in task.label.lower()
    page = client.get(f"/verzuim/dossiers/{case.pk}/").content.decode()
    assert "1-7-2027" in page
    assert "4-1-2027 tot en met 30-6-2027" in page
    assert f"/verzuim/dossiers/{case.pk}/loonsanctie/" in page  # reachable from the file
    assert "Einde loondoorbetaling (verlengd of loonsanctie)" in page  # the task's name
    # A bekorting: the same page changes the last day.
    client.post(url, {"decided_on": "2026-11-20", "starts_on": "2027-01-04",
                      "ends_on": "2027-03-31"})  # fmt: skip
    assert WageSanction.objects.count() == 1
    assert Task.objects.get(case=case, code="wage_continuation_end").due_on == D(2027, 4, 1)
    assert AccessEvent.objects.filter(target_type="absences.wagesanction").count() == 2


def test_a_sanction_of_more_than_52_weeks_is_refused_on_the_page(world, client_for,
                                                                 case_in_week_99):  # fmt: skip
    response = client_for("hr").post(
        f"/verzuim/dossiers/{case_in_week_99.pk}/loonsanctie/",
        {"decided_on": "2026-11-20", "starts_on": "2027-01-04", "ends_on": "2028-01-03"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Een loonsanctie duurt hooguit 52 weken (364 dagen)" in body
    assert "365 dagen" in body
    assert not WageSanction.objects.exists()


def test_a_decision_in_the_future_is_refused(world, client_for, case_in_week_99):
    response = client_for("hr").post(
        f"/verzuim/dossiers/{case_in_week_99.pk}/loonsanctie/",
        {"decided_on": "2026-12-02", "starts_on": "2027-01-04", "ends_on": "2027-03-31"},
    )
    assert response.status_code == 400
    assert "toekomst" in response.content.decode()


def test_hr_records_an_extension_and_the_wia_application_moves(world, client_for,
                                                               case_in_week_99):  # fmt: skip
    case = case_in_week_99
    client = client_for("hr")
    url = f"/verzuim/dossiers/{case.pk}/verlenging/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"requested_on": "2026-09-01", "decided_on": "2026-09-15",
                                 "weeks": "13"})  # fmt: skip
    assert response.status_code == 302
    assert WageExtension.objects.get(case=case).weeks == 13
    assert wage_continuation_ends(case) == D(2027, 4, 5)
    line = sync.case_timeline(case)
    assert line is not None
    assert _due(line, "wia_application") == D(2027, 1, 17)
    # The end's task (now 5-4-2027) is beyond the 42-day horizon but exists: it moved.
    assert Task.objects.get(case=case, code="wage_continuation_end").due_on == D(2027, 4, 5)
    page = client.get(f"/verzuim/dossiers/{case.pk}/").content.decode()
    assert "5-4-2027" in page
    assert "13 weken" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"requested_on": "2026-09-01", "decided_on": "2026-09-15", "weeks": "53"}, "52"),
        ({"requested_on": "2026-09-15", "decided_on": "2026-09-01", "weeks": "4"},
         "na de datum van het verzoek"),
    ],
)  # fmt: skip
def test_a_wrong_extension_is_refused_in_dutch(world, client_for, case_in_week_99, data, message):
    response = client_for("hr").post(f"/verzuim/dossiers/{case_in_week_99.pk}/verlenging/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WageExtension.objects.exists()


# --- access -------------------------------------------------------------------------------

PAGES = ("loonsanctie/", "verlenging/", "verslaggegevens/")


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "hr"])
@pytest.mark.parametrize("page", PAGES)
def test_only_hr_of_the_employer_reaches_the_pages(world, client_for, long_case, persona, page):
    """Everyone else: 403 (no HR role here) or 404 (the outsider, HR of another employer,
    never learns the case exists); a POST changes nothing."""
    client = client_for(persona)
    url = f"/verzuim/dossiers/{long_case.pk}/{page}"
    expected = 404 if persona == "outsider" else 403
    assert client.get(url).status_code == expected
    assert client.post(url, {"weeks": "4", "ends_on": "2030-01-01"}).status_code == expected
    assert not WageSanction.objects.exists()
    assert not WageExtension.objects.exists()


@pytest.mark.parametrize("page", PAGES)
def test_hr_does_not_reach_another_employers_case(world, client_for, page):
    other = make_case(world.other_employee, days_ago=60)
    assert client_for("hr").get(f"/verzuim/dossiers/{other.pk}/{page}").status_code == 404


# --- the API ---------------------------------------------------------------------------------


def test_the_api_computes_a_sanction_an_extension_and_early_iva(world, client_for):
    sanction = {"start": "2027-04-05", "end": "2028-04-02"}
    body = {"first_sick_day": "2025-01-06", "extension_weeks": 13, "sanction": sanction,
            "early_iva": True}  # fmt: skip
    response = client_for("hr").post("/api/v1/timeline/", body, content_type="application/json")
    assert response.status_code == 200
    case = response.json()["cases"][0]
    assert case["wage_continuation_ends"] == "2028-04-03"
    due = {m["key"]: m["due"] for m in case["milestones"]}
    assert due["wia_application"] == "2027-01-17"
    assert due["early_iva_application"] == "2026-04-26"


def test_the_api_refuses_a_sanction_of_more_than_52_weeks(world, client_for):
    body = {"first_sick_day": "2025-01-06", "sanction": {"start": "2027-01-04",
                                                         "end": "2028-01-03"}}  # fmt: skip
    response = client_for("hr").post("/api/v1/timeline/", body, content_type="application/json")
    assert response.status_code == 400
    assert "hooguit 52 weken" in str(response.json())


def test_the_stored_case_timeline_in_the_api_has_the_sanction(world, client_for,
                                                              case_in_week_99):  # fmt: skip
    case = case_in_week_99
    WageSanction.objects.create(
        case=case, employer=case.employer, employee=case.employee, decided_on=D(2026, 11, 20),
        starts_on=D(2027, 1, 4), ends_on=D(2027, 6, 30),
    )  # fmt: skip
    response = client_for("manager").get(f"/api/v1/absence-cases/{case.pk}/timeline/")
    assert response.status_code == 200
    assert response.json()["cases"][0]["wage_continuation_ends"] == "2027-07-01"
