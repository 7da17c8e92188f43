"""The company doctor's advice as the employer side receives it (R-DOC-1, R-INC-1): the
only record that crosses from doctor to employer (DESIGN.md boundary 1). Exactly the
R-DOC-1 items; published only by a doctor who serves the employer, through the
medical-text guard; read by the employee, their manager, HR and the serving doctor, and
nobody else; every read in the access log; no way for the employer to set a percentage."""

import datetime as dt
import importlib
from dataclasses import replace

import pytest
from django import forms as django_forms
from django.apps import apps
from django.db import IntegrityError, transaction
from drf_spectacular.generators import SchemaGenerator

from poortwachter.absences import policies
from poortwachter.absences.models import AbsenceCase, PublishedAdvice
from poortwachter.absences.services import AdviceInput, advice_publish
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core import clock
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.roles import Role
from poortwachter.organisations.models import DoctorAssignment
from tests.factories import UserFactory, grant

MEDICAL_TEXT = "Heeft rugklachten door een hernia."


def advice_input(**overrides) -> AdviceInput:
    values = {
        "advised_on": clock.today(),
        "work_possible": "Licht administratief werk, vier uur per dag.",
        "work_not_possible": "Niet zwaar tillen en niet langdurig staan.",
        "implications_for_work": "Tijdelijk geen nachtdiensten.",
        "expected_duration": "weeks_2_6",
        "incapacity_percentage": 50,
        "adjustments_advice": "Verstelbaar bureau; uren opbouwen over vier weken.",
        "expected_return_on": None,
    }
    values.update(overrides)
    return AdviceInput(**values)


def _day(day: dt.date) -> str:
    """A date as the templates write it (``j-n-Y``)."""
    return f"{day.day}-{day.month}-{day.year}"


@pytest.fixture
def publish(actor_of):
    counter = iter(range(1, 1000))

    def make(employee, persona="doctor", **overrides):
        return advice_publish(
            actor=actor_of(persona) if isinstance(persona, str) else persona,
            employee=employee, data=advice_input(**overrides),
            source_ref=f"medisch-advies-{next(counter)}",
        )  # fmt: skip

    return make


@pytest.fixture
def other_doctor(world):
    """A company doctor who serves only employer B."""
    user = UserFactory(email="other_doctor@test.example")
    grant(user, Role.DOCTOR)
    DoctorAssignment.objects.create(
        employer=world.other_employer, doctor=user, since=dt.date(2024, 1, 1)
    )
    return actor_for_user(user)


@pytest.fixture
def advices(world, publish, other_doctor):
    """One current advice for Eva (team), Nina (sub-department: team too), Kees (kitchen)
    and Otto (employer B, by B's doctor)."""
    world.doctor.first_name, world.doctor.last_name = "Dirk", "Dokter"
    world.doctor.save(update_fields=["first_name", "last_name"])
    return {
        "own": publish(world.own_employee),
        "night": publish(world.night_employee),
        "kitchen": publish(world.kitchen_employee),
        "other": publish(world.other_employee, persona=other_doctor),
    }


# --- the record holds exactly R-DOC-1 --------------------------------------------------


def test_the_advice_has_exactly_the_r_doc_1_items_and_their_provenance():
    names = {f.name for f in PublishedAdvice._meta.get_fields() if f.concrete}
    assert names == {
        "id", "created_at", "updated_at",
        # provenance
        "employer", "employee", "case", "doctor", "advised_on", "published_at", "source_ref",
        "supersedes",
        # R-DOC-1
        "work_possible", "work_not_possible", "implications_for_work", "expected_duration",
        "expected_return_on", "incapacity_percentage", "adjustments_advice",
    }  # fmt: skip
    for forbidden in ("diagnos", "cause", "code", "note", "complaint", "treatment"):
        assert not [n for n in names if forbidden in n]


def test_the_database_refuses_a_percentage_outside_0_to_100(world, advices):
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedAdvice.objects.filter(pk=advices["own"].pk).update(incapacity_percentage=101)


# --- publishing ------------------------------------------------------------------------


