"""Every text field the employer side writes passes the medical-text guard (issue 18,
finding 5; R-SICK-3, R-SICK-4).

The attack: an employee's job title, names and address accepted "Monteur (na CVA en
depressie alleen halve dagen)". The walk below enumerates every text field of every
form and API serializer of the employer-side apps, programmatically; each is either
proved refused (the medical sentence is submitted through the service the form and the
API call, or through the form or API itself) or excluded here with its reason. A new
text field that is neither fails ``test_every_employer_text_field_is_walked``.
"""

import datetime as dt
import importlib
import importlib.util
import inspect
import pkgutil
from collections.abc import Callable

import pytest
from django import forms
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from rest_framework import serializers

from poortwachter import api as poortwachter_api
from poortwachter.absences import services as absence_services
from poortwachter.accounts import services as account_services
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.imports import services as import_services
from poortwachter.imports.columns import LABELS as IMPORT_LABELS
from poortwachter.integrations import services as integration_services
from poortwachter.organisations import services as org_services
from poortwachter.organisations.forms import EmployeeForm
from poortwachter.organisations.models import Department, Employee
from poortwachter.reintegration import services as reintegration_services
from poortwachter.reintegration import sync
from poortwachter.reintegration.models import NotificationKind, UwvNotification
from poortwachter.retention import services as retention_services
from poortwachter.textguard.fields import check_name, check_workplace
from tests.reintegration.conftest import make_case, plan_input, publish

SENTENCE = "Monteur (na CVA en depressie alleen halve dagen)"
#: The same content, shortened for fields whose length limit is below the sentence's.
SHORTER = ["na CVA en depressie", "CVA depressie", "CVA"]
REFUSAL = "medische informatie"
#: The import and the integration API's upsert keep their refusals in a report HR can
#: download, so their refusal names no matched words (issue 20).
REFUSAL_KEPT = "gezondheidsgegevens"

#: Every form module of an app of the product and every module of the API package: the
#: medical module is the doctor's side, not the employer's (its texts are medical by
#: design); a new app or API module is walked without being listed here.
FORM_MODULES = sorted(
    f"{config.name}.forms"
    for config in django_apps.get_app_configs()
    if config.name.startswith("poortwachter.")
    and config.name != "poortwachter.medical"
    and importlib.util.find_spec(f"{config.name}.forms") is not None
)
SERIALIZER_MODULES = sorted(
    f"poortwachter.api.{module.name}"
    for module in pkgutil.iter_modules(poortwachter_api.__path__)
    if module.name not in ("urls", "apps")
)

