"""An expert opinion (deskundigenoordeel) asked of UWV, and the optional early IVA
application (issue 16, R-REINT-2, R-REINT-3, R-SICK-3).

Sources:
- UWV, deskundigenoordeel: employer or employee asks UWV's judgement when they disagree
  about the re-integration (suitable work, enough effort, fitness for the own work); the
  file records the request and the outcome as employer-side facts, no medical content.
- Early IVA (verkorte wachttijd), art. 23 lid 6 and art. 66 WIA; DOMAIN.md §1 [S
  dmarbeidsrecht.nl]; engelcleary.nl, re-integratiegids-hbo.nl: the employee may apply
  from week 3 up to and including week 68 of the sickness, once.
  First sick day Monday 6-1-2025: week 3 begins on day 15 = 20-1-2025; week 68 ends on
  day 476 = 26-4-2026 (6-1-2026 is day 366; then 25 + 28 + 31 + 26 days = 110: day 476).
"""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from poortwachter.reintegration import sync, timeline
from poortwachter.reintegration.models import EarlyIva, ExpertOpinion, Task
from poortwachter.reintegration.timeline import Period
from tests.conftest import PERSONAS
from tests.reintegration.conftest import make_case

D = dt.date
FIRST = D(2025, 1, 6)


# --- early IVA on the timeline ---------------------------------------------------------------


def test_the_early_iva_milestone_appears_only_when_chosen():
    plain = timeline.compute([Period(FIRST)]).current
    assert plain.milestone("early_iva_application") is None
    chosen = timeline.compute([Period(FIRST)], early_iva=True).current
    milestone = chosen.milestone("early_iva_application")
    assert milestone is not None
    assert milestone.window_start == D(2025, 1, 20)  # day 15, week 3 begins
    assert milestone.due == D(2026, 4, 26)  # day 476, week 68 ends
    assert milestone.role == "employee"
    assert "art. 23 lid 6" in milestone.source


def test_early_iva_moves_with_a_gap():
    # DOMAIN.md adding-up example: fit 4-7 to 24-7-2022 (21 gap days), first sick day
    # 3-1-2022: day 476 is 23-4-2023 without the gap, 14-5-2023 with it.
    result = timeline.compute(
        [Period(D(2022, 1, 3), D(2022, 7, 3)), Period(D(2022, 7, 25))], early_iva=True
    )
    milestone = result.current.milestone("early_iva_application")
    assert milestone is not None
    assert milestone.due == D(2023, 5, 14)


def test_the_command_takes_early_iva():
    out = io.StringIO()
    call_command("timeline", "--first-sick-day", "2025-01-06", "--early-iva", "--json",
                 stdout=out)  # fmt: skip
    due = {m["key"]: m["due"] for m in json.loads(out.getvalue())["cases"][0]["milestones"]}
    assert due["early_iva_application"] == "2026-04-26"


@pytest.fixture
def case_in_week_20(world, time_machine):
    """Eva, sick since 6-1-2025, on 26-5-2025 (week 20)."""
    noon = dt.datetime(2025, 5, 26, 12, tzinfo=timezone.get_current_timezone())
    time_machine.move_to(noon, tick=False)
    case = make_case(world.own_employee, days_ago=(D(2025, 5, 26) - FIRST).days)
    assert case.first_sick_day == FIRST
    return case


def test_hr_records_the_choice_and_the_timeline_and_tasks_show_it(world, client_for,
                                                                  case_in_week_20):  # fmt: skip
    case = case_in_week_20
    client = client_for("hr")
    url = f"/verzuim/dossiers/{case.pk}/vervroegde-iva/"
    page = client.get(url).content.decode()
    assert "20-1-2025" in page
    assert "26-4-2026" in page
    assert client.post(url, {"chosen_on": "2025-05-20"}).status_code == 302
    line = sync.case_timeline(case)
    assert line is not None
    milestone = line.milestone("early_iva_application")
    assert milestone is not None
    assert milestone.done_on is None
    file_page = client.get(f"/verzuim/dossiers/{case.pk}/").content.decode()
    assert "Vervroegde IVA-aanvraag (verkorte wachttijd)" in file_page
    assert url in file_page  # reachable from the file
    # The application went in: the milestone and the employee's task are done.
    assert client.post(url, {"chosen_on": "2025-05-20", "applied_on": "2025-05-26"}
                       ).status_code == 302  # fmt: skip
    assert EarlyIva.objects.get(case=case).applied_on == D(2025, 5, 26)
    sync.tasks_sync(case)
    task = Task.objects.get(case=case, code="early_iva_application")
    assert task.role == "employee"
    assert task.done_on == D(2025, 5, 26)


def test_an_application_outside_weeks_3_to_68_is_refused(world, client_for, case_in_week_20):
    response = client_for("hr").post(
        f"/verzuim/dossiers/{case_in_week_20.pk}/vervroegde-iva/",
        {"chosen_on": "2025-01-10", "applied_on": "2025-01-19"},  # day 14: still week 2
    )
    assert response.status_code == 400
    assert "van 20-01-2025 tot en met 26-04-2026" in response.content.decode()
    assert not EarlyIva.objects.exists()


