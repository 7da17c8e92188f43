"""Writing the re-integration file. Each function checks the policy, validates (every
refusal in Dutch, per field where it concerns one), writes its access event in the same
transaction and brings the case's tasks in step with the file (``sync.tasks_sync``), so
a refused change leaves nothing half-saved.

Plan rules (R-REINT-1, art. 4 Regeling procesgang, DOMAIN.md section 1):

- no plan before the problem analysis: the doctor must have published a first advice
  for the case, and the plan names the advice it is based on;
- HR draws it up and revises it (bijstelling); every revision is a new ``PlanVersion``
  with who made it, when, why and which fields changed;
- the employee adds their view and signs the current version; a signed version is
  frozen: a change becomes a new version, and changing the signed one is refused.
"""

import datetime as dt
import json
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from poortwachter.absences import rules
from poortwachter.absences.models import AbsenceCase, WageExtension, WageSanction
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock, uploads
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, Refusals, ServiceError, field_errors
from poortwachter.core.roles import Role
from poortwachter.notifications import selectors as recipients
from poortwachter.notifications.models import Kind
from poortwachter.notifications.services import notify, notify_many
from poortwachter.reintegration import documents, pdf, policies, selectors, timeline
from poortwachter.reintegration.models import (
    AppointmentMode,
    AppointmentResponse,
    AppointmentStatus,
    AppointmentWith,
    CaseManagerAssignment,
    ConsultationAppointment,
    ConversationNote,
    EarlyIva,
    Evaluation,
    EvaluationKind,
    ExpertOpinion,
    OpinionRequestedBy,
    OpinionSubject,
    PlanOfAction,
    PlanSignature,
    PlanVersion,
    ReportAuthor,
    ReportStatement,
    SentVia,
    Task,
    TaskRole,
    TaskStatus,
    ThirdPartyReport,
    UwvNotification,
)
from poortwachter.reintegration.sync import case_timeline, tasks_sync
from poortwachter.textguard import validate_no_medical_text

PURPOSE = selectors.PURPOSE

#: Third parties' reports: PDF or an image, at most 10 MB, recognised by their first bytes
#: (``core.uploads``, the same rule as the doctor's documents).
UPLOAD_MAX_BYTES = uploads.MAX_BYTES


def frozen_message() -> str:
    return _(
        "Deze versie van het plan van aanpak is door de werknemer ondertekend en ligt vast. "
        "Een wijziging wordt een nieuwe versie (bijstelling)."
    )


def _guard(errors: dict[str, list[str]], field: str, text: str, *, required: bool, limit: int):
    """Required, length and the medical-text guard (R-SICK-3) for one free-text field."""
    text = text.strip()
    if required and not text:
        errors[field] = [_("Dit veld is verplicht.")]
    elif len(text) > limit:
        errors[field] = [_("Gebruik hooguit %(max)s tekens.") % {"max": limit}]
    elif text:
        try:
            validate_no_medical_text(text)
        except ValidationError as error:
            errors[field] = error.messages


def _not_before_case(errors, field: str, day: dt.date, case: AbsenceCase) -> None:
    if day < case.first_sick_day:
        errors.setdefault(field, []).append(
            _("Deze datum ligt voor de eerste ziektedag (%(day)s).")
            % {"day": case.first_sick_day.strftime("%d-%m-%Y")}
        )
    elif day > clock.today():
        errors.setdefault(field, []).append(_("Deze datum kan niet in de toekomst liggen."))


def _require_hr(actor: Actor, case: AbsenceCase) -> None:
    if not policies.can_write_file(actor, case):
        raise Forbidden(_("Alleen HR van de werkgever werkt het re-integratiedossier bij."))


# --- the plan of action ----------------------------------------------------------------


@dataclass(frozen=True)
class PlanInput:
    drawn_up_on: dt.date
    activities: str
    goals: str
    goal_date: dt.date
    evaluation_moments: str
    next_evaluation_on: dt.date
    case_manager_id: int
    advice_id: int
    employer_view: str
    change_reason: str = ""


#: Fields a revision compares with the previous version ("what changed").
PLAN_FIELDS = (
    "drawn_up_on", "activities", "goals", "goal_date", "evaluation_moments",
    "next_evaluation_on", "case_manager_id", "advice_id", "employer_view",
)  # fmt: skip
_PLAN_TEXTS = (
    ("activities", True, 4000), ("goals", True, 2000), ("evaluation_moments", True, 1000),
    ("employer_view", True, 2000),
)  # fmt: skip


def _plan_errors(case: AbsenceCase, data: PlanInput, *, revision: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, required, limit in _PLAN_TEXTS:
        _guard(errors, field, getattr(data, field), required=required, limit=limit)
    _guard(errors, "change_reason", data.change_reason, required=revision, limit=1000)
    _not_before_case(errors, "drawn_up_on", data.drawn_up_on, case)
    analysis = selectors.problem_analysis_on(case)
    if "drawn_up_on" not in errors and analysis and data.drawn_up_on < analysis:
        errors["drawn_up_on"] = [
            _("Het plan van aanpak kan niet van voor de probleemanalyse (%(day)s) zijn.")
            % {"day": analysis.strftime("%d-%m-%Y")}
        ]
    if data.goal_date < data.drawn_up_on:
        errors["goal_date"] = [_("De termijn voor het doel ligt voor de datum van het plan.")]
    if data.next_evaluation_on < data.drawn_up_on:
        errors["next_evaluation_on"] = [
            _("De eerstvolgende evaluatie ligt voor de datum van het plan.")
        ]
    if not selectors.case_managers(case.employer_id).filter(pk=data.case_manager_id).exists():
        errors["case_manager_id"] = [
            _("Kies als casemanager iemand met de rol HR bij deze werkgever.")
        ]
    if not selectors.case_advices(case).filter(pk=data.advice_id).exists():
        errors["advice_id"] = [_("Kies een advies van de bedrijfsarts bij dit verzuim.")]
    return errors


def _stripped(data: PlanInput) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in asdict(data).items()}