def test_a_serving_doctor_publishes_onto_the_open_case(world, publish, report_for):
    report = report_for("hr", world.own_employee)
    advice = publish(world.own_employee, expected_return_on=clock.today() + dt.timedelta(30))
    assert advice.case_id == report.case_id
    assert advice.doctor_id == world.doctor.pk
    assert advice.employer_id == world.employer.pk
    assert advice.incapacity_percentage == 50
    assert advice.supersedes is None


def test_without_an_open_case_the_advice_stands_alone(world, publish):
    closed = AbsenceCase.objects.create(
        employer=world.employer, employee=world.own_employee,
        first_sick_day=clock.today() - dt.timedelta(days=40),
        closed_on=clock.today() - dt.timedelta(days=10),
    )  # fmt: skip
    advice = publish(world.own_employee)
    assert advice.case_id is None
    assert closed.advices.count() == 0


@pytest.mark.parametrize(
    "persona",
    ["employee", "manager", "hr", "employer_admin", "assistant", "service_admin",
     "privacy_officer", "outsider"],
)  # fmt: skip
def test_only_a_doctor_publishes(world, publish, persona):
    with pytest.raises(Forbidden):
        publish(world.own_employee, persona=persona)
    assert not PublishedAdvice.objects.exists()


def test_a_doctor_who_does_not_serve_the_employer_is_refused(world, publish, other_doctor):
    with pytest.raises(Forbidden):
        publish(world.own_employee, persona=other_doctor)
    with pytest.raises(Forbidden):
        publish(world.other_employee)  # world.doctor serves employer A only
    assert not PublishedAdvice.objects.exists()


def test_a_doctor_whose_assignment_ended_is_refused(world, publish):
    DoctorAssignment.objects.filter(doctor=world.doctor).update(
        until=clock.today() - dt.timedelta(days=1)
    )
    with pytest.raises(Forbidden):
        publish(world.own_employee)


def test_the_guard_refuses_medical_text_per_field_in_dutch(world, publish):
    with pytest.raises(ServiceError) as refused:
        publish(
            world.own_employee, work_possible=MEDICAL_TEXT,
            adjustments_advice="Doorverwijzen naar de psycholoog.",
        )  # fmt: skip
    errors = refused.value.message_dict
    assert set(errors) == {"work_possible", "adjustments_advice"}
    assert '"rugklachten"' in errors["work_possible"][0]
    assert "Medische gegevens mogen hier niet worden vastgelegd" in errors["work_possible"][0]
    assert "psycholoog" in errors["adjustments_advice"][0].lower()
    assert not PublishedAdvice.objects.exists()
    assert not AccessEvent.objects.filter(action=Action.CREATE).exists()


@pytest.mark.parametrize(
    "field", ["work_possible", "work_not_possible", "implications_for_work", "adjustments_advice"]
)
def test_every_free_text_field_passes_the_guard(world, publish, field):
    with pytest.raises(ServiceError) as refused:
        publish(world.own_employee, **{field: MEDICAL_TEXT})
    assert list(refused.value.message_dict) == [field]


def test_a_percentage_in_the_text_is_refused_too(world, publish):
    """The percentage has one place, with its provenance (R-INC-1)."""
    with pytest.raises(ServiceError) as refused:
        publish(world.own_employee, implications_for_work="Is 50% arbeidsongeschikt.")
    assert "implications_for_work" in refused.value.message_dict


@pytest.mark.parametrize("percentage", [0, 100])
def test_the_percentage_may_be_0_to_100(world, publish, percentage):
    assert publish(world.own_employee, incapacity_percentage=percentage).pk


@pytest.mark.parametrize("percentage", [-1, 101, 50.5, "50", True, None])
def test_any_other_percentage_is_refused(world, publish, percentage):
    with pytest.raises(ServiceError) as refused:
        publish(world.own_employee, incapacity_percentage=percentage)
    message = refused.value.message_dict["incapacity_percentage"][0]
    assert message == (
        "Het arbeidsongeschiktheidspercentage is een geheel getal van 0 tot en met 100."
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"work_possible": " "}, "work_possible", "Dit veld is verplicht."),
        ({"work_not_possible": ""}, "work_not_possible", "Dit veld is verplicht."),
        ({"expected_duration": "days"}, "expected_duration", "Kies een verwachte duur"),
        ({"advised_on": dt.date(2999, 1, 1)}, "advised_on", "niet in de toekomst"),
        ({"expected_return_on": dt.date(2000, 1, 1)}, "expected_return_on", "ligt voor"),
        ({"work_possible": "werk " * 900}, "work_possible", "hooguit 4000 tekens"),
    ],
)
def test_incomplete_or_wrong_input_is_refused_in_dutch(world, publish, overrides, field, message):
    with pytest.raises(ServiceError) as refused:
        publish(world.own_employee, **overrides)
    assert message in refused.value.message_dict[field][0]