#: Text fields that are not free text the employer side stores, each with its reason.
EXCLUDED: dict[tuple[str, str], str] = {
    # Searches and filters: read, never stored.
    ("EmployeeSearchForm", "q"): "search input, never stored",
    ("AbsenceFilterForm", "q"): "search input, never stored",
    ("EventFilterForm", "person"): "the privacy officer's search of the log, never stored",
    ("EmployeeFilterQuery", "q"): "search input, never stored",
    # Keys that look up an existing record, stored nowhere as text.
    ("RoleScopeForm", "personnel_number"): "looks up an existing employee, not stored",
    ("AccountCreateForm", "personnel_number"): "looks up an existing employee, not stored",
    # Secrets and one-time codes: digits or hashed, never shown to anyone.
    ("ActivationForm", "code"): "one-time code, digits, compared and dropped",
    ("ActivationForm", "password1"): "password, stored hashed only",
    ("ActivationForm", "password2"): "password confirmation, not stored",
    ("CodeActivateTOTPForm", "code"): "second-factor code, not stored",
    ("CodeAuthenticateForm", "code"): "second-factor code, not stored",
    ("CodeReauthenticateForm", "code"): "second-factor code, not stored",
    ("ActivationSerializer", "activation_code"): "one-time code, not stored",
    # Numbers with a fixed shape that the form or the service checks.
    ("EmployeeForm", "bsn"): "must be nine digits passing the elfproef",
    ("EmployeeCreateInput", "bsn"): "must be nine digits passing the elfproef",
    ("EmployerForm", "kvk_number"): "eight digits (RegexField)",
    ("EmployerForm", "payroll_tax_number"): "123456789L01 shape (RegexField)",
    ("EmployerCreateInput", "kvk_number"): "eight digits (RegexField)",
    ("EmployerCreateInput", "payroll_tax_number"): "123456789L01 shape (RegexField)",
    (
        "EmployerSerializer",
        "kvk_number",
    ): "output; input is EmployerCreateInput",
    ("EmployerSerializer", "payroll_tax_number"): "output; input is EmployerCreateInput",
    ("EmployerSerializer", "name"): "output; input is EmployerCreateInput",
    ("MeSerializer", "name"): "output of /api/v1/me/, never input",
    (
        "TextCheckInput",
        "text",
    ): "the text check itself, stores nothing",
    ("SickReportQuery", "q"): "search input, never stored",
    # Credentials of a machine client (issue 20): parsed and verified, never shown as text.
    ("ClientForm", "public_key"): "must parse as a PEM or JWK public key",
    ("KeyForm", "public_key"): "must parse as a PEM or JWK public key",
    ("TokenInput", "client_assertion"): "a signed JWT, verified and not stored",
    ("TokenInput", "client_assertion_type"): "one fixed value (RFC 7523)",
    ("TokenInput", "scope"): "scope names from a fixed list",
    ("WebhookForm", "url"): "an https address, validated as a URL",
    # Written by the occupational health service, not by the employer side.
    ("EmployerForm", "name"): "legal name, by the service administrator",
    (
        "EmployerCreateInput",
        "name",
    ): "legal name, by the service administrator",
    # The employee's own words about themself, by their own choice (R-SICK-7, category D).
    ("EmergencyInfoForm", "text"): "the employee's own emergency information (R-SICK-7)",
    ("EmergencyInfoForm", "tell_colleagues"): "part of the employee's own choice (R-SICK-7)",
}
#: Serializers that only shape responses: never parsed from a request body.
OUTPUT_SERIALIZERS: dict[str, str] = {
    "OAuthErrorSerializer": "the token endpoint's refusal, in its response",
    "TokenOutput": "an issued access token, in its response",
    "AppointmentFactSerializer": "what HR reads of a consultation, in its response",
    "CalendarEntrySerializer": "a day of the absence calendar, in its response",
    "Error403Serializer": "the documented shape of a refusal, in the OpenAPI schema",
    "MatchSerializer": "a match the text check found, in its response",
    "MilestoneSerializer": "a milestone of the computed timeline, in its response",
    "StatisticsCellSerializer": "statistics response",
    "StatisticsClassSerializer": "statistics response",
    "StatisticsEmployerRefSerializer": "statistics response",
    "StatisticsSerializer": "statistics response",
}
#: Fields whose own format check refuses any sentence (a phone number, a postcode, a
#: house number): the refusal there is the format's, before the guard is needed.
FORMAT_CHECKED = {
    # The integration API's upsert (issue 20): a BSN passes the elfproef, an e-mail address
    # has no spaces, a department is one of the employer's by its name.
    ("EmployeeRecordInput", "bsn"), ("EmployeeRecordInput", "email"),
    ("EmployeeRecordInput", "department"),
    ("SickReportForm", "phone"), ("SickReportForm", "care_house_number"),
    ("SickReportForm", "care_postcode"), ("SickReportInputSerializer", "phone"),
    ("SickReportInputSerializer", "care_house_number"),
    ("SickReportInputSerializer", "care_postcode"),
}  # fmt: skip
#: E-mail fields: an address has no spaces, so it holds no sentence; validated as such.
EXCLUDED_TYPES = (forms.EmailField, serializers.EmailField)


def _text_fields() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for name in FORM_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for owner, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                for field, value in cls.base_fields.items():
                    if isinstance(value, forms.CharField) and not isinstance(value, EXCLUDED_TYPES):
                        found.add((owner, field))
    for name in SERIALIZER_MODULES:
        module = importlib.import_module(name)
        for owner, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, serializers.Serializer)
                and cls.__module__ == name
                and owner not in OUTPUT_SERIALIZERS
            ):
                for field, value in cls().fields.items():
                    if (
                        isinstance(value, serializers.CharField)
                        and not isinstance(value, EXCLUDED_TYPES)
                        and not value.read_only
                    ):
                        found.add((owner, field))
    return found