def _ask_signature(case: AbsenceCase) -> None:
    """A new version waits for the employee's view and signature: they are told, in this
    transaction (issue 19)."""
    notify(
        recipients=recipients.employee_users(case.employee_id), kind=Kind.PLAN_TO_SIGN,
        link=reverse("reintegration:plan_employee", kwargs={"case_id": case.pk}),
    )  # fmt: skip


@transaction.atomic
def plan_draw_up(*, actor: Actor, case: AbsenceCase, data: PlanInput) -> PlanVersion:
    """The first version of the plan of action (art. 4.1 Regeling procesgang)."""
    _require_hr(actor, case)
    AbsenceCase.objects.select_for_update().filter(pk=case.pk).first()  # one plan per case
    if selectors.problem_analysis_on(case) is None:
        raise ServiceError(
            _("U kunt nog geen plan van aanpak opstellen: de bedrijfsarts heeft voor dit "
              "verzuim nog geen probleemanalyse gedaan en geen advies gepubliceerd. Het plan "
              "van aanpak volgt binnen twee weken na de probleemanalyse.")
        )  # fmt: skip
    if PlanOfAction.objects.filter(case=case).exists():
        raise ServiceError(_("Er is al een plan van aanpak voor dit verzuim. Stel het bij."))
    if errors := _plan_errors(case, data, revision=False):
        raise ServiceError(errors)
    before = selectors.current_case_manager_ids([case.pk]).get(case.pk)
    plan = PlanOfAction.objects.create(
        case=case, employer_id=case.employer_id, employee_id=case.employee_id,
        created_by_id=actor.user_id,
    )  # fmt: skip
    fields = _stripped(data)
    version = PlanVersion.objects.create(
        plan=plan, number=1, created_by_id=actor.user_id, created_at=clock.now(),
        changed_fields=list(PLAN_FIELDS), **fields,
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE, target=version, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "version": 1},
    )  # fmt: skip
    _follow_plan_case_manager(actor, case, before, data.case_manager_id)
    _ask_signature(case)
    tasks_sync(case)
    return version


@transaction.atomic
def plan_revise(*, actor: Actor, plan: PlanOfAction, data: PlanInput, based_on: int) -> PlanVersion:
    """A revision (bijstelling, art. 4.5): always a new version, so every earlier one,
    signed or not, stays as it was."""
    case = plan.case
    _require_hr(actor, case)
    current = selectors.current_version(plan)
    assert current is not None, "a plan has at least its first version"
    if based_on != current.number:
        raise ServiceError(
            _("Het plan van aanpak is intussen bijgesteld (nu versie %(number)s). Laad de "
              "pagina opnieuw en controleer de gegevens.") % {"number": current.number}
        )  # fmt: skip
    if errors := _plan_errors(case, data, revision=True):
        raise ServiceError(errors)
    before = selectors.current_case_manager_ids([case.pk]).get(case.pk)
    fields = _stripped(data)
    changed = [name for name in PLAN_FIELDS if getattr(current, name) != fields[name]]
    if not changed:
        raise ServiceError(_("Er is niets gewijzigd ten opzichte van de geldende versie."))
    try:
        with transaction.atomic():
            version = PlanVersion.objects.create(
                plan=plan, number=current.number + 1, created_by_id=actor.user_id,
                created_at=clock.now(), changed_fields=changed, **fields,
            )  # fmt: skip
    except IntegrityError:
        raise ServiceError(
            _(
                "Iemand anders heeft het plan van aanpak intussen bijgesteld. Laad de pagina "
                "opnieuw."
            )
        ) from None
    audit_record(
        actor=actor, action=Action.UPDATE, target=version, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "version": version.number, "changed": changed},
    )  # fmt: skip
    _follow_plan_case_manager(actor, case, before, data.case_manager_id)
    _ask_signature(case)
    tasks_sync(case)
    return version


def _follow_plan_case_manager(
    actor: Actor, case: AbsenceCase, before: int | None, named: int
) -> None:
    """A plan that names another case manager than the current one changes it: the
    history of case managers records that, as if HR had assigned them (issue 19)."""
    if before != named:
        _assignment_record(actor, case, before, named)


def _assignment_record(
    actor: Actor, case: AbsenceCase, before: int | None, manager_id: int
) -> CaseManagerAssignment:
    assignment = CaseManagerAssignment.objects.create(
        case=case, employer_id=case.employer_id, employee_id=case.employee_id,
        manager_id=manager_id, previous_id=before, assigned_by_id=actor.user_id,
        assigned_at=clock.now(),
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.UPDATE, target=assignment, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "case_manager_from": before, "case_manager_to": manager_id},
    )  # fmt: skip
    return assignment


@transaction.atomic
def plan_employee_view(
    *, actor: Actor, plan: PlanOfAction, number: int, employee_view: str, signature: str = ""
) -> PlanVersion:
    """The employee's view on the current version (since 1 July 2023), and their
    signature: ``"akkoord"`` (agreed), ``"gezien"`` (received for the record, not
    agreed: the view says why) or ``""`` (the view only, sign later). A signed version is
    frozen: this refuses to change it.

    The view is the employee's own text, but it is kept in the employer's
    re-integration file, which holds no nature or cause of illness even when the
    employee volunteers it (R-SICK-4, R-REINT-1/2): it passes the medical-text guard
    like every free text of the file. What the employee wants to tell about their health
    belongs with the company doctor."""
    case = plan.case
    if not policies.can_sign_plan(actor, case):
        raise Forbidden(_("Alleen de werknemer zelf geeft een visie en ondertekent het plan."))
    if signature and signature not in PlanSignature.values:
        raise ServiceError({"signature": [_("Kies hoe u ondertekent.")]})
    version = plan.versions.filter(number=number).first()
    current = selectors.current_version(plan)
    if version is None or current is None:
        raise ServiceError(_("Deze versie van het plan van aanpak bestaat niet."))
    if version.is_signed:
        raise ServiceError(frozen_message())
    if version.number != current.number:
        raise ServiceError(
            _("Er is een nieuwere versie van het plan van aanpak (versie %(number)s). Geef uw "
              "visie op die versie.") % {"number": current.number}
        )  # fmt: skip
    errors: dict[str, list[str]] = {}
    _guard(errors, "employee_view", employee_view, required=False, limit=2000)
    if signature and not employee_view.strip() and "employee_view" not in errors:
        errors["employee_view"] = [
            _(
                "Schrijf waarmee u het niet eens bent. Dat komt bij het plan, zodat HR en uw "
                "leidinggevende het lezen."
            )
            if signature == PlanSignature.SEEN
            else _("Geef uw visie op het plan voordat u ondertekent.")
        ]
    if errors:
        raise ServiceError(errors)
    now = clock.now()
    changes: dict = {"employee_view": employee_view.strip(), "employee_view_at": now}
    if signature:
        changes |= {"signed_at": now, "signed_by_id": actor.user_id, "signature": signature}
    # Conditional update: a signature that raced in first wins, and freezes the version.
    if not PlanVersion.objects.filter(pk=version.pk, signed_at__isnull=True).update(**changes):
        raise ServiceError(frozen_message())
    audit_record(
        actor=actor, action=Action.UPDATE, target=version, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=PURPOSE, role=Role.EMPLOYEE,
        details={"case_id": case.pk, "version": version.number, "signed": bool(signature),
                 "signature": signature},
    )  # fmt: skip
    version.refresh_from_db()
    return version