def test_a_newer_advice_supersedes_the_previous_and_both_stay(world, publish, actor_of):
    first = publish(world.own_employee, incapacity_percentage=100)
    second = publish(world.own_employee, incapacity_percentage=50)
    third = publish(world.own_employee, incapacity_percentage=20)
    publish(world.kitchen_employee)  # another employee's advice supersedes nothing of Eva's
    assert (first.supersedes, second.supersedes_id, third.supersedes_id) == (
        None, first.pk, second.pk,
    )  # fmt: skip
    assert PublishedAdvice.objects.filter(employee=world.own_employee).count() == 3
    latest = policies.latest_advice_for(actor_of("hr"), world.own_employee)
    assert latest == third
    current = {a.pk: a.is_current for a in policies.advices_visible_to(actor_of("hr"))}
    assert [current[a.pk] for a in (first, second, third)] == [False, False, True]


def test_one_source_reference_is_published_once(world, actor_of):
    def send():
        return advice_publish(actor=actor_of("doctor"), employee=world.own_employee,
                              data=advice_input(), source_ref="uuid-1")  # fmt: skip

    send()
    with pytest.raises(ServiceError) as refused:
        send()
    assert refused.value.message_dict == {"source_ref": ["Dit advies is al gepubliceerd."]}
    assert PublishedAdvice.objects.count() == 1


def test_publishing_writes_a_complete_access_event(world, publish, actor_of, report_for):
    report = report_for("hr", world.own_employee)
    actor = replace(actor_of("doctor"), request_id="publish-0001", remote_addr="192.0.2.8")
    first = publish(world.own_employee)
    advice = publish(world.own_employee, persona=actor)
    event = AccessEvent.objects.get(action=Action.CREATE, target_id=str(advice.pk),
                                    target_type="absences.publishedadvice")  # fmt: skip
    assert event.actor_user_id == world.doctor.pk
    assert event.actor_role == "doctor"
    assert event.employer_id == world.employer.pk
    assert event.subject_employee_id == world.own_employee.pk
    assert event.purpose == "occupational_health"
    assert event.outcome == "success"
    assert event.request_id == "publish-0001"
    assert event.remote_addr == "192.0.2.8"
    assert event.details == {"case_id": report.case_id, "supersedes_id": first.pk}


# --- who reads it ----------------------------------------------------------------------

VISIBLE = {
    "employee": {"own"},
    "manager": {"own", "night"},
    "hr": {"own", "night", "kitchen"},
    "employer_admin": set(),
    "doctor": {"own", "night", "kitchen"},
    "assistant": set(),
    "service_admin": set(),
    "privacy_officer": set(),
    "outsider": {"other"},
}


@pytest.mark.parametrize(("persona", "expected"), VISIBLE.items())
def test_advices_visible_to_each_persona(world, advices, actor_of, persona, expected):
    ids = set(policies.advices_visible_to(actor_of(persona)).values_list("pk", flat=True))
    assert ids == {advices[name].pk for name in expected}


def test_the_doctor_of_another_employer_sees_only_that_employer(world, advices, other_doctor):
    assert list(policies.advices_visible_to(other_doctor)) == [advices["other"]]


@pytest.mark.parametrize(("persona", "expected"), VISIBLE.items())
def test_api_list_is_scoped(world, advices, client_for, persona, expected):
    response = client_for(persona).get("/api/v1/advices/")
    assert response.status_code == 200
    body = response.json()
    assert {row["id"] for row in body["results"]} == {advices[n].pk for n in expected}
    assert body["count"] == len(expected)