def _medical_text(limit: int | None) -> str:
    for text in [SENTENCE, *SHORTER]:
        if limit is None or len(text) <= limit:
            return text
    raise AssertionError("no medical text fits")


def _api_errors(body: dict) -> dict[str, list[str]]:
    """drf-standardized-errors' shape, per field: {"errors": [{"attr", "detail"}]}."""
    errors: dict[str, list[str]] = {}
    for error in body["errors"]:
        errors.setdefault(error["attr"], []).append(error["detail"])
    return errors


def _errors(call: Callable[[], object]) -> dict[str, list[str]]:
    try:
        call()
    except ValidationError as error:
        return error.message_dict
    return {}


# --- the recipes: how each guarded field is submitted --------------------------------


def _employee_values(world) -> dict:
    return {
        "personnel_number": "P-777", "first_name": "Tom", "name_prefix": "", "last_name": "Test",
        "bsn": "111222333", "date_of_birth": dt.date(1990, 1, 1), "email": "tom@test.example",
        "phone": "", "street": "", "house_number": "", "postcode": "", "city": "",
        "department": world.department, "job_title": "Monteur",
        "start_date": dt.date(2024, 1, 1), "hours_per_week": 32,
    }  # fmt: skip


def employee_form(world, actor_of, client_for, field, limit):
    data = _employee_values(world)
    data["department"] = world.department.pk
    data[field] = _medical_text(limit)
    form = EmployeeForm(
        data, employer=world.employer,
        departments=Department.objects.filter(employer=world.employer),
    )  # fmt: skip
    assert not form.is_valid()
    return form.errors


def employee_api(world, actor_of, client_for, field, limit):
    data = _employee_values(world)
    data.update(
        employer=world.employer.pk, department=world.department.pk,
        date_of_birth="1990-01-01", start_date="2024-01-01",
    )  # fmt: skip
    data[field] = _medical_text(limit)
    response = client_for("hr").post("/api/v1/employees/", data, content_type="application/json")
    assert response.status_code == 400, response.content
    return _api_errors(response.json())


def department(world, actor_of, client_for, field, limit):
    return _errors(
        lambda: org_services.department_create(
            actor=actor_of("employer_admin"), employer=world.employer, name=_medical_text(limit)
        )
    )


def account(world, actor_of, client_for, field, limit):
    names = {"first_name": "Tom", "last_name": "Test", field: _medical_text(limit)}
    return _errors(
        lambda: account_services.user_create(
            actor=actor_of("employer_admin"),
            email="tom@test.example",
            role=Role.HR,
            employer=world.employer,
            **names,
        )
    )