# --- evaluations -----------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationInput:
    kind: str
    held_on: dt.date
    outcome: str
    employer_view: str
    employee_view: str
    plan_needs_revision: bool
    long_term_agreement: str = ""


@transaction.atomic
def evaluation_record(*, actor: Actor, case: AbsenceCase, data: EvaluationInput) -> Evaluation:
    _require_hr(actor, case)
    AbsenceCase.objects.select_for_update().filter(pk=case.pk).first()
    errors: dict[str, list[str]] = {}
    if data.kind not in EvaluationKind.values:
        errors["kind"] = [_("Kies een soort evaluatie uit de lijst.")]
    elif (
        data.kind != EvaluationKind.PERIODIC
        and Evaluation.objects.filter(case=case, kind=data.kind).exists()
    ):
        errors["kind"] = [
            _("Voor dit verzuim is al een %(kind)s vastgelegd.")
            % {"kind": EvaluationKind(data.kind).label.lower()}
        ]
    _not_before_case(errors, "held_on", data.held_on, case)
    plan = selectors.plan_of(case)
    plan_version = selectors.current_version(plan)
    first = plan.versions.get(number=1) if plan is not None else None
    if first is None:
        raise ServiceError(
            _("Leg eerst een plan van aanpak vast: een evaluatie gaat over het plan.")
        )
    if "held_on" not in errors and data.held_on < first.drawn_up_on:
        errors["held_on"] = [
            _("De evaluatie ligt voor het plan van aanpak (%(day)s).")
            % {"day": first.drawn_up_on.strftime("%d-%m-%Y")}
        ]
    _guard(errors, "outcome", data.outcome, required=True, limit=4000)
    _guard(errors, "employer_view", data.employer_view, required=True, limit=2000)
    _guard(errors, "employee_view", data.employee_view, required=False, limit=2000)
    _guard(errors, "long_term_agreement", data.long_term_agreement, required=False, limit=1000)
    if errors:
        raise ServiceError(errors)
    evaluation = Evaluation.objects.create(
        case=case, employer_id=case.employer_id, employee_id=case.employee_id,
        kind=data.kind, held_on=data.held_on, outcome=data.outcome.strip(),
        employer_view=data.employer_view.strip(), employee_view=data.employee_view.strip(),
        plan_needs_revision=data.plan_needs_revision,
        long_term_agreement=data.long_term_agreement.strip(), plan_version=plan_version,
        recorded_by_id=actor.user_id,
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE, target=evaluation, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "kind": data.kind},
    )  # fmt: skip
    tasks_sync(case)
    return evaluation


# --- notifications to UWV ----------------------------------------------------------------


@transaction.atomic
def notification_mark_sent(
    *, actor: Actor, notification: UwvNotification, sent_on: dt.date, sent_via: str,
    reference: str = "",
) -> UwvNotification:  # fmt: skip
    """Record that (and how) the employer sent the notification to UWV."""
    case = notification.case
    _require_hr(actor, case)
    locked = UwvNotification.objects.select_for_update().get(pk=notification.pk)
    if locked.sent_on is not None:
        raise ServiceError(
            _("Deze melding is al als verstuurd vastgelegd op %(day)s.")
            % {"day": locked.sent_on.strftime("%d-%m-%Y")}
        )
    errors: dict[str, list[str]] = {}
    _not_before_case(errors, "sent_on", sent_on, case)
    if sent_via not in SentVia.values:
        errors["sent_via"] = [_("Kies hoe de melding is verstuurd.")]
    _guard(errors, "reference", reference, required=False, limit=64)
    if errors:
        raise ServiceError(errors)
    locked.sent_on, locked.sent_via, locked.reference = sent_on, sent_via, reference.strip()
    locked.recorded_by_id, locked.recorded_at = actor.user_id, clock.now()
    locked.save(update_fields=["sent_on", "sent_via", "reference", "recorded_by",
                               "recorded_at", "updated_at"])  # fmt: skip
    audit_record(
        actor=actor, action=Action.UPDATE, target=locked, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose="uwv_notification",
        details={"case_id": case.pk, "kind": locked.kind, "sent_via": sent_via},
    )  # fmt: skip
    tasks_sync(case)
    return locked


# --- third parties' reports --------------------------------------------------------------