@pytest.mark.parametrize(("persona", "expected"), VISIBLE.items())
def test_api_and_page_detail_only_in_scope(world, advices, client_for, persona, expected):
    client = client_for(persona)
    page_roles = {"employee", "manager", "hr", "doctor", "outsider"}
    for name, advice in advices.items():
        api = client.get(f"/api/v1/advices/{advice.pk}/")
        page = client.get(f"/verzuim/advies/{advice.pk}/")
        if name in expected:
            assert (api.status_code, page.status_code) == (200, 200), name
        else:
            assert api.status_code == 404, name
            assert page.status_code == (404 if persona in page_roles else 403), name


def test_api_detail_holds_the_items_with_provenance(world, advices, client_for):
    body = client_for("manager").get(f"/api/v1/advices/{advices['own'].pk}/").json()
    assert body["incapacity_percentage"] == 50
    assert body["doctor_name"] == "Dirk Dokter"
    assert body["advised_on"] == clock.today().isoformat()
    assert body["is_current"] is True
    assert "source_ref" not in body


def test_the_employee_lists_their_own_advices_only(world, advices, client_for, publish):
    publish(world.own_employee, work_possible="Eigen werk in de ochtend.")
    response = client_for("employee").get("/verzuim/advies/")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("vastgesteld door bedrijfsarts Dirk Dokter") == 2
    assert "vervangen" in text
    assert "geldend" in text
    for name in ("night", "kitchen", "other"):
        assert f"/verzuim/advies/{advices[name].pk}/" not in text


# --- R-INC-1: the percentage always with the doctor and the date -----------------------


def _incapacity(advice) -> str:
    return (
        f"{advice.incapacity_percentage}% arbeidsongeschikt, vastgesteld door bedrijfsarts "
        f"Dirk Dokter op {_day(advice.advised_on)}"
    )


@pytest.mark.parametrize("persona", ["manager", "hr"])
def test_sick_report_and_employee_pages_show_the_latest_advice(
    world, advices, client_for, report_for, publish, persona
):
    report = report_for("hr", world.own_employee)
    newer = publish(world.own_employee, incapacity_percentage=20,
                    work_possible="Eigen werk met aangepaste uren.")  # fmt: skip
    client = client_for(persona)
    for path in (f"/verzuim/meldingen/{report.pk}/", f"/werknemers/{world.own_employee.pk}/"):
        text = client.get(path).content.decode()
        assert "Advies van de bedrijfsarts" in text, path
        assert _incapacity(newer) in text, path
        assert "Eigen werk met aangepaste uren." in text
        assert advices["own"].work_possible not in text  # superseded: only the latest
        assert f'href="/verzuim/advies/{newer.pk}/"' in text


def test_the_advice_page_shows_the_percentage_with_its_provenance(world, advices, client_for):
    text = client_for("manager").get(f"/verzuim/advies/{advices['own'].pk}/").content.decode()
    assert _incapacity(advices["own"]) in text
    assert advices["own"].adjustments_advice in text