# --- the expert opinion -----------------------------------------------------------------------


def test_hr_records_a_request_and_its_outcome(world, client_for, long_case):
    client = client_for("hr")
    today = timezone.localdate()
    file_url = f"/verzuim/dossiers/{long_case.pk}/"
    assert f"{file_url}deskundigenoordeel/nieuw/" in client.get(file_url).content.decode()
    response = client.post(f"{file_url}deskundigenoordeel/nieuw/", {
        "requested_on": today.isoformat(), "requested_by": "employee",
        "subject": "suitable_work", "question": "VRAAG-5e1 Is de functie in het magazijn passend?",
    })  # fmt: skip
    assert response.status_code == 302
    opinion = ExpertOpinion.objects.get(case=long_case)
    page = client.get(file_url).content.decode()
    assert "Nog geen oordeel ontvangen." in page
    assert "Deskundigenoordeel aangevraagd bij UWV" in page  # in the file's timeline
    outcome_url = f"{file_url}deskundigenoordeel/{opinion.pk}/"
    assert outcome_url in page
    response = client.post(outcome_url, {"outcome_on": today.isoformat(),
                                         "outcome": "OORDEEL-77 Het werk is passend."})  # fmt: skip
    assert response.status_code == 302
    page = client.get(file_url).content.decode()
    assert "OORDEEL-77 Het werk is passend." in page
    report = json.loads(client.get(f"{file_url}re-integratieverslag.json").content)
    assert report["expert_opinions"][0]["outcome"] == "OORDEEL-77 Het werk is passend."
    # The employee's file shows it too, without the links to change it.
    own = client_for("employee").get(file_url).content.decode()
    assert "OORDEEL-77" in own
    assert outcome_url not in own


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question": "Zij heeft een burn-out en slaapt slecht."}, "medische"),
        ({"requested_on": "2099-01-01"}, "toekomst"),
        ({"subject": "diagnose"}, "Selecteer een geldige keuze"),
    ],
)
def test_a_wrong_request_is_refused_in_dutch(world, client_for, long_case, data, message):
    body = {"requested_on": timezone.localdate().isoformat(), "requested_by": "employer",
            "subject": "efforts", "question": "Doen we genoeg?", **data}  # fmt: skip
    response = client_for("hr").post(
        f"/verzuim/dossiers/{long_case.pk}/deskundigenoordeel/nieuw/", body
    )
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert not ExpertOpinion.objects.exists()


def test_an_outcome_before_the_request_or_medical_is_refused(world, client_for, long_case):
    today = timezone.localdate()
    opinion = ExpertOpinion.objects.create(
        case=long_case, employer=long_case.employer, employee=long_case.employee,
        requested_on=today, requested_by="employer", subject="efforts", question="Genoeg?",
    )  # fmt: skip
    url = f"/verzuim/dossiers/{long_case.pk}/deskundigenoordeel/{opinion.pk}/"
    client = client_for("hr")
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    response = client.post(url, {"outcome_on": yesterday, "outcome": "Passend."})
    assert "voor de aanvraag" in response.content.decode()
    response = client.post(url, {"outcome_on": today.isoformat(),
                                 "outcome": "De diagnose depressie is bevestigd."})  # fmt: skip
    assert "medische" in response.content.decode().lower()
    opinion.refresh_from_db()
    assert opinion.outcome == ""


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "hr"])
def test_only_hr_of_the_employer_reaches_the_pages(world, client_for, long_case, persona):
    opinion = ExpertOpinion.objects.create(
        case=long_case, employer=long_case.employer, employee=long_case.employee,
        requested_on=timezone.localdate(), requested_by="employer", subject="efforts",
        question="Genoeg?",
    )  # fmt: skip
    client = client_for(persona)
    expected = 404 if persona == "outsider" else 403
    for page in ("deskundigenoordeel/nieuw/", f"deskundigenoordeel/{opinion.pk}/",
                 "vervroegde-iva/"):  # fmt: skip
        url = f"/verzuim/dossiers/{long_case.pk}/{page}"
        assert client.get(url).status_code == expected, page
        assert client.post(url, {"outcome": "x", "chosen_on": "2025-01-01"}).status_code == expected
    opinion.refresh_from_db()
    assert opinion.outcome == ""
    assert not EarlyIva.objects.exists()


def test_hr_does_not_reach_another_employers_case_or_opinion(world, client_for, long_case):
    other = make_case(world.other_employee, days_ago=60)
    theirs = ExpertOpinion.objects.create(
        case=other, employer=other.employer, employee=other.employee,
        requested_on=timezone.localdate(), requested_by="employer", subject="efforts",
        question="Genoeg?",
    )  # fmt: skip
    client = client_for("hr")
    for page in ("deskundigenoordeel/nieuw/", "vervroegde-iva/",
                 f"deskundigenoordeel/{theirs.pk}/"):  # fmt: skip
        assert client.get(f"/verzuim/dossiers/{other.pk}/{page}").status_code == 404
    # Another case's opinion under Eva's case id is not found either.
    response = client.get(f"/verzuim/dossiers/{long_case.pk}/deskundigenoordeel/{theirs.pk}/")
    assert response.status_code == 404