@transaction.atomic
def report_upload(
    *, actor: Actor, case: AbsenceCase, title: str, author: str, received_on: dt.date,
    content: bytes, declared_type: str,
) -> ThirdPartyReport:  # fmt: skip
    """A report of the case manager or a re-integration agency. The content decides the
    type, not the name or the browser's claim."""
    _require_hr(actor, case)
    errors: dict[str, list[str]] = {}
    _guard(errors, "title", title, required=True, limit=200)
    if author not in ReportAuthor.values:
        errors["author"] = [_("Kies wie het rapport heeft opgesteld.")]
    _not_before_case(errors, "received_on", received_on, case)
    if message := uploads.upload_error(content, declared_type):
        errors["upload"] = [message]
    if errors:
        raise ServiceError(errors)
    report = ThirdPartyReport.objects.create(
        case=case, employer_id=case.employer_id, employee_id=case.employee_id,
        title=title.strip(), author=author, received_on=received_on,
        content_type=uploads.sniffed_type(content) or "", size=len(content), data=content,
        uploaded_by_id=actor.user_id, uploaded_at=clock.now(),
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE, target=report, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "content_type": report.content_type, "size": report.size},
    )  # fmt: skip
    return report


# --- tasks -------------------------------------------------------------------------------


@transaction.atomic
def task_set_status(*, actor: Actor, task: Task, status: str) -> Task:
    """The role holder marks a task done; HR may also mark an HR task as not needed
    (art. 5 Regeling procesgang: a step may be departed from with reasons)."""
    if not policies.can_complete_task(actor, task):
        raise Forbidden(_("Deze taak is niet voor u."))
    if status not in (TaskStatus.DONE, TaskStatus.SKIPPED):
        raise field_errors(status=_("Kies afgerond of vervallen."))
    if status == TaskStatus.SKIPPED and task.role != TaskRole.HR:
        raise field_errors(status=_("Alleen HR kan een taak laten vervallen."))
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.status != TaskStatus.OPEN:
        raise ServiceError(_("Deze taak is al afgesloten."))
    locked.status, locked.done_by_id = status, actor.user_id
    locked.done_on = clock.today() if status == TaskStatus.DONE else None
    locked.save(update_fields=["status", "done_by", "done_on", "updated_at"])
    role = Role.EMPLOYEE if task.role == TaskRole.EMPLOYEE else None
    audit_record(
        actor=actor, action=Action.UPDATE, target=locked, employer_id=task.employer_id,
        subject_employee_id=task.employee_id, purpose=PURPOSE, role=role,
        details={"case_id": task.case_id, "code": task.code, "status": status},
    )  # fmt: skip
    return locked


# --- downloads: reads that leave the system, each recorded ------------------------------


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    filename: str


def _download(data: documents.Document, render_pdf, name: str, format: str) -> Download:
    if format == "pdf":
        return Download(render_pdf(data), "application/pdf", f"{name}.pdf")
    body = json.dumps(data, ensure_ascii=False, indent=2).encode()
    return Download(body, "application/json", f"{name}.json")


def notification_export(
    *, actor: Actor, case_id: int, notification_id: int, format: str
) -> Download:
    """The notification to UWV as PDF (a print) or JSON (an export), for HR."""
    notification = policies.get_notification_for(actor, case_id, notification_id)
    data = documents.uwv_notification(notification)
    action = Action.PRINT if format == "pdf" else Action.EXPORT
    selectors.case_read_record(
        actor, notification.case, action, target=notification, purpose="uwv_notification",
        format=format,
    )  # fmt: skip
    name = f"uwv-{notification.kind}-{notification.case_id}"
    return _download(data, pdf.uwv_pdf, name, format)


def reintegration_report_export(*, actor: Actor, case_id: int, format: str) -> Download:
    """The re-integratieverslag (art. 6 Regeling procesgang) as PDF or JSON, for HR and
    the employee it is about."""
    case = policies.get_reportable_case_for(actor, case_id)
    document = documents.reintegration_report(case)
    action = Action.PRINT if format == "pdf" else Action.EXPORT
    selectors.case_read_record(actor, case, action, purpose="reintegration_report", format=format)
    return _download(document, pdf.report_pdf, f"re-integratieverslag-{case.pk}", format)


# --- case managers (issue 19) -------------------------------------------------------------


def case_manager_refusals(case: AbsenceCase, manager_id: int | None) -> Refusals:
    """Why ``manager_id`` cannot become the case's case manager (the form shows them too)."""
    refusals = Refusals()
    if manager_id is None:
        return refusals
    if not selectors.case_managers(case.employer_id).filter(pk=manager_id).exists():
        refusals.add(
            "manager_id", _("Kies als casemanager iemand met de rol HR bij deze werkgever.")
        )
    elif selectors.current_case_manager_ids([case.pk]).get(case.pk) == manager_id:
        refusals.add("manager_id", _("Deze persoon is al de casemanager van dit verzuim."))
    return refusals


@transaction.atomic
def case_manager_assign(
    *, actor: Actor, case: AbsenceCase, manager_id: int
) -> CaseManagerAssignment:
    """HR names (or changes) the case manager of a case; the history keeps who changed it,
    when, from whom and to whom."""
    if not policies.can_assign_case_manager(actor, case):
        raise Forbidden(_("Alleen HR van de werkgever wijst een casemanager toe."))
    AbsenceCase.objects.select_for_update().filter(pk=case.pk).first()  # one change at a time
    refusals = case_manager_refusals(case, manager_id)
    refusals.raise_if_any()
    before = selectors.current_case_manager_ids([case.pk]).get(case.pk)
    return _assignment_record(actor, case, before, manager_id)


# --- conversation notes (gespreksverslagen, issue 19) --------------------------------------


@dataclass(frozen=True)
class NoteInput:
    held_on: dt.date
    participants: str
    agreements: str


NOTE_LIMITS = {"participants": 300, "agreements": 4000}
REACTION_LIMIT = 2000


def note_refusals(case: AbsenceCase, data: dict) -> Refusals:
    """Every refusal of a note's fields that are present in ``data``: dates within the
    case, lengths and the medical-text guard (R-SICK-3)."""
    errors: dict[str, list[str]] = {}
    if data.get("held_on") is not None:
        _not_before_case(errors, "held_on", data["held_on"], case)
    for field, limit in NOTE_LIMITS.items():
        if field in data:
            _guard(errors, field, data[field] or "", required=True, limit=limit)
    refusals = Refusals()
    for field, messages in errors.items():
        for message in messages:
            refusals.add(field, message)
    return refusals


