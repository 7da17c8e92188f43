"""The doctor's file as people use it (issue 15): the advice with an expected return
date, dates that cannot be, corrections as new versions, and the doctor and HR seeing
the same published advice."""

import datetime as dt

import pytest
from django.urls import reverse

from poortwachter.absences.models import PublishedAdvice
from poortwachter.core import clock
from poortwachter.medical import policies, services
from poortwachter.medical.models import Advice
from tests.reintegration.conftest import make_case

FILE = "/bedrijfsarts/dossiers/{}/"


def _advice_form(**changes) -> dict:
    form = {
        "advised_on": clock.today().isoformat(),
        "work_possible": "Lichte administratieve taken, vier uur per dag.",
        "work_not_possible": "Geen klantcontact en geen tilwerk.",
        "implications_for_work": "Rooster aanpassen.",
        "expected_duration": "weeks_6_months_3",
        "incapacity_percentage": "50",
        "adjustments_advice": "Rustige werkplek.",
    }
    form.update(changes)
    return form


@pytest.fixture
def case(world):
    return make_case(world.own_employee, days_ago=30)


def test_an_advice_with_an_expected_return_date_publishes_and_both_sides_see_the_date(
    world, client_for, case
):
    back = clock.today() + dt.timedelta(days=60)
    doctor = client_for("doctor")
    response = doctor.post(
        reverse("medical:advice_new", args=[world.own_employee.pk]),
        _advice_form(expected_return_on=back.isoformat(), publish="1"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    published = PublishedAdvice.objects.get()
    assert published.expected_return_on == back
    shown = f"{back.day}-{back.month}-{back.year}"
    assert shown in doctor.get(FILE.format(world.own_employee.pk)).content.decode()
    hr = client_for("hr").get(reverse("absences:advice_detail", args=[published.pk]))
    assert hr.status_code == 200
    assert shown in hr.content.decode()
    case_file = client_for("hr").get(reverse("reintegration:case_file", args=[case.pk]))
    assert shown in case_file.content.decode()


def test_a_draft_keeps_its_expected_return_date_as_a_date(world, client_for, case):
    back = clock.today() + dt.timedelta(days=60)
    doctor = client_for("doctor")
    response = doctor.post(
        reverse("medical:advice_new", args=[world.own_employee.pk]),
        _advice_form(expected_return_on=back.isoformat(), draft="1"),
    )
    assert response.status_code == 302
    advice = Advice.objects.get()
    page = doctor.get(reverse("medical:advice_edit", args=[world.own_employee.pk, advice.pk]))
    assert f'value="{back.isoformat()}"' in page.content.decode()
    # Publishing the saved draft later works too.
    response = doctor.post(
        reverse("medical:advice_edit", args=[world.own_employee.pk, advice.pk]),
        _advice_form(expected_return_on=back.isoformat(), publish="1"),
    )
    assert response.status_code == 302
    assert PublishedAdvice.objects.get().expected_return_on == back


def test_a_draft_stored_before_the_fix_still_reads_its_date(world, actor_of, case):
    """Drafts saved while the date was JSON-encoded hold '"2026-11-01"': they publish."""
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    advice = services.advice_save(
        access=access, advice=None,
        data={"advised_on": clock.today(), "work_possible": "Licht werk.",
              "work_not_possible": "Niet tillen.", "expected_duration": "weeks_2_6",
              "incapacity_percentage": 50},
    )  # fmt: skip
    back = clock.today() + dt.timedelta(days=20)
    advice.encrypt("expected_return", f'"{back.isoformat()}"')
    advice.save()
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    published = services.advice_publish(access=access, advice=advice)
    assert published.expected_return_on == back


def test_a_refused_publication_keeps_the_input_and_makes_no_second_draft(world, client_for, case):
    back = clock.today() + dt.timedelta(days=60)
    doctor = client_for("doctor")
    url = reverse("medical:advice_new", args=[world.own_employee.pk])
    form = _advice_form(
        work_possible="Heeft een burn-out.", expected_return_on=back.isoformat(), publish="1"
    )
    refused = doctor.post(url, form)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert f'value="{back.isoformat()}"' in page
    assert not PublishedAdvice.objects.exists()
    draft = Advice.objects.get()
    # The page now posts to the saved draft: fixing and publishing makes no second one.
    edit = reverse("medical:advice_edit", args=[world.own_employee.pk, draft.pk])
    assert f'action="{edit}"' in page
    assert doctor.post(edit, _advice_form(publish="1")).status_code == 302
    assert Advice.objects.count() == 1
