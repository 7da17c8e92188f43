"""``poortwachter timeline`` and the timeline API: the same engine, text and JSON, clear
Dutch errors, and the stored case's timeline only for its readers."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from poortwachter.absences.models import AbsenceCase, LeavePeriod, SickReport
from poortwachter.audit.models import AccessEvent
from poortwachter.core import clock

D = dt.date


def run(*args) -> str:
    out = StringIO()
    call_command("timeline", *args, stdout=out)
    return out.getvalue()


# --- the command ---------------------------------------------------------------------------


def test_command_json_for_the_domain_md_example():
    data = json.loads(
        run("--first-sick-day", "2022-01-03", "--period", "2022-01-03:2022-07-03",
            "--period", "2022-07-25:", "--json")
    )  # fmt: skip
    assert len(data["cases"]) == 1
    case = data["cases"][0]
    assert case["first_sick_day"] == "2022-01-03"
    assert case["gap_days"] == 21
    ends = [m for m in case["milestones"] if m["code"] == "wage_continuation_end"]
    assert ends[0]["due"] == "2024-01-22"
    first = case["milestones"][0]
    assert set(first) >= {"code", "label", "due", "window_start", "role", "source"}
    assert first["code"] == "report_to_service"
    assert first["label"] == "Ziekmelding bij arbodienst of bedrijfsarts"
    evaluations = [m for m in case["milestones"] if m["code"] == "evaluation"]
    assert [m["n"] for m in evaluations] == list(range(1, len(evaluations) + 1))
    assert all("n" not in m for m in case["milestones"] if m["code"] != "evaluation")
    year = next(m for m in case["milestones"] if m["code"] == "first_year_evaluation")
    assert year["window_start"] == "2022-12-05"
    assert year["due"] == "2023-01-22"


def test_command_without_periods_is_one_open_period():
    data = json.loads(run("--first-sick-day", "2025-01-04", "--json"))
    due = {m["key"]: m["due"] for m in data["cases"][0]["milestones"]}
    assert due["uwv_42_week_notification"] == "2025-10-27"  # Saturday 25-10 → Monday
    assert due["wage_continuation_end"] == "2027-01-02"


def test_command_text_is_a_dutch_table():
    text = run("--first-sick-day", "2025-01-06", "--done", "problem_analysis=2025-03-10")
    assert "Verzuimgeval 1: eerste ziektedag 06-01-2025, 0 hiaatdagen" in text
    assert "06-01-2025 t/m heden (nog ziek)" in text
    assert "Uiterlijk" in text
    assert "Stap" in text
    assert "Bron" in text
    lines = text.splitlines()
    analysis = next(line for line in lines if "Probleemanalyse" in line)
    assert "zo 16-02-2025" in analysis
    assert "ma 10-03-2025" in analysis
    plan = next(line for line in lines if "Plan van aanpak" in line)
    assert "ma 24-03-2025" in plan
    assert "werkgever en werknemer" in plan
    assert any("Evaluatie plan van aanpak 13" in line for line in lines)
    notification = next(line for line in lines if "42e-weeksmelding" in line)
    assert "ma 27-10-2025" in notification


def test_command_shows_each_case_after_a_reset():
    text = run("--first-sick-day", "2025-01-06", "--period", "2025-01-06:2025-02-02",
               "--period", "2025-03-03:")  # fmt: skip
    assert "Verzuimgeval 1: eerste ziektedag 06-01-2025" in text
    assert "Verzuimgeval 2: eerste ziektedag 03-03-2025" in text


def test_command_leave_between_periods():
    data = json.loads(
        run("--first-sick-day", "2025-01-06", "--period", "2025-01-06:2025-03-02",
            "--period", "2025-07-07:", "--leave", "2025-03-03:2025-06-22", "--json")
    )  # fmt: skip
    assert [(c["gap_days"], c["leave_days"]) for c in data["cases"]] == [(14, 112)]


def test_command_the_issues_leave_case_moves_every_later_date():
    """Issue 16, as reported: before the fix wage continuation ended on 4-1-2027 and the
    42nd-week notification fell on 27-10-2025; the 112 leave days (10-3..29-6-2025) move
    both: 26-4-2027 and 16-2-2026 (art. 7:629 lid 10 BW; worked out in test_timeline)."""
    data = json.loads(
        run("--first-sick-day", "2025-01-06", "--period", "2025-01-06:2025-03-09",
            "--leave", "2025-03-10:2025-06-29", "--period", "2025-06-30:", "--json")
    )  # fmt: skip
    due = {m["key"]: m["due"] for m in data["cases"][0]["milestones"]}
    assert due["wage_continuation_end"] == "2027-04-26"
    assert due["uwv_42_week_notification"] == "2026-02-16"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--first-sick-day", "06-01-2025"], "Ongeldige datum voor --first-sick-day"),
        (["--first-sick-day", "2025-01-06", "--period", "2025-01-06"], "Ongeldige periode"),
        (["--first-sick-day", "2025-01-06", "--period", "2025-02-01:2025-01-06"],
         "moet beginnen op de eerste ziektedag"),
        (["--first-sick-day", "2025-01-06", "--period", "2025-01-06:2025-01-01"],
         "ligt vóór de eerste"),
        (["--first-sick-day", "2025-01-06", "--period", "2025-01-06:2025-02-01",
          "--period", "2025-01-20:"], "overlappen"),
        (["--first-sick-day", "2025-01-06", "--done", "plan=2025-02-01"],
         "Onbekende stap 'plan'"),
        (["--first-sick-day", "2025-01-06", "--done", "problem_analysis"],
         "Gebruik stap=JJJJ-MM-DD"),
        (["--first-sick-day", "2025-01-06", "--done", "problem_analysis=2025-02-01",
          "--done", "problem_analysis=2025-02-02"], "twee keer"),
        (["--first-sick-day", "2025-01-06", "--leave", "2025-03-03:"],
         "einddatum nodig"),
    ],
)  # fmt: skip
def test_command_refuses_bad_input_in_dutch(args, message):
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert message in str(raised.value)


def test_command_exits_with_1_on_bad_input(capsys):
    from poortwachter.__main__ import main

    with pytest.raises(SystemExit) as raised:
        main(["timeline", "--first-sick-day", "2025-01-06", "--done", "onzin=2025-02-01"])
    assert raised.value.code == 1
    assert "Onbekende stap 'onzin'" in capsys.readouterr().err


# --- POST /api/v1/timeline/ -----------------------------------------------------------------


def post(client, body):
    return client.post("/api/v1/timeline/", body, content_type="application/json")


@pytest.mark.parametrize("persona", ["employee", "doctor", "service_admin", "outsider"])
def test_api_computes_the_same_json_as_the_command(world, client_for, persona):
    body = {
        "first_sick_day": "2022-01-03",
        "periods": [{"start": "2022-01-03", "end": "2022-07-03"}, {"start": "2022-07-25"}],
        "done": {"problem_analysis": "2022-02-10"},
    }
    response = post(client_for(persona), body)
    assert response.status_code == 200, response.content
    expected = json.loads(
        run("--first-sick-day", "2022-01-03", "--period", "2022-01-03:2022-07-03",
            "--period", "2022-07-25:", "--done", "problem_analysis=2022-02-10", "--json")
    )  # fmt: skip
    assert response.json() == expected
    end = response.json()["cases"][0]["milestones"][-1]
    assert end == {**end, "code": "wage_continuation_end", "due": "2024-01-22"}


def test_api_compute_touches_no_data_and_logs_nothing(world, client_for):
    client = client_for("hr")
    before = AccessEvent.objects.count()
    response = post(client, {"first_sick_day": "2025-01-06"})
    assert response.status_code == 200
    assert AccessEvent.objects.count() == before
    assert not SickReport.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "first_sick_day", None),
        ({"first_sick_day": "2025-01-06", "employee": 1}, "employee", "bestaan niet"),
        ({"first_sick_day": "2025-01-06", "periods": [{"start": "2025-01-06", "reason": "x"}]},
         "periods", "bestaan niet"),
        ({"first_sick_day": "2025-01-06",
          "periods": [{"start": "2025-01-06", "end": "2025-01-01"}]}, "periods",
         "ligt vóór de eerste"),
        ({"first_sick_day": "2025-01-06",
          "periods": [{"start": "2025-01-06", "end": "2025-02-01"}, {"start": "2025-01-20"}]},
         "periods", "overlappen"),
        ({"first_sick_day": "2025-01-06", "periods": [{"start": "2025-02-01"}]}, "periods",
         "moet beginnen op de eerste ziektedag"),
        ({"first_sick_day": "2025-01-06", "done": {"plan": "2025-02-01"}}, "done",
         "Onbekende stap"),
        ({"first_sick_day": "2025-01-06",
          "done": {"problem_analysis": "2025-02-10", "plan_of_action": "2025-02-01"}},
         "done", "niet vóór de probleemanalyse"),
        ({"first_sick_day": "2025-01-06", "leave": [{"start": "2025-03-01"}]}, "leave", None),
    ],
)  # fmt: skip
def test_api_compute_refuses_bad_input_in_dutch(world, client_for, body, field, message):
    response = post(client_for("hr"), body)
    assert response.status_code == 400
    text = response.content.decode()
    assert field in text
    if message:
        assert message in text


def test_api_compute_needs_a_signed_in_user(world, client):
    assert post(client, {"first_sick_day": "2025-01-06"}).status_code == 403


# --- GET /api/v1/absence-cases/{id}/timeline/ -------------------------------------------------


def _stored_case(employee, *periods):
    """A case with one sick report per (first_sick_day, recovered_on)."""
    case = AbsenceCase.objects.create(
        employer=employee.employer, employee=employee, first_sick_day=periods[0][0]
    )
    for first, recovered in periods:
        SickReport.objects.create(
            case=case, employer=employee.employer, employee=employee, first_sick_day=first,
            reported_at=clock.now(), phone="0612345678", care_street="Laan",
            care_house_number="1", care_postcode="1234 AB", care_city="Utrecht",
            expected_duration="days", safety_net_applies=False, work_accident=False,
            traffic_accident_third_party=False, recovered_on=recovered,
        )  # fmt: skip
    return case


def url(case) -> str:
    return f"/api/v1/absence-cases/{case.pk}/timeline/"


def test_api_case_timeline_from_its_sick_reports(world, client_for):
    """The DOMAIN.md example as stored sick reports: recovered_on is the first day back."""
    case = _stored_case(world.own_employee, (D(2022, 1, 3), D(2022, 7, 4)), (D(2022, 7, 25), None))
    response = client_for("hr").get(url(case))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["absence_case"] == case.pk
    [computed] = data["cases"]
    assert computed["gap_days"] == 21
    assert computed["periods"] == [
        {"start": "2022-01-03", "end": "2022-07-03"}, {"start": "2022-07-25", "end": None}
    ]  # fmt: skip
    end = next(m for m in computed["milestones"] if m["code"] == "wage_continuation_end")
    assert end["due"] == "2024-01-22"
    assert {m["status"] for m in computed["milestones"]} <= {"overdue", "pending"}


def test_api_case_timeline_counts_the_employees_leave(world, client_for):
    case = _stored_case(world.own_employee, (D(2025, 1, 6), D(2025, 3, 3)), (D(2025, 7, 7), None))
    LeavePeriod.objects.create(
        employer=world.employer, employee=world.own_employee,
        start=D(2025, 3, 3), end=D(2025, 6, 22),
    )  # fmt: skip
    data = client_for("employee").get(url(case)).json()
    assert [(c["gap_days"], c["leave_days"]) for c in data["cases"]] == [(14, 112)]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 200), ("manager", 200), ("hr", 200), ("doctor", 200),
        ("employer_admin", 404), ("assistant", 404), ("service_admin", 404),
        ("privacy_officer", 404), ("outsider", 404),
    ],
)  # fmt: skip
def test_api_case_timeline_scope(world, client_for, persona, status):
    case = _stored_case(world.own_employee, (clock.today() - dt.timedelta(days=10), None))
    assert client_for(persona).get(url(case)).status_code == status


def test_api_case_timeline_of_another_employer_is_not_found(world, client_for):
    case = _stored_case(world.other_employee, (clock.today() - dt.timedelta(days=10), None))
    for persona in ("hr", "doctor", "manager", "employee"):
        assert client_for(persona).get(url(case)).status_code == 404
    assert client_for("outsider").get(url(case)).status_code == 200
    assert client_for("hr").get("/api/v1/absence-cases/999999/timeline/").status_code == 404


def test_api_case_timeline_records_an_access_event(world, client_for):
    case = _stored_case(world.own_employee, (clock.today() - dt.timedelta(days=10), None))
    client_for("manager").get(url(case))
    event = AccessEvent.objects.latest("id")
    assert event.action == "read"
    assert event.subject_employee_id == world.own_employee.pk
    assert event.actor_user_id == world.manager.pk
    assert event.purpose == "absence_case_timeline"


def test_schema_documents_the_timeline_endpoints(world, client_for):
    schema = client_for("hr").get("/api/schema/", HTTP_ACCEPT="application/json").json()
    compute = schema["paths"]["/api/v1/timeline/"]["post"]
    assert {"200", "400", "403"} <= set(compute["responses"])
    stored = schema["paths"]["/api/v1/absence-cases/{case_id}/timeline/"]["get"]
    assert {"200", "403", "404"} <= set(stored["responses"])


def test_api_compute_bounds_the_number_of_periods(world, client_for):
    start = D(2000, 1, 1)
    periods = [
        {"start": (start + dt.timedelta(days=10 * i)).isoformat(),
         "end": (start + dt.timedelta(days=10 * i + 1)).isoformat()}
        for i in range(101)
    ]  # fmt: skip
    response = post(client_for("hr"), {"first_sick_day": "2000-01-01", "periods": periods})
    assert response.status_code == 400
    assert "periods" in response.content.decode()
    ok = post(client_for("hr"), {"first_sick_day": "2000-01-01", "periods": periods[:100]})
    assert ok.status_code == 200