@transaction.atomic
def note_record(*, actor: Actor, case: AbsenceCase, data: NoteInput) -> ConversationNote:
    """The manager or HR records a conversation: when, with whom, what was agreed."""
    if not policies.can_write_note(actor, case):
        raise Forbidden(_("Alleen HR en de eigen leidinggevende leggen een gesprek vast."))
    note_refusals(case, asdict(data)).raise_if_any()
    role = Role.HR if policies.is_hr(actor, case) else Role.MANAGER
    note = ConversationNote.objects.create(
        case=case, employer_id=case.employer_id, employee_id=case.employee_id,
        held_on=data.held_on, participants=data.participants.strip(),
        agreements=data.agreements.strip(), written_by_id=actor.user_id, author_role=role,
    )  # fmt: skip
    # The employee sees the note and may react to it (issue 19): the reaction page.
    notify(recipients=recipients.employee_users(case.employee_id), kind=Kind.CONVERSATION_NOTE,
           link=reverse("reintegration:note_reaction", args=[case.pk, note.pk]))  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE, target=note, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=PURPOSE, role=role,
        details={"case_id": case.pk},
    )  # fmt: skip
    return note


def reaction_refusals(reaction: str) -> Refusals:
    """Required, length and the medical-text guard for the employee's reaction."""
    errors: dict[str, list[str]] = {}
    _guard(errors, "reaction", reaction, required=True, limit=REACTION_LIMIT)
    refusals = Refusals()
    for message in errors.get("reaction", []):
        refusals.add("reaction", message)
    return refusals


@transaction.atomic
def note_react(*, actor: Actor, note: ConversationNote, reaction: str) -> ConversationNote:
    """The employee's reaction to a note of their own case. It is kept in the employer's
    re-integration file, so it passes the medical-text guard like the employee's view on
    the plan: not even the employee's own words about their health go in (R-SICK-4); the
    exception of R-SICK-7 is the emergency information only."""
    case = note.case
    if not policies.can_react_to_note(actor, case):
        raise Forbidden(_("Alleen de werknemer zelf reageert op een gespreksverslag."))
    reaction_refusals(reaction).raise_if_any()
    locked = ConversationNote.objects.select_for_update().get(pk=note.pk)
    locked.employee_reaction, locked.reaction_at = reaction.strip(), clock.now()
    locked.save(update_fields=["employee_reaction", "reaction_at", "updated_at"])
    audit_record(
        actor=actor, action=Action.UPDATE, target=locked, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=PURPOSE, role=Role.EMPLOYEE,
        details={"case_id": case.pk, "reaction": True},
    )  # fmt: skip
    locked.case = case
    return locked


# --- wage sanction and voluntary extension (issue 16) -------------------------------------


def _fmt(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def _day_refusals(refusals: Refusals, field: str, day: dt.date | None, case: AbsenceCase):
    """A date of a decision or request: not before the first sick day, not in the future."""
    if day is None:
        return
    if day < case.first_sick_day:
        refusals.add(field, _("Deze datum ligt voor de eerste ziektedag (%(day)s).")
                     % {"day": _fmt(case.first_sick_day)})  # fmt: skip
    elif day > clock.today():
        refusals.add(field, _("Deze datum kan niet in de toekomst liggen."))


def wage_sanction_refusals(
    case: AbsenceCase, *, decided_on: dt.date | None = None, starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Refusals:  # fmt: skip
    """Everything wrong with a wage sanction, at once: UWV imposes at most 52 weeks
    (art. 25 lid 9 WIA); a check whose input is missing (``None``) is skipped."""
    refusals = Refusals()
    _day_refusals(refusals, "decided_on", decided_on, case)
    if starts_on is not None and starts_on < case.first_sick_day:
        refusals.add("starts_on", _("De loonsanctie kan niet voor de eerste ziektedag (%(day)s) "
                                    "beginnen.") % {"day": _fmt(case.first_sick_day)})  # fmt: skip
    if starts_on is not None and ends_on is not None:
        days = (ends_on - starts_on).days + 1
        if ends_on < starts_on:
            refusals.add("ends_on", _("De laatste dag van de loonsanctie ligt voor de eerste dag."))
        elif days > rules.MAX_SANCTION_DAYS:
            refusals.add("ends_on", _(
                "Een loonsanctie duurt hooguit 52 weken (%(max)s dagen). Van %(start)s tot en "
                "met %(end)s is %(days)s dagen: neem de data over uit de beschikking van UWV."
            ) % {"max": rules.MAX_SANCTION_DAYS, "start": _fmt(starts_on), "end": _fmt(ends_on),
                 "days": days})  # fmt: skip
    return refusals


@transaction.atomic
def wage_sanction_record(
    *, actor: Actor, case: AbsenceCase, decided_on: dt.date, starts_on: dt.date, ends_on: dt.date
) -> WageSanction:
    """Record UWV's wage sanction as decided, or change it (a shortened sanction after a
    bekortingsverzoek): the end of the wage continuation and the tasks move with it."""
    _require_hr(actor, case)
    AbsenceCase.objects.select_for_update().filter(pk=case.pk).first()
    wage_sanction_refusals(
        case, decided_on=decided_on, starts_on=starts_on, ends_on=ends_on
    ).raise_if_any()
    sanction, created = WageSanction.objects.update_or_create(
        case=case,
        defaults={"employer_id": case.employer_id, "employee_id": case.employee_id,
                  "decided_on": decided_on, "starts_on": starts_on, "ends_on": ends_on,
                  "recorded_by_id": actor.user_id},
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE if created else Action.UPDATE, target=sanction,
        employer_id=case.employer_id, subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "record": "wage_sanction"},
    )  # fmt: skip
    tasks_sync(case)
    return sanction


def wage_extension_refusals(
    case: AbsenceCase, *, requested_on: dt.date | None = None,
    decided_on: dt.date | None = None, weeks: int | None = None,
) -> Refusals:  # fmt: skip
    """Everything wrong with a voluntary extension (art. 24 lid 1 WIA): 1 to 52 weeks,
    decided by UWV on or after the joint request."""
    refusals = Refusals()
    _day_refusals(refusals, "requested_on", requested_on, case)
    _day_refusals(refusals, "decided_on", decided_on, case)
    if requested_on is not None and decided_on is not None and decided_on < requested_on:
        refusals.add("decided_on", _("UWV beslist op of na de datum van het verzoek (%(day)s).")
                     % {"day": _fmt(requested_on)})  # fmt: skip
    if weeks is not None and not 1 <= weeks <= rules.MAX_EXTENSION_WEEKS:
        refusals.add("weeks", _("Een vrijwillige verlenging duurt 1 tot en met 52 weken "
                                "(artikel 24 WIA)."))  # fmt: skip
    return refusals


@transaction.atomic
def wage_extension_record(
    *, actor: Actor, case: AbsenceCase, requested_on: dt.date, decided_on: dt.date, weeks: int
) -> WageExtension:
    """Record the voluntary extension UWV agreed to: the end of the wage continuation, the
    WIA application and the steps before it move by its weeks."""
    _require_hr(actor, case)
    AbsenceCase.objects.select_for_update().filter(pk=case.pk).first()
    wage_extension_refusals(
        case, requested_on=requested_on, decided_on=decided_on, weeks=weeks
    ).raise_if_any()
    extension, created = WageExtension.objects.update_or_create(
        case=case,
        defaults={"employer_id": case.employer_id, "employee_id": case.employee_id,
                  "requested_on": requested_on, "decided_on": decided_on, "weeks": weeks,
                  "recorded_by_id": actor.user_id},
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE if created else Action.UPDATE, target=extension,
        employer_id=case.employer_id, subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "record": "wage_extension"},
    )  # fmt: skip
    tasks_sync(case)
    return extension


