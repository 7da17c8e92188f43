"""The doctor's file as people use it (issue 15): the advice with an expected return
date, dates that cannot be, corrections as new versions, and the doctor and HR seeing
the same published advice."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from poortwachter.absences.models import PublishedAdvice
from poortwachter.audit.models import AccessEvent
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.medical import policies, services
from poortwachter.medical.models import (
    Advice,
    Consultation,
    Diagnosis,
    FunctionalAbilities,
    IncapacityAssessment,
    MedicalAccessEvent,
    MedicalFile,
    ProblemAnalysis,
    Treatment,
)
from poortwachter.organisations.models import DoctorAssignment
from poortwachter.reintegration import selectors as reintegration_selectors
from tests.factories import UserFactory, enrol_totp, grant
from tests.helpers import sign_in
from tests.medical.conftest import CANARIES
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


# --- dates that cannot be ------------------------------------------------------------


def _consult(day: dt.date, **changes) -> dict:
    return {"held_on": day.isoformat(), "kind": "spreekuur", "notes": "Verslag.", **changes}


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda: clock.today() + dt.timedelta(days=1), "ligt in de toekomst"),
        (lambda: dt.date(1996, 5, 1), "ligt voor de indiensttreding bij Alfa Zorg B.V. (1-1-2020)"),
    ],
)
def test_a_consultation_date_in_the_future_or_before_the_employment_is_refused(
    world, client_for, case, day, message
):
    doctor = client_for("doctor")
    url = reverse("medical:entry_new", args=[world.own_employee.pk, "consult"])
    response = doctor.post(url, _consult(day(), notes=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Dit veld is vereist" in page  # every error of the submit at once
    assert doctor.post(url, _consult(day())).status_code == 200
    caseload = doctor.get(reverse("medical:caseload")).content.decode()
    shown = day()
    assert f"{shown.day}-{shown.month}-{shown.year}" not in caseload


def test_the_service_refuses_impossible_dates_too(world, actor_of, case):
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    future = clock.today() + dt.timedelta(days=3)
    with pytest.raises(services.ServiceError) as refused:
        services.entry_add(
            access=access, kind="consult",
            data={"held_on": future, "kind": "spreekuur", "notes": "x"},
        )  # fmt: skip
    assert "held_on" in refused.value.message_dict
    with pytest.raises(services.ServiceError):
        services.entry_add(
            access=access, kind="behandeling",
            data={"started_on": dt.date(1900, 1, 1), "description": "x"},
        )  # fmt: skip
    # A treatment that began before the employment (but after birth) is fine.
    services.entry_add(
        access=access, kind="behandeling",
        data={"started_on": dt.date(2019, 6, 1), "description": "x"},
    )  # fmt: skip


def test_the_last_consultation_is_the_latest_that_happened(world, actor_of, client_for, case):
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    day = clock.today() - dt.timedelta(days=2)
    services.entry_add(
        access=access, kind="consult", data={"held_on": day, "kind": "phone", "notes": "x"}
    )
    row = next(r for r in client_for("doctor").get(reverse("medical:caseload")).context["rows"]
           if r.case == case)  # fmt: skip
    assert row.last_consultation == day


# --- corrections -----------------------------------------------------------------------


def _diagnosis(access, text="Eerste tekst KLACHT-A1"):
    return services.entry_add(
        access=access, kind="diagnose",
        data={"recorded_on": clock.today() - dt.timedelta(days=5), "complaints": text,
              "diagnosis": "", "cas_code": ""},
    )  # fmt: skip


def test_a_correction_is_a_new_version_and_the_old_one_stays_in_the_history(
    world, actor_of, client_for, case
):
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    old = _diagnosis(access)
    doctor = client_for("doctor")
    url = reverse("medical:entry_correct", args=[world.own_employee.pk, "diagnose", old.pk])
    form = doctor.get(url)
    assert form.status_code == 200
    assert "Eerste tekst KLACHT-A1" in form.content.decode()  # starts from the old text
    day = (clock.today() - dt.timedelta(days=5)).isoformat()
    post = {"recorded_on": day, "complaints": "Gecorrigeerd KLACHT-B2", "cas_code": "L101"}
    refused = doctor.post(url, post)  # a correction needs its reason
    assert refused.status_code == 200
    assert "Dit veld is vereist" in refused.content.decode()
    response = doctor.post(url, {**post, "correction_reason": "Tikfout REDEN-C3"})
    assert response.status_code == 302
    new = Diagnosis.objects.get(supersedes=old)
    assert new.decrypt("correction_reason") == "Tikfout REDEN-C3"
    old.refresh_from_db()
    assert old.decrypt("complaints") == "Eerste tekst KLACHT-A1"  # nothing overwritten
    page = doctor.get(FILE.format(world.own_employee.pk)).content.decode()
    assert "Gecorrigeerd KLACHT-B2" in page
    assert "Eerste tekst KLACHT-A1" in page  # in the history
    assert "Tikfout REDEN-C3" in page
    assert "Eerdere versie (1)" in page
    # Encrypted like the rest: the reason is not in the medical database in plain text.
    raw = bytes(
        Diagnosis.objects.filter(pk=new.pk).values_list("correction_reason_enc", flat=True)[0]
    )
    assert b"REDEN-C3" not in raw
    # Logged in the medical access log, never in the employer's.
    event = MedicalAccessEvent.objects.filter(action="update").latest("id")
    assert event.details["corrects"] == str(old.pk)
    assert event.actor_user_id == world.doctor.pk
    assert not AccessEvent.objects.filter(target_type__startswith="medical.").exists()
    # The old version cannot be corrected a second time (no fork of the history).
    again = doctor.post(url, {**post, "correction_reason": "Nog eens"})
    assert again.status_code == 200
    assert "al gecorrigeerd" in again.content.decode()
    assert Diagnosis.objects.count() == 2


def test_a_corrected_consultation_date_moves_the_last_consultation(
    world, actor_of, client_for, case
):
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    wrong = clock.today() - dt.timedelta(days=1)
    entry = services.entry_add(
        access=access, kind="consult", data={"held_on": wrong, "kind": "phone", "notes": "x"}
    )
    right = clock.today() - dt.timedelta(days=10)
    services.entry_correct(
        access=access, kind="consult", entry=entry,
        data={"held_on": right, "kind": "phone", "notes": "x"}, reason="Verkeerde datum",
    )  # fmt: skip
    rows = client_for("doctor").get(reverse("medical:caseload")).context["rows"]
    assert [r.last_consultation for r in rows if r.case == case] == [right]


def test_the_assistant_corrects_only_what_they_recorded(world, actor_of, client_for, medical):
    doctor_entry = Diagnosis.objects.get()
    assistant = client_for("assistant")
    url = reverse(
        "medical:entry_correct", args=[world.own_employee.pk, "diagnose", doctor_entry.pk]
    )
    assert assistant.get(url).status_code == 403
    access = policies.get_access_for(actor_of("assistant"), world.own_employee.pk)
    own = _diagnosis(access, "Van de assistent")
    own_url = reverse("medical:entry_correct", args=[world.own_employee.pk, "diagnose", own.pk])
    assert assistant.get(own_url).status_code == 200


@pytest.mark.parametrize(
    "persona",
    ["employee", "manager", "hr", "employer_admin", "service_admin", "privacy_officer", "outsider"],
)
def test_no_other_role_reaches_a_correction(world, client_for, medical, persona):
    entry = Diagnosis.objects.get()
    url = reverse("medical:entry_correct", args=[world.own_employee.pk, "diagnose", entry.pk])
    client = client_for(persona)
    for response in (client.get(url), client.post(url, {"correction_reason": "x"})):
        assert response.status_code == 403
        assert CANARIES["complaints"] not in response.content.decode()
    assert Diagnosis.objects.count() == 1


def test_a_doctor_who_does_not_serve_the_employer_cannot_correct(world, client_for, medical):
    entry = Diagnosis.objects.get()
    other = UserFactory(email="other-doctor@test.example")
    grant(other, Role.DOCTOR)
    DoctorAssignment.objects.create(
        employer=world.other_employer, doctor=other, since=dt.date(2024, 1, 1)
    )
    enrol_totp(other)
    client = sign_in(Client(), other)
    url = reverse("medical:entry_correct", args=[world.own_employee.pk, "diagnose", entry.pk])
    assert client.get(url).status_code == 404
    # Nor through another file: an entry of Eva's file under Otto's number is not found.
    url = reverse("medical:entry_correct", args=[world.other_employee.pk, "diagnose", entry.pk])
    assert client.get(url).status_code == 404


# --- the doctor and HR see the same advice --------------------------------------------


def _publish(world, actor_of, advised_on: dt.date):
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    advice = services.advice_save(
        access=access, advice=None,
        data={"advised_on": advised_on, "work_possible": f"Licht werk {advised_on}.",
              "work_not_possible": "Niet tillen.", "expected_duration": "weeks_2_6",
              "incapacity_percentage": 50},
    )  # fmt: skip
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    return services.advice_publish(access=access, advice=advice)


def test_an_advice_dated_before_the_one_in_force_is_refused(world, actor_of, case):
    _publish(world, actor_of, clock.today() - dt.timedelta(days=2))
    with pytest.raises(services.ServiceError) as refused:
        _publish(world, actor_of, clock.today() - dt.timedelta(days=9))
    assert "advised_on" in refused.value.message_dict
    assert PublishedAdvice.objects.count() == 1


def test_hr_and_the_doctor_name_the_same_advice_in_force(world, client_for, case):
    """Rows from before the refusal above: published later but dated earlier. The
    employer's pages and the doctor's file agree on the one in force (the latest
    published, which superseded the other)."""
    first = PublishedAdvice.objects.create(
        employer=world.employer, employee=world.own_employee, case=case, doctor=world.doctor,
        advised_on=clock.today() - dt.timedelta(days=2), published_at=clock.now(),
        source_ref="a", work_possible="ADVIES-EERST", work_not_possible="x",
        expected_duration="weeks_2_6", incapacity_percentage=40,
    )  # fmt: skip
    second = PublishedAdvice.objects.create(
        employer=world.employer, employee=world.own_employee, case=case, doctor=world.doctor,
        advised_on=clock.today() - dt.timedelta(days=9),
        published_at=clock.now() + dt.timedelta(minutes=1), source_ref="b", supersedes=first,
        work_possible="ADVIES-LATER", work_not_possible="x", expected_duration="weeks_2_6",
        incapacity_percentage=60,
    )  # fmt: skip
    assert reintegration_selectors.current_advice(case) == second
    doctor_page = client_for("doctor").get(FILE.format(world.own_employee.pk))
    assert doctor_page.context["view"].current_advice == second
    plan_page = client_for("hr").get(reverse("reintegration:plan_edit", args=[case.pk]))
    assert plan_page.context["advice"] == second


def test_drafts_are_labelled_and_the_employer_does_not_see_them(world, actor_of, client_for, case):
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    services.advice_save(
        access=access, advice=None,
        data={"advised_on": clock.today(), "work_possible": "CONCEPT-TEKST",
              "work_not_possible": "x", "expected_duration": "weeks_2_6",
              "incapacity_percentage": 50},
    )  # fmt: skip
    page = client_for("doctor").get(FILE.format(world.own_employee.pk)).content.decode()
    assert "Concept, niet gepubliceerd" in page
    assert "Nog geen gepubliceerd advies" in page
    hr = client_for("hr").get(reverse("reintegration:case_file", args=[case.pk]))
    assert "CONCEPT-TEKST" not in hr.content.decode()


def test_the_caseload_counts_the_problem_analysis_as_hr_does(world, actor_of, client_for, case):
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    services.entry_add(
        access=access, kind="probleemanalyse",
        data={"drawn_up_on": clock.today() - dt.timedelta(days=1), "analysis": "x"},
    )  # fmt: skip
    doctor = client_for("doctor")
    row = next(r for r in doctor.get(reverse("medical:caseload")).context["rows"] if r.case == case)
    assert not row.has_problem_analysis  # HR does not see one yet either
    assert row.medical_analysis_on == clock.today() - dt.timedelta(days=1)
    published = _publish(world, actor_of, clock.today())
    row = next(r for r in doctor.get(reverse("medical:caseload")).context["rows"] if r.case == case)
    assert row.problem_analysis_published_on == published.advised_on
    assert reintegration_selectors.problem_analysis_on(case) == published.advised_on


CORRECTIONS = {
    "consult": (Consultation, "notes", {"held_on": None, "kind": "phone", "notes": "NIEUW-1"}),
    "diagnose": (Diagnosis, "complaints", {"recorded_on": None, "complaints": "NIEUW-2"}),
    "behandeling": (Treatment, "description", {"started_on": None, "description": "NIEUW-3"}),
    "probleemanalyse": (ProblemAnalysis, "analysis", {"drawn_up_on": None, "analysis": "NIEUW-4"}),
    "belastbaarheid": (
        FunctionalAbilities, "capabilities",
        {"assessed_on": None, "capabilities": "NIEUW-5", "limited_static": "on",
         "note_static": "Niet lang staan."},
    ),
    "arbeidsongeschiktheid": (
        IncapacityAssessment, "explanation",
        {"assessed_on": None, "percentage": "40", "explanation": "NIEUW-6"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(CORRECTIONS))
def test_every_part_of_the_file_is_corrected_from_its_current_content(
    world, client_for, medical, kind
):
    model, field, post = CORRECTIONS[kind]
    old = model.objects.get()
    url = reverse("medical:entry_correct", args=[world.own_employee.pk, kind, old.pk])
    doctor = client_for("doctor")
    form = doctor.get(url)
    assert form.status_code == 200
    assert old.decrypt(field) in form.content.decode()  # the form starts from it
    day = (clock.today() - dt.timedelta(days=1)).isoformat()
    data = {k: (day if v is None else v) for k, v in post.items()}
    response = doctor.post(url, {**data, "correction_reason": "Aangevuld."})
    assert response.status_code == 302, response.content.decode()[-3000:]
    new = model.objects.get(supersedes=old)
    assert new.decrypt(field).startswith("NIEUW")
    page = doctor.get(FILE.format(world.own_employee.pk)).content.decode()
    assert new.decrypt(field) in page
    assert "Eerdere versie (1)" in page
    # A working note, a document or an advice is not corrected this way.
    assert doctor.get(url.replace(f"/{kind}/", "/werkaantekening/")).status_code == 404


def test_the_advice_form_says_when_it_counts_as_the_problem_analysis(
    world, actor_of, client_for, case
):
    doctor = client_for("doctor")
    url = reverse("medical:advice_new", args=[world.own_employee.pk])
    assert "geldt de probleemanalyse als gedaan" in doctor.get(url).content.decode()
    _publish(world, actor_of, clock.today())
    assert "geldt de probleemanalyse als gedaan" not in doctor.get(url).content.decode()


def test_a_file_with_corrections_is_deleted_as_a_whole(world, actor_of, case):
    """Retention deletes a medical file with everything in it: a correction chain does
    not block that (RESTRICT, not PROTECT)."""
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    old = _diagnosis(access)
    services.entry_correct(
        access=access, kind="diagnose", entry=old,
        data={"recorded_on": old.recorded_on, "complaints": "Nieuw."}, reason="Aangevuld.",
    )  # fmt: skip
    MedicalFile.objects.filter(employee_id=world.own_employee.pk).delete()
    assert not Diagnosis.objects.exists()