def test_the_employer_administrator_sees_no_advice_on_the_employee_page(world, advices, client_for):
    client = client_for("employer_admin")
    before = _last_id()
    response = client.get(f"/werknemers/{world.own_employee.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Advies van de bedrijfsarts" not in text
    assert "arbeidsongeschikt" not in text
    assert advices["own"].work_possible not in text
    assert not [e for e in _new_events(before) if e.target_type == "absences.publishedadvice"]


def test_hr_of_another_employer_sees_only_its_own_employees_advice(world, advices, client_for):
    client = client_for("outsider")
    assert client.get(f"/werknemers/{world.own_employee.pk}/").status_code == 404
    text = client.get(f"/werknemers/{world.other_employee.pk}/").content.decode()
    assert f'href="/verzuim/advies/{advices["other"].pk}/"' in text
    assert f'href="/verzuim/advies/{advices["own"].pk}/"' not in text


def test_nothing_lets_the_employer_set_a_percentage(world, advices, client_for):
    """R-INC-1: no form of the product and no request body of the API carries a
    percentage field, and the advice API has no write method."""
    checked_forms = checked_bodies = 0
    for config in apps.get_app_configs():
        if not config.name.startswith("poortwachter.") or config.name.endswith(".medical"):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for form in vars(module).values():
            if isinstance(form, type) and issubclass(form, django_forms.BaseForm):
                assert not [n for n in form.base_fields if "percent" in n], form
                checked_forms += 1
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        if path.startswith("/api/v1/medical"):
            continue  # the doctor's own API, if it comes, is where a percentage is set
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                ref = media["schema"].get("$ref", "")
                properties = components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
                assert not [p for p in properties if "percent" in p], (path, method)
                checked_bodies += 1
    assert checked_forms > 10
    assert checked_bodies > 5
    client = client_for("hr")
    body = {"employee": world.own_employee.pk, "incapacity_percentage": 20}
    advice_url = f"/api/v1/advices/{advices['own'].pk}/"
    assert client.post("/api/v1/advices/", body, content_type="application/json").status_code == 405
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(advice_url, body, content_type="application/json")
        assert response.status_code == 405
    page = client.post(f"/verzuim/advies/{advices['own'].pk}/", {"incapacity_percentage": 20})
    assert page.status_code == 405
    advices["own"].refresh_from_db()
    assert advices["own"].incapacity_percentage == 50


# --- every read in the access log --------------------------------------------------------


def _new_events(before):
    return list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def _last_id():
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize(
    ("persona", "role", "purpose"),
    [("employee", "employee", "own_data"), ("manager", "manager", "absence_management"),
     ("hr", "hr", "absence_management"), ("doctor", "doctor", "occupational_health")],
)  # fmt: skip
def test_reading_an_advice_is_logged_with_every_field(
    world, advices, client_for, persona, role, purpose
):
    advice = advices["own"]
    client = client_for(persona)
    for path in (f"/verzuim/advies/{advice.pk}/", f"/api/v1/advices/{advice.pk}/"):
        before = _last_id()
        client.get(path, HTTP_X_REQUEST_ID="advice-read-0001", REMOTE_ADDR="198.51.100.9")
        [event] = _new_events(before)
        assert event.action == Action.READ
        assert event.actor_user_id == world.users[persona].pk
        assert event.actor_role == role
        assert event.purpose == purpose
        assert event.employer_id == world.employer.pk
        assert event.subject_employee_id == world.own_employee.pk
        assert (event.target_type, event.target_id) == ("absences.publishedadvice",
                                                        str(advice.pk))  # fmt: skip
        assert event.request_id == "advice-read-0001"
        assert event.remote_addr == "198.51.100.9"
        assert event.outcome == "success"


def test_the_section_on_a_page_logs_its_advice_read(world, advices, client_for):
    client = client_for("hr")
    before = _last_id()
    client.get(f"/werknemers/{world.kitchen_employee.pk}/")
    reads = [e for e in _new_events(before) if e.target_type == "absences.publishedadvice"]
    assert [(e.target_id, e.subject_employee_id, e.actor_role) for e in reads] == [
        (str(advices["kitchen"].pk), world.kitchen_employee.pk, "hr")
    ]


def test_lists_log_the_employees_they_showed(world, advices, client_for):
    client = client_for("manager")
    before = _last_id()
    client.get("/api/v1/advices/")
    [event] = _new_events(before)
    shown = sorted([world.own_employee.pk, world.night_employee.pk])
    assert event.purpose == "api_advice_list"
    assert event.details["employee_ids"] == shown
    assert sorted(event.details["advice_ids"]) == sorted([advices["own"].pk, advices["night"].pk])
    assert sorted(event.subjects.values_list("employee_id", flat=True)) == shown
    client = client_for("employee")
    before = _last_id()
    client.get("/verzuim/advies/")
    [event] = _new_events(before)
    assert (event.actor_role, event.purpose) == ("employee", "own_data")
    assert event.details == {
        "advice_ids": [advices["own"].pk], "employee_ids": [world.own_employee.pk],
    }  # fmt: skip


def test_an_empty_list_still_says_it_showed_no_one(world, advices, client_for):
    client = client_for("employer_admin")
    before = _last_id()
    client.get("/api/v1/advices/")
    [event] = _new_events(before)
    assert event.details == {"advice_ids": [], "employee_ids": []}