# --- the re-integration report's own statements (art. 6 Regeling procesgang) -------------

#: The employer-side texts of the report: field, required, limit.
STATEMENT_TEXTS = (
    ("job_description", True, 4000),
    ("suitable_work_judgement", True, 4000),
    ("employment_judgement", True, 2000),
)


def report_statement_refusals(**texts: str | None) -> Refusals:
    refusals = Refusals()
    errors: dict[str, list[str]] = {}
    for field, required, limit in STATEMENT_TEXTS:
        if texts.get(field) is not None:
            _guard(errors, field, texts[field] or "", required=required, limit=limit)
    for field, messages in errors.items():
        for message in messages:
            refusals.add(field, message)
    return refusals


# --- consultation appointments (spreekuur, issue 19) -------------------------------------
#
# The medical module plans; these functions keep the employer side's record of it (the
# way the advice reaches the employer side, DESIGN.md boundary 1): date, time, form and
# place, with whom (a role), and the status HR sees. No reason, no note, nothing medical.

#: The employee's reason for asking another appointment.
RESPONSE_REASON_LIMIT = 500


@dataclass(frozen=True)
class AppointmentInput:
    starts_at: dt.datetime
    duration_minutes: int
    mode: str
    place: str
    with_whom: str


def _appointment_errors(data: AppointmentInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not 5 <= data.duration_minutes <= 240:
        errors["duration_minutes"] = [_("Een afspraak duurt 5 tot 240 minuten.")]
    if data.mode not in AppointmentMode.values:
        errors["mode"] = [_("Kies spreekuur, telefonisch of video.")]
    if data.with_whom not in AppointmentWith.values:
        errors["with_whom"] = [_("Kies met wie de afspraak is.")]
    _guard(errors, "place", data.place, required=data.mode == AppointmentMode.PLACE, limit=200)
    return errors


def _appointment_hr_link(appointment: ConsultationAppointment) -> str:
    """The case file's consultations: date, time and attendance, never the reason."""
    return reverse("reintegration:case_file", args=[appointment.case_id]) + "#spreekuur"


def _appointment_notify(appointment: ConsultationAppointment) -> None:
    """Planned, moved or cancelled: the employee (the invitation), and HR, who sees on
    the case file only that it is planned and when (issue 19), the case manager first."""
    notify_many([
        (recipients.employee_users(appointment.employee_id), Kind.CONSULTATION,
         reverse("reintegration:appointment", args=[appointment.pk])),
        (selectors.case_hr_user_ids(appointment.case_id, appointment.employer_id),
         Kind.CONSULTATION, _appointment_hr_link(appointment)),
    ])  # fmt: skip


@transaction.atomic
def appointment_publish(
    *, actor: Actor, employee_id: int, source_ref: str, data: AppointmentInput
) -> ConsultationAppointment:
    """The medical module planned a consultation: record that it is planned, on the
    employee's open case, and invite the employee (a notification; its e-mail says only
    that something is waiting)."""
    case = (
        AbsenceCase.objects.filter(employee_id=employee_id, closed_on__isnull=True)
        .order_by("-first_sick_day", "-pk")
        .first()
    )
    if case is None:
        raise ServiceError(_("Een spreekuur plant u bij lopend verzuim: er is geen open "
                             "verzuimdossier van deze werknemer."))  # fmt: skip
    if not policies.can_publish_appointment(actor, case.employer_id):
        raise Forbidden(_("Alleen de bedrijfsarts van deze werkgever plant een spreekuur."))
    if errors := _appointment_errors(data):
        raise ServiceError(errors)
    appointment = ConsultationAppointment.objects.create(
        case=case, employer_id=case.employer_id, employee_id=case.employee_id,
        source_ref=source_ref, doctor_id=actor.on_behalf_of_id or actor.user_id,
        starts_at=data.starts_at, duration_minutes=data.duration_minutes, mode=data.mode,
        place=data.place.strip(), with_whom=data.with_whom,
    )  # fmt: skip
    _appointment_notify(appointment)
    audit_record(
        actor=actor, action=Action.CREATE, target=appointment, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "part": "consultation_appointment"},
    )  # fmt: skip
    return appointment


