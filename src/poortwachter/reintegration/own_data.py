"""The re-integration file in the employee's own-data export (art. 15 AVG, issue 16):
the plan of action in all its versions, evaluations, conversation notes, who
was case manager when, notifications to UWV, third
parties' reports (what was received and when; the document itself is in the case file),
tasks, the long-term agreements kept in the personnel file, the employer's statements for
the re-integration report, wage sanctions, extensions and reasons for late reports. Registered with
``core.own_data`` from ``ReintegrationConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from poortwachter.absences.models import LateReport, WageExtension, WageSanction
from poortwachter.core import own_data
from poortwachter.reintegration.models import (
    CaseManagerAssignment,
    ConsultationAppointment,
    ConversationNote,
    EarlyIva,
    Evaluation,
    ExpertOpinion,
    PersonnelFileNote,
    PlanOfAction,
    PlanVersion,
    ReportStatement,
    Task,
    ThirdPartyReport,
    UwvNotification,
)


def _collector(model, owner: str = "employee_id") -> own_data.Collect:
    def collect(employee_ids):
        return own_data.rows_of(model.objects.filter(**{f"{owner}__in": employee_ids}), owner)

    return collect


def register() -> None:
    sections = [
        ("plan_versions", _("Plan van aanpak (alle versies)"), PlanVersion, "plan__employee_id",
         (PlanOfAction,)),
        ("evaluations", _("Evaluaties"), Evaluation, "employee_id", ()),
        ("conversation_notes", _("Gespreksverslagen"), ConversationNote, "employee_id", ()),
        ("case_managers", _("Casemanagers (wie, vanaf wanneer)"), CaseManagerAssignment,
         "employee_id", ()),
        ("uwv_notifications", _("Meldingen aan UWV"), UwvNotification, "employee_id", ()),
        ("third_party_reports", _("Rapportages van derden"), ThirdPartyReport, "employee_id", ()),
        ("tasks", _("Taken in het re-integratiedossier"), Task, "employee_id", ()),
        ("consultation_appointments", _("Afspraken op het spreekuur (wanneer, waar, uw reactie)"),
         ConsultationAppointment, "employee_id", ()),
        ("personnel_file_notes", _("Afspraken in het personeelsdossier"), PersonnelFileNote,
         "employee_id", ()),
        ("report_statements", _("Gegevens van de werkgever voor het re-integratieverslag"),
         ReportStatement, "employee_id", ()),
        ("wage_sanctions", _("Loonsancties van UWV"), WageSanction, "employee_id", ()),
        ("wage_extensions", _("Vrijwillige verlenging van de loondoorbetaling"), WageExtension,
         "employee_id", ()),
        ("late_reports", _("Redenen van late ziekmeldingen"), LateReport, "employee_id", ()),
        ("expert_opinions", _("Deskundigenoordelen van UWV"), ExpertOpinion, "employee_id", ()),
        ("early_iva", _("Vervroegde IVA-aanvraag"), EarlyIva, "employee_id", ()),
    ]  # fmt: skip
    for key, title, model, owner, also in sections:
        own_data.register(own_data.section_of(key, title, model, _collector(model, owner), also))
    own_data.exclude(
        "reintegration.TaskReminder",
        "Een registratie dat een herinnering over een taak is verstuurd, aan wie de taak "
        "uitvoert; de taak zelf staat in de export, de herinnering bevat niets over u.",
    )