def account_api(world, actor_of, client_for, field, limit):
    data = {"email": "tom@test.example", "first_name": "Tom", "last_name": "Test",
            "role": "hr", "employer": world.employer.pk, field: _medical_text(limit)}  # fmt: skip
    response = client_for("employer_admin").post(
        "/api/v1/users/", data, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    return _api_errors(response.json())


def sick_report(world, actor_of, client_for, field, limit):
    refusals = absence_services.sick_report_refusals(
        employee=world.own_employee, **{field: _medical_text(limit)}
    )
    return refusals.by_field


def sick_report_api(world, actor_of, client_for, field, limit):
    data = {"employee": world.own_employee.pk, "first_sick_day": clock.today().isoformat(),
            "phone": "06 12345678", "care_street": "Lindelaan", "care_house_number": "12",
            "care_postcode": "3511 AB", "care_city": "Utrecht", "expected_duration": "days",
            "appointments_and_work": "", "safety_net_applies": False, "work_accident": False,
            "traffic_accident_third_party": False, field: _medical_text(limit)}  # fmt: skip
    response = client_for("hr").post("/api/v1/sick-reports/", data, content_type="application/json")
    assert response.status_code == 400, response.content
    return _api_errors(response.json())


def plan(world, actor_of, client_for, field, limit):
    case = make_case(world.own_employee, days_ago=60)
    advice = publish(case, world.doctor)
    data = plan_input(case, advice, world.hr, **{field: _medical_text(limit)})
    return _errors(
        lambda: reintegration_services.plan_draw_up(actor=actor_of("hr"), case=case, data=data)
    )


def _case_with_plan(world, actor_of):
    case = make_case(world.own_employee, days_ago=60)
    advice = publish(case, world.doctor)
    version = reintegration_services.plan_draw_up(
        actor=actor_of("hr"), case=case, data=plan_input(case, advice, world.hr)
    )
    return case, version.plan


def evaluation(world, actor_of, client_for, field, limit):
    case, _ = _case_with_plan(world, actor_of)
    values = {"kind": "periodic", "held_on": clock.today(), "outcome": "Opbouw gaat goed.",
              "employer_view": "Tevreden.", "employee_view": "", "plan_needs_revision": False,
              field: _medical_text(limit)}  # fmt: skip
    data = reintegration_services.EvaluationInput(**values)
    return _errors(
        lambda: reintegration_services.evaluation_record(actor=actor_of("hr"), case=case, data=data)
    )


def employee_view(world, actor_of, client_for, field, limit):
    _, plan_of_action = _case_with_plan(world, actor_of)
    return _errors(
        lambda: reintegration_services.plan_employee_view(
            actor=actor_of("employee"),
            plan=plan_of_action,
            number=1,
            employee_view=_medical_text(limit),
            signature="",
        )
    )


def notification(world, actor_of, client_for, field, limit):
    case = make_case(world.own_employee, days_ago=290)
    publish(case, world.doctor)
    sync.tasks_sync(case)
    notice = UwvNotification.objects.get(case=case, kind=NotificationKind.WEEK_42)
    return _errors(
        lambda: reintegration_services.notification_mark_sent(
            actor=actor_of("hr"),
            notification=notice,
            sent_on=clock.today(),
            sent_via="digipoort",
            reference=_medical_text(limit),
        )
    )


def report(world, actor_of, client_for, field, limit):
    case = make_case(world.own_employee, days_ago=60)
    return _errors(
        lambda: reintegration_services.report_upload(
            actor=actor_of("hr"),
            case=case,
            title=_medical_text(limit),
            author="uwv",
            received_on=clock.today(),
            content=b"%PDF-1.4\n%%EOF\n",
            declared_type="application/pdf",
        )
    )


def hold(world, actor_of, client_for, field, limit):
    return _errors(
        lambda: retention_services.legal_hold_place(
            actor=actor_of("hr"),
            employee=world.own_employee,
            kind="labour_dispute",
            reason=_medical_text(limit),
        )
    )


def hold_lift(world, actor_of, client_for, field, limit):
    placed = retention_services.legal_hold_place(
        actor=actor_of("hr"),
        employee=world.own_employee,
        kind="labour_dispute",
        reason="Procedure.",
    )
    return _errors(
        lambda: retention_services.legal_hold_lift(
            actor=actor_of("hr"), hold=placed, lift_reason=_medical_text(limit)
        )
    )


def conversation_note(world, actor_of, client_for, field, limit):
    case = make_case(world.own_employee, days_ago=30)
    values = {"held_on": clock.today(), "participants": "Eva Eigen, HR",
              "agreements": "Volgende week weer spreken.", field: _medical_text(limit)}  # fmt: skip
    data = reintegration_services.NoteInput(**values)
    return _errors(
        lambda: reintegration_services.note_record(actor=actor_of("hr"), case=case, data=data)
    )


def note_reaction(world, actor_of, client_for, field, limit):
    case = make_case(world.own_employee, days_ago=30)
    note = reintegration_services.note_record(
        actor=actor_of("hr"), case=case,
        data=reintegration_services.NoteInput(
            held_on=clock.today(), participants="Eva Eigen, HR", agreements="Volgende week."
        ),
    )  # fmt: skip
    return _errors(
        lambda: reintegration_services.note_react(
            actor=actor_of("employee"), note=note, reaction=_medical_text(limit)
        )
    )


def report_statement(world, actor_of, client_for, field, limit):
    case = make_case(world.own_employee, days_ago=60)
    texts = {
        "job_description": "Monteur in de buitendienst.",
        "suitable_work_judgement": "Passend werk in de werkplaats.",
        "employment_judgement": "Dienstverband loopt door.",
        field: _medical_text(limit),
    }
    return _errors(
        lambda: reintegration_services.report_statement_record(
            actor=actor_of("hr"), case=case, **texts
        )
    )


def _opinion(world, actor_of, question="Is het aangeboden werk passend?"):
    case = make_case(world.own_employee, days_ago=120)
    return reintegration_services.expert_opinion_record(
        actor=actor_of("hr"), case=case, requested_on=clock.today(), requested_by="employer",
        subject="suitable_work", question=question,
    )  # fmt: skip


def expert_opinion(world, actor_of, client_for, field, limit):
    return _errors(lambda: _opinion(world, actor_of, question=_medical_text(limit)))


def expert_opinion_outcome(world, actor_of, client_for, field, limit):
    opinion = _opinion(world, actor_of)
    return _errors(
        lambda: reintegration_services.expert_opinion_outcome_record(
            actor=actor_of("hr"),
            opinion=opinion,
            outcome_on=clock.today(),
            outcome=_medical_text(limit),
        )
    )


def appointment_response(world, actor_of, client_for, field, limit):
    # The check ``appointment_respond`` makes before it stores the reason (issue 19).
    return _errors(
        lambda: reintegration_services.response_refusals(
            "reschedule", _medical_text(limit)
        ).raise_if_any()
    )


def employee_record(world, actor_of, client_for, field, limit):
    record = {
        "personnel_number": "P-777", "bsn": "111222333", "first_name": "Tom",
        "last_name": "Test", "date_of_birth": "1990-01-01", "email": "tom@test.example",
        "department": world.department.name, "job_title": "Monteur",
        "start_date": "2024-01-01", "hours_per_week": "32", field: _medical_text(limit),
    }  # fmt: skip
    result = import_services.records_upsert(
        actor=actor_of("hr"), employer=world.employer, records=[record], source="api"
    )
    fields = {str(label): key for key, label in IMPORT_LABELS.items()}
    errors: dict[str, list[str]] = {}
    for row in result.rows:
        for label, message in row.reasons:
            errors.setdefault(fields.get(str(label), str(label)), []).append(str(message))
    return errors


def client(world, actor_of, client_for, field, limit):
    return _errors(
        lambda: integration_services.client_issue(
            actor=actor_of("employer_admin"),
            employer=world.employer,
            name=_medical_text(limit),
            scopes=["absences:read"],
            public_key="",
        )
    )


RECIPES: dict[str, Callable] = {
    "EmployeeRecordInput": employee_record,
    "ClientForm": client,
    "AppointmentResponseForm": appointment_response,
    "ReportStatementForm": report_statement,
    "ExpertOpinionForm": expert_opinion,
    "ExpertOpinionOutcomeForm": expert_opinion_outcome,
    "ConversationNoteForm": conversation_note,
    "NoteReactionForm": note_reaction,
    "EmployeeForm": employee_form,
    "EmployeeCreateInput": employee_api,
    "DepartmentForm": department,
    "AccountCreateForm": account,
    "UserCreateInput": account_api,
    "SickReportForm": sick_report,
    "SickReportInputSerializer": sick_report_api,
    "PlanForm": plan,
    "EvaluationForm": evaluation,
    "EmployeeViewForm": employee_view,
    "NotificationSentForm": notification,
    "ReportUploadForm": report,
    "LegalHoldForm": hold,
    "LiftHoldForm": hold_lift,
}
WALKED = sorted(field for field in _text_fields() if field not in EXCLUDED)


def _limit(owner: str, field: str) -> int | None:
    for name in FORM_MODULES + SERIALIZER_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        cls = getattr(module, owner, None)
        if cls is None or getattr(cls, "__module__", "") != name:
            continue
        if issubclass(cls, forms.BaseForm):
            return cls.base_fields[field].max_length
        return cls().fields[field].max_length
    return None


def test_every_employer_text_field_is_walked():
    """A new text field must be guarded (and given a recipe) or excluded with a reason."""
    fields = _text_fields()
    unknown = [f for f in fields if f not in EXCLUDED and f[0] not in RECIPES]
    assert not unknown, f"text fields neither walked nor excluded: {sorted(unknown)}"
    stale = [f for f in [*EXCLUDED, *FORMAT_CHECKED] if f not in fields]
    assert not stale, f"exclusions for fields that no longer exist: {stale}"
    assert ("EmployeeForm", "job_title") in WALKED
    assert len(WALKED) >= 30


@pytest.mark.parametrize(("owner", "field"), WALKED, ids=[f"{o}.{f}" for o, f in WALKED])
def test_the_medical_sentence_is_refused_on_the_field(world, actor_of, client_for, owner, field):
    errors = RECIPES[owner](world, actor_of, client_for, field, _limit(owner, field))
    messages = [str(m) for m in errors.get(field, [])]
    if (owner, field) in FORMAT_CHECKED:
        assert messages, (owner, field, errors)
    else:
        assert any(REFUSAL in m or REFUSAL_KEPT in m for m in messages), (owner, field, errors)
    assert not Employee.objects.filter(personnel_number="P-777").exists()


def test_the_refusal_on_the_job_title_is_dutch_and_names_the_terms(world):
    form = EmployeeForm(
        {**_employee_values(world), "department": world.department.pk, "job_title": SENTENCE},
        employer=world.employer, departments=Department.objects.filter(employer=world.employer),
    )  # fmt: skip
    assert not form.is_valid()
    [message] = form.errors["job_title"]
    assert '"CVA"' in message
    assert '"depressie"' in message
    assert "Vul hier alleen de functie of afdeling in" in message


@pytest.mark.parametrize(
    "name", ["Griepink", "Koorts", "van der Hoest", "Pijnappel", "Kramp", "Knie", "Nek",
             "Kuit", "Spier", "Verkoudijk", "Koorts-Pijnappel", "J.P. Koorts"],
)  # fmt: skip
def test_real_surnames_that_look_medical_are_accepted(world, actor_of, name):
    """The employer profile would refuse several of these; a name is not health data."""
    assert not check_name(name).medical
    values = {**_employee_values(world), "last_name": name}
    employee = org_services.employee_create(
        actor=actor_of("hr"), employer=world.employer,
        data=org_services.EmployeeInput(**values),
    )  # fmt: skip
    assert employee.last_name == name


@pytest.mark.parametrize("name", ["Jan depressie", "CVA", "Jan Depressie Burnout", SENTENCE])
def test_medical_words_in_a_name_field_are_still_refused(name):
    assert check_name(name).medical


@pytest.mark.parametrize(
    "name", ["Dialyse", "Fysiotherapie", "Revalidatie Noord", "Dialyse en Nefrologie 2",
             "Dialyseverpleegkundige"],
)  # fmt: skip
def test_a_department_named_after_its_treatment_is_a_workplace(name):
    """A hospital's department "Dialyse" is where people work, not anyone's health."""
    assert not check_workplace(name).medical


@pytest.mark.parametrize(
    "text", ["Hij heeft dialyse", "Fysiotherapie na de operatie", "Dialyse nodig, halve dagen"]
)
def test_a_treatment_said_of_a_person_stays_refused_as_a_workplace(text):
    assert check_workplace(text).medical


def test_care_professions_are_job_titles_not_health_data(world, actor_of):
    for title in ["Fysiotherapeut", "GZ-psycholoog", "Tandarts"]:
        values = {**_employee_values(world), "job_title": title,
                  "personnel_number": f"P-{title}", "bsn": ""}  # fmt: skip
        refusals = org_services.employee_refusals(
            employer=world.employer, texts={"job_title": values["job_title"]}
        )
        assert not refusals, title