@transaction.atomic
def appointment_change(
    *, actor: Actor, source_ref: str, data: AppointmentInput | None = None,
    status: str | None = None,
) -> ConsultationAppointment:  # fmt: skip
    """The medical module moved (``data``), cancelled or recorded attendance
    (``status``) of a consultation. A move or cancellation tells the employee; a move
    asks their confirmation again."""
    appointment = (
        ConsultationAppointment.objects.select_for_update().filter(source_ref=source_ref).first()
    )
    if appointment is None:
        raise ServiceError(_("Deze afspraak is onbekend aan de kant van de werkgever."))
    if not policies.can_publish_appointment(actor, appointment.employer_id):
        raise Forbidden(_("Alleen de bedrijfsarts van deze werkgever plant een spreekuur."))
    if appointment.status == AppointmentStatus.CANCELLED:
        raise ServiceError(_("Deze afspraak is afgezegd en verandert niet meer."))
    fields = ["updated_at"]
    if data is not None:
        if errors := _appointment_errors(data):
            raise ServiceError(errors)
        appointment.starts_at, appointment.duration_minutes = data.starts_at, data.duration_minutes
        appointment.mode, appointment.place = data.mode, data.place.strip()
        appointment.with_whom, appointment.status = data.with_whom, AppointmentStatus.PLANNED
        appointment.sequence += 1
        appointment.response, appointment.response_reason, appointment.responded_at = "", "", None
        fields += ["starts_at", "duration_minutes", "mode", "place", "with_whom", "status",
                   "sequence", "response", "response_reason", "responded_at"]  # fmt: skip
    if status is not None:
        if status not in AppointmentStatus.values or status == AppointmentStatus.PLANNED:
            raise ServiceError(_("Kies verschenen, niet verschenen of afgezegd."))
        appointment.status = status
        if status == AppointmentStatus.CANCELLED:
            appointment.sequence += 1
            fields.append("sequence")
        fields.append("status")
    appointment.save(update_fields=fields)
    if data is not None or status == AppointmentStatus.CANCELLED:
        _appointment_notify(appointment)
    if status == AppointmentStatus.NO_SHOW:
        # HR may act on a no-show (issue 19): they hear that, with a link to the case
        # file's consultations, where they see the date and the attendance only.
        hr = selectors.case_hr_user_ids(appointment.case_id, appointment.employer_id)
        notify(recipients=hr, kind=Kind.CONSULTATION_NO_SHOW,
               link=_appointment_hr_link(appointment))  # fmt: skip
    audit_record(
        actor=actor, action=Action.UPDATE, target=appointment,
        employer_id=appointment.employer_id, subject_employee_id=appointment.employee_id,
        purpose=PURPOSE, details={"case_id": appointment.case_id, "moved": data is not None,
                                  "status": appointment.status},
    )  # fmt: skip
    return appointment


def response_refusals(response: str, reason: str) -> Refusals:
    errors: dict[str, list[str]] = {}
    if response not in (AppointmentResponse.CONFIRMED, AppointmentResponse.RESCHEDULE):
        errors["response"] = [_("Kies of u de afspraak bevestigt of een andere afspraak vraagt.")]
    # The reason is kept with the employer's record of the appointment, so it passes the
    # medical-text guard like every text there (R-SICK-3, R-SICK-4).
    _guard(errors, "reason", reason, required=response == AppointmentResponse.RESCHEDULE,
           limit=RESPONSE_REASON_LIMIT)  # fmt: skip
    refusals = Refusals()
    for field, messages in errors.items():
        for message in messages:
            refusals.add(field, message)
    return refusals


@transaction.atomic
def report_statement_record(
    *, actor: Actor, case: AbsenceCase, job_description: str, suitable_work_judgement: str,
    employment_judgement: str,
) -> ReportStatement:  # fmt: skip
    """The job description and the employer's current judgement on suitable work and on
    the employment relationship, for the re-integration report (art. 6 sub a and i–k);
    employer-side texts through the medical-text guard (R-SICK-3)."""
    _require_hr(actor, case)
    texts = {"job_description": job_description,
             "suitable_work_judgement": suitable_work_judgement,
             "employment_judgement": employment_judgement}  # fmt: skip
    report_statement_refusals(**texts).raise_if_any()
    statement, created = ReportStatement.objects.update_or_create(
        case=case,
        defaults={"employer_id": case.employer_id, "employee_id": case.employee_id,
                  **{k: v.strip() for k, v in texts.items()},
                  "updated_by_id": actor.user_id},
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE if created else Action.UPDATE, target=statement,
        employer_id=case.employer_id, subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "record": "report_statement"},
    )  # fmt: skip
    return statement


# --- expert opinion (deskundigenoordeel) and early IVA (issue 16) -------------------------


def _text_refusals(refusals: Refusals, field: str, text: str | None, *, required: bool,
                   limit: int) -> None:  # fmt: skip
    if text is None:
        return
    errors: dict[str, list[str]] = {}
    _guard(errors, field, text, required=required, limit=limit)
    for message in errors.get(field, []):
        refusals.add(field, message)


def expert_opinion_refusals(
    case: AbsenceCase, *, requested_on: dt.date | None = None, requested_by: str | None = None,
    subject: str | None = None, question: str | None = None,
) -> Refusals:  # fmt: skip
    refusals = Refusals()
    _day_refusals(refusals, "requested_on", requested_on, case)
    if requested_by is not None and requested_by not in OpinionRequestedBy.values:
        refusals.add("requested_by", _("Kies wie het deskundigenoordeel aanvroeg."))
    if subject is not None and subject not in OpinionSubject.values:
        refusals.add("subject", _("Kies de vraag aan UWV uit de lijst."))
    _text_refusals(refusals, "question", question, required=True, limit=2000)
    return refusals


def expert_opinion_outcome_refusals(
    opinion: ExpertOpinion, *, outcome_on: dt.date | None = None, outcome: str | None = None
) -> Refusals:
    """The outcome: a date and the employer's summary of UWV's conclusion, both or none."""
    refusals = Refusals()
    _day_refusals(refusals, "outcome_on", outcome_on, opinion.case)
    if outcome_on is not None and outcome_on < opinion.requested_on:
        refusals.add("outcome_on", _("Het oordeel kan niet voor de aanvraag (%(day)s) liggen.")
                     % {"day": _fmt(opinion.requested_on)})  # fmt: skip
    _text_refusals(refusals, "outcome", outcome, required=True, limit=2000)
    return refusals


