"""The own-data export holds everything kept about the employee on the employer side
(art. 15 AVG; issue 16): every model that refers to an employee is exported or excluded
with a stated reason, and the re-integration file and legal holds are in the JSON and the
PDF of their own employee only."""

import base64
import datetime as dt
import json

from django.apps import apps
from django.db import models

from poortwachter.core import clock, own_data
from poortwachter.organisations.models import Employee
from poortwachter.reintegration import services as reintegration
from poortwachter.reintegration.models import (
    PersonnelFileNote,
    ThirdPartyReport,
    UwvNotification,
)
from poortwachter.retention.services import legal_hold_place
from tests.privacy.pdf_text import pdf_text
from tests.reintegration.conftest import make_case, plan_input, publish

NOT_PEOPLE = {"accounts.User", "organisations.Employer", "organisations.Department"}


def _refers_to_employee(model: type[models.Model], known: set[str]) -> bool:
    for field in model._meta.concrete_fields:
        if field.name in ("employee_id", "subject_employee_id"):
            return True  # an id kept without a foreign key (the logs, the medical file)
        related = field.related_model
        if field.is_relation and related is not None and not isinstance(related, str):
            label = related._meta.label
            if label == "organisations.Employee" or (label in known and label not in NOT_PEOPLE):
                return True
    return False


def _models_about_employees() -> set[str]:
    """Every model with a relation to an employee, directly or through another such
    model (a plan version through its plan), until nothing new is found."""
    found = {"organisations.Employee"}
    while True:
        more = {
            m._meta.label
            for m in apps.get_models()
            if m._meta.label not in found and _refers_to_employee(m, found)
        }
        if not more:
            return found
        found |= more


def test_every_model_about_an_employee_is_exported_or_excluded_with_a_reason():
    about = _models_about_employees()
    covered, excluded = own_data.covered(), own_data.excluded()
    missing = sorted(label for label in about if label not in covered and label not in excluded)
    assert missing == [], f"neither exported nor excluded: {missing}"
    assert all(len(reason) > 40 for reason in excluded.values())
    assert not set(covered) & set(excluded)
    # The check finds what it should: the plan's versions through the plan, the file.
    assert {"reintegration.PlanVersion", "medical.MedicalFile", "audit.AccessEvent"} <= about


def test_every_registered_label_names_a_real_model():
    for label in [*own_data.covered(), *own_data.excluded()]:
        assert apps.get_model(label) is not None


def _file_of(world, actor_of, employee: Employee):
    """A re-integration file with every kind of record, and a legal hold."""
    case = make_case(employee, days_ago=60)
    advice = publish(case, world.doctor)
    hr = actor_of("hr")
    reintegration.plan_draw_up(actor=hr, case=case, data=plan_input(
        case, advice, world.hr, activities="Montagewerk op de begane grond, vier uur per dag."
    ))  # fmt: skip
    reintegration.evaluation_record(actor=hr, case=case, data=reintegration.EvaluationInput(
        kind="periodic", held_on=clock.today(), outcome="Loopt volgens plan.",
        employer_view="Tevreden.", employee_view="", plan_needs_revision=False,
        long_term_agreement="",
    ))  # fmt: skip
    UwvNotification.objects.create(
        case=case, employer=employee.employer, employee=employee, kind="week_42",
        due_on=clock.today(), sent_on=clock.today(), sent_via="portal", reference="UWV-77",
    )  # fmt: skip
    ThirdPartyReport.objects.create(
        case=case, employer=employee.employer, employee=employee, title="Rapport werkplekonderzoek",
        author="other", received_on=clock.today(), content_type="application/pdf", size=9,
        data=b"%PDF-1.4\n", uploaded_by=world.hr, uploaded_at=clock.now(),
    )  # fmt: skip
    PersonnelFileNote.objects.create(
        employer=employee.employer, employee=employee, agreed_on=clock.today(),
        text="Vaste werkplek bij de ingang.", created_at=clock.now(),
    )  # fmt: skip
    legal_hold_place(actor=hr, employee=employee, kind="labour_dispute",
                     reason="Procedure bij de kantonrechter.")  # fmt: skip
    return case


def test_the_reintegration_file_and_legal_holds_are_in_the_json(world, actor_of, client_for):
    _file_of(world, actor_of, world.own_employee)
    _file_of(world, actor_of, world.night_employee)  # someone else's file stays out
    document = json.loads(client_for("employee").get("/mijn-gegevens/export.json").content)
    assert document["schema_version"] == 3
    (record,) = document["employee_records"]
    assert [v["activities"] for v in record["plan_versions"]] == [
        "Montagewerk op de begane grond, vier uur per dag."
    ]
    assert record["plan_versions"][0]["created_by"] == world.hr.get_full_name()
    assert [e["outcome"] for e in record["evaluations"]] == ["Loopt volgens plan."]
    assert [n["reference"] for n in record["uwv_notifications"]] == ["UWV-77"]
    (report,) = record["third_party_reports"]
    assert report["title"] == "Rapport werkplekonderzoek"
    assert base64.b64decode(report["data"]) == b"%PDF-1.4\n"
    assert record["tasks"]  # the file's tasks, as the timeline made them
    assert [n["text"] for n in record["personnel_file_notes"]] == ["Vaste werkplek bij de ingang."]
    assert [h["reason"] for h in record["legal_holds"]] == ["Procedure bij de kantonrechter."]
    assert all("employee" not in row for row in record["plan_versions"])


def test_the_reintegration_file_and_legal_holds_are_in_the_pdf(world, actor_of, client_for):
    _file_of(world, actor_of, world.own_employee)
    text = pdf_text(client_for("employee").get("/mijn-gegevens/export.pdf").content)
    for expected in ("Plan van aanpak (alle versies)", "Montagewerk op de begane grond",
                     "Evaluaties", "Meldingen aan UWV", "UWV-77", "Rapportages van derden",
                     "Rapport werkplekonderzoek", "Afspraken in het personeelsdossier",
                     "Bewaarblokkades", "Procedure bij de kantonrechter",
                     "Arbeidsconflict"):  # fmt: skip
        assert expected in text, expected
    assert "labour_dispute" not in text  # the kind as its Dutch label


def test_sections_need_a_bounded_number_of_queries(world, actor_of, django_assert_max_num_queries):
    """One query per registered section, whatever the number of rows."""
    _file_of(world, actor_of, world.own_employee)
    ids = [world.own_employee.pk]
    with django_assert_max_num_queries(len(own_data.sections())):
        for section in own_data.sections():
            section.collect(ids)


def test_a_rows_dates_keep_their_type():
    """Dates and datetimes stay typed in the rows (the JSON encoder writes ISO 8601)."""
    note = PersonnelFileNote(agreed_on=dt.date(2026, 1, 2), created_at=clock.now(), text="x")
    field = PersonnelFileNote._meta.get_field("agreed_on")
    assert own_data._value(field, note) == dt.date(2026, 1, 2)