@transaction.atomic
def expert_opinion_record(
    *, actor: Actor, case: AbsenceCase, requested_on: dt.date, requested_by: str, subject: str,
    question: str,
) -> ExpertOpinion:  # fmt: skip
    """Record that an expert opinion was asked of UWV (by the employer or the employee),
    on which question: an employer-side fact, no medical content (the guard checks it)."""
    _require_hr(actor, case)
    expert_opinion_refusals(
        case, requested_on=requested_on, requested_by=requested_by, subject=subject,
        question=question,
    ).raise_if_any()  # fmt: skip
    opinion = ExpertOpinion.objects.create(
        case=case, employer_id=case.employer_id, employee_id=case.employee_id,
        requested_on=requested_on, requested_by=requested_by, subject=subject,
        question=question.strip(), recorded_by_id=actor.user_id,
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE, target=opinion, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "record": "expert_opinion"},
    )  # fmt: skip
    return opinion


@transaction.atomic
def expert_opinion_outcome_record(
    *, actor: Actor, opinion: ExpertOpinion, outcome_on: dt.date, outcome: str
) -> ExpertOpinion:
    """Record (or correct) when UWV answered and what it concluded, in the employer's
    words."""
    case = opinion.case
    _require_hr(actor, case)
    expert_opinion_outcome_refusals(opinion, outcome_on=outcome_on, outcome=outcome).raise_if_any()
    opinion.outcome_on, opinion.outcome = outcome_on, outcome.strip()
    opinion.save(update_fields=["outcome_on", "outcome", "updated_at"])
    audit_record(
        actor=actor, action=Action.UPDATE, target=opinion, employer_id=case.employer_id,
        subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "record": "expert_opinion_outcome"},
    )  # fmt: skip
    return opinion


def early_iva_window(case: AbsenceCase) -> tuple[dt.date, dt.date] | None:
    """The first and last day an early IVA application is possible for the case: the
    start of week 3 to the end of week 68 on the case's clock (art. 23 lid 6 WIA)."""
    line = case_timeline(case)
    if line is None:
        return None
    return line.date_of_day(timeline.EARLY_IVA_WINDOW_DAY), line.date_of_day(timeline.EARLY_IVA_DAY)


def early_iva_refusals(
    case: AbsenceCase, *, chosen_on: dt.date | None = None, applied_on: dt.date | None = None
) -> Refusals:
    refusals = Refusals()
    _day_refusals(refusals, "chosen_on", chosen_on, case)
    _day_refusals(refusals, "applied_on", applied_on, case)
    if chosen_on is not None and applied_on is not None and applied_on < chosen_on:
        refusals.add("applied_on", _("De aanvraag kan niet voor het besluit (%(day)s) liggen.")
                     % {"day": _fmt(chosen_on)})  # fmt: skip
    window = early_iva_window(case) if applied_on is not None else None
    if applied_on is not None and window is not None and not window[0] <= applied_on <= window[1]:
        refusals.add("applied_on", _(
            "Een vervroegde IVA-aanvraag kan van week 3 tot en met week 68 van de ziekte: "
            "van %(first)s tot en met %(last)s."
        ) % {"first": _fmt(window[0]), "last": _fmt(window[1])})  # fmt: skip
    return refusals


@transaction.atomic
def early_iva_record(
    *, actor: Actor, case: AbsenceCase, chosen_on: dt.date, applied_on: dt.date | None = None
) -> EarlyIva:
    """Record that the employee chose to apply for IVA early, and when the application
    went in: the optional milestone appears on the timeline and as the employee's task."""
    _require_hr(actor, case)
    AbsenceCase.objects.select_for_update().filter(pk=case.pk).first()
    early_iva_refusals(case, chosen_on=chosen_on, applied_on=applied_on).raise_if_any()
    choice, created = EarlyIva.objects.update_or_create(
        case=case,
        defaults={"employer_id": case.employer_id, "employee_id": case.employee_id,
                  "chosen_on": chosen_on, "applied_on": applied_on,
                  "recorded_by_id": actor.user_id},
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE if created else Action.UPDATE, target=choice,
        employer_id=case.employer_id, subject_employee_id=case.employee_id, purpose=PURPOSE,
        details={"case_id": case.pk, "record": "early_iva"},
    )  # fmt: skip
    tasks_sync(case)
    return choice


@transaction.atomic
def appointment_respond(
    *, actor: Actor, appointment: ConsultationAppointment, response: str, reason: str = ""
) -> ConsultationAppointment:
    """The employee confirms the appointment or asks for another one, with a reason.
    The doctor sees it in the agenda and is told (a notification)."""
    if not policies.sees_appointment_details(actor, appointment):
        raise Forbidden(_("Alleen de werknemer zelf reageert op een uitnodiging."))
    locked = ConsultationAppointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.status != AppointmentStatus.PLANNED or locked.starts_at < clock.now():
        raise ServiceError(_("Op deze afspraak kunt u niet meer reageren."))
    response_refusals(response, reason).raise_if_any()
    locked.response = response
    locked.response_reason = reason.strip() if response == AppointmentResponse.RESCHEDULE else ""
    locked.responded_at = clock.now()
    locked.save(update_fields=["response", "response_reason", "responded_at", "updated_at"])
    if locked.doctor_id is not None:
        notify(recipients=[locked.doctor_id], kind=Kind.CONSULTATION_ANSWERED,
               link=reverse("medical:agenda"))  # fmt: skip
    audit_record(
        actor=actor, action=Action.UPDATE, target=locked, employer_id=locked.employer_id,
        subject_employee_id=locked.employee_id, purpose=PURPOSE, role=Role.EMPLOYEE,
        details={"case_id": locked.case_id, "response": response},
    )  # fmt: skip
    return locked
