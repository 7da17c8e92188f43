"""The re-integration file (re-integratiedossier, R-REINT-2) of one absence case.

What the employer side keeps about the Wet verbetering poortwachter process: the plan of
action and every revision of it, the evaluations, the notifications to UWV, reports of
third parties (case manager, re-integration agency) and the tasks the timeline gives
each role. Nothing here holds the nature or cause of the illness: the only input from
the company doctor is the published advice (``absences.PublishedAdvice``, R-DOC-1), and
every free text the employer side writes passes the medical-text guard (R-SICK-3).

Rows refer to the case, the employer and the employee. Retention (R-RET-2) deletes the
file two years after the re-integration is completed (``reintegration.retention``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.expressions import Combinable
from django.utils.translation import gettext_lazy as _

from poortwachter.absences.models import AbsenceCase
from poortwachter.core.models import TimeStampedModel
from poortwachter.organisations.models import Employee


class _ReverseNamedByModel(models.ForeignKey):
    """A foreign key of an abstract model whose reverse name each concrete model gives in
    the class attribute ``reverse_attr``: the reverse names (``case.evaluations``,
    ``employee.reintegration_tasks``, ...) differ per model and cannot be spelled with
    ``%(class)s``. Its migrations see a plain ``ForeignKey`` with that related_name."""

    def __init__(self, *args, reverse_attr: str | None = None, **kwargs):
        self.reverse_attr = reverse_attr
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        if self.reverse_attr and not cls._meta.abstract:
            self.remote_field.related_name = getattr(cls, self.reverse_attr)
        super().contribute_to_class(cls, name, *args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        if self.remote_field.related_name is not None:
            kwargs["related_name"] = self.remote_field.related_name
        return name, "django.db.models.ForeignKey", args, kwargs


class CaseRecord(models.Model):
    """A part of one case's re-integration file: the case, and the case's employer and
    employee, kept on the row so scopes filter by tenant and person without a join.
    Each model names the reverse accessors in ``case_related_name`` and
    ``employee_related_name``."""

    case_related_name: str
    employee_related_name: str

    case: models.ForeignKey[AbsenceCase | Combinable, AbsenceCase] = _ReverseNamedByModel(
        "absences.AbsenceCase", on_delete=models.PROTECT, reverse_attr="case_related_name"
    )  # type: ignore[assignment]  # the stubs type only a plain ForeignKey by its target
    employer = models.ForeignKey("organisations.Employer", on_delete=models.PROTECT)
    employee: models.ForeignKey[Employee | Combinable, Employee] = _ReverseNamedByModel(
        "organisations.Employee", on_delete=models.PROTECT,
        reverse_attr="employee_related_name",
    )  # type: ignore[assignment]  # fmt: skip

    class Meta:
        abstract = True


class PlanOfAction(TimeStampedModel, CaseRecord):
    """The plan of action (plan van aanpak, art. 4 Regeling procesgang) of one case. Its
    content lives in ``PlanVersion``: the highest number is the current version."""

    employee_related_name = "plans_of_action"

    #: One plan per case.
    case = models.OneToOneField(
        "absences.AbsenceCase", on_delete=models.PROTECT, related_name="plan_of_action"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")

    def __str__(self) -> str:
        return f"plan van aanpak {self.case_id}"


class PlanSignature(models.TextChoices):
    """How the employee signed a version (issue 15): signing is not agreeing. "Gezien"
    confirms receipt for the record; the employee's view says where they disagree."""

    AGREED = "akkoord", _("voor akkoord")
    SEEN = "gezien", _("voor gezien (ontvangen, niet akkoord)")


class PlanVersion(models.Model):
    """One version of the plan: the first one and every revision (bijstelling). A version
    is never changed after it is saved, except that the employee adds their view and
    signs it; once signed it is frozen, and a change makes a new version."""

    plan = models.ForeignKey(PlanOfAction, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    drawn_up_on = models.DateField(_("opgesteld op"))
    activities = models.TextField(_("activiteiten"), max_length=4000)
    goals = models.TextField(_("doelen"), max_length=2000)
    goal_date = models.DateField(_("termijn: doel bereikt uiterlijk op"))
    evaluation_moments = models.TextField(_("evaluatiemomenten"), max_length=1000)
    next_evaluation_on = models.DateField(_("eerstvolgende evaluatie"))
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("casemanager"),
    )  # fmt: skip
    #: The company doctor's published advice the plan is based on (R-REINT-1).
    advice = models.ForeignKey(
        "absences.PublishedAdvice", on_delete=models.PROTECT, related_name="plan_versions",
        verbose_name=_("advies van de bedrijfsarts"),
    )  # fmt: skip
    employer_view = models.TextField(_("visie van de werkgever"), max_length=2000)
    employee_view = models.TextField(_("visie van de werknemer"), max_length=2000, blank=True)
    employee_view_at = models.DateTimeField(null=True, blank=True)
    change_reason = models.TextField(_("reden van de bijstelling"), max_length=1000, blank=True)
    #: Names of the fields that differ from the previous version ("who changed what").
    changed_fields = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    signed_at = models.DateTimeField(_("ondertekend op"), null=True, blank=True)
    #: "akkoord" or "gezien" once signed, empty before.
    signature = models.CharField(
        _("ondertekend"), max_length=8, choices=PlanSignature.choices, blank=True
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("versie van het plan van aanpak")
        verbose_name_plural = _("versies van het plan van aanpak")
        constraints = [
            # Two revisions based on the same version cannot both become the next one.
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique"),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | ~Q(employee_view=""),
                name="plan_version_signed_with_view",
            ),
            # A signature says which: for agreement or for receipt, never neither.
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True, signature="")
                | Q(signed_at__isnull=False, signature__in=PlanSignature.values),
                name="plan_version_signature_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"plan {self.plan_id} versie {self.number}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_agreed(self) -> bool:
        return self.signature == PlanSignature.AGREED

    @property
    def is_seen_only(self) -> bool:
        """Signed for receipt: the employee does not agree (their view says why)."""
        return self.signature == PlanSignature.SEEN


class EvaluationKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodieke evaluatie")
    FIRST_YEAR = "first_year", _("Eerstejaarsevaluatie")
    FINAL = "final", _("Eindevaluatie")


class Evaluation(TimeStampedModel, CaseRecord):
    """A meeting of employer and employee about the plan (at least every six weeks), the
    first-year evaluation (weeks 46-52) or the final evaluation (week 91)."""

    case_related_name = "evaluations"
    employee_related_name = "evaluations"

    kind = models.CharField(_("soort"), max_length=16, choices=EvaluationKind.choices)
    held_on = models.DateField(_("gehouden op"))
    outcome = models.TextField(_("uitkomst en afspraken"), max_length=4000)
    employer_view = models.TextField(_("visie van de werkgever"), max_length=2000)
    employee_view = models.TextField(_("visie van de werknemer"), max_length=2000, blank=True)
    plan_needs_revision = models.BooleanField(_("het plan van aanpak moet worden bijgesteld"))
    #: An agreement meant to last (e.g. about the employee's position): retention copies
    #: it to a personnel-file note before the file is deleted (R-RET-5).
    long_term_agreement = models.TextField(
        _("afspraak voor de lange termijn"), max_length=1000, blank=True
    )
    #: The plan version in force when the evaluation was held, if there was one.
    plan_version = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d-%m-%Y}"


class NotificationKind(models.TextChoices):
    WEEK_42 = "week_42", _("Melding langdurig arbeidsongeschikt (42e week)")
    SAFETY_NET = "safety_net", _("Ziekmelding vangnet bij UWV")
    #: After a 42nd-week notification, the employee's full recovery (issue 16).
    RECOVERY = "recovery", _("Hersteldmelding aan UWV")
    #: Sick on the last day of the employment: UWV takes over (Ziektewet).
    LEFT_SERVICE = "left_service", _("Ziekmelding bij einde dienstverband")


class SentVia(models.TextChoices):
    PORTAL = "portal", _("Werkgeversportaal UWV (eHerkenning)")
    DIGIPOORT = "digipoort", _("Digipoort (salarispakket of verzuimsysteem)")
    FORM = "form", _("Papieren formulier")


class UwvNotification(TimeStampedModel, CaseRecord):
    """A notification the employer must send to UWV, with the data it needs and its
    deadline, and the record of when and how it was sent. For a safety-net case the file
    records only *that* a safety-net provision applies, never which one (R-SICK-1)."""

    case_related_name = "uwv_notifications"
    employee_related_name = "uwv_notifications"

    kind = models.CharField(_("soort melding"), max_length=16, choices=NotificationKind.choices)
    due_on = models.DateField(_("uiterlijk te melden op"))
    sent_on = models.DateField(_("verstuurd op"), null=True, blank=True)
    sent_via = models.CharField(
        _("verstuurd via"), max_length=16, choices=SentVia.choices, blank=True
    )
    reference = models.CharField(_("kenmerk of ontvangstbevestiging"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("melding aan UWV")
        verbose_name_plural = _("meldingen aan UWV")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="uwv_notification_once"),
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | ~Q(sent_via=""),
                name="uwv_notification_sent_how",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id}"

    @property
    def is_sent(self) -> bool:
        return self.sent_on is not None

    @property
    def days_late(self) -> int | None:
        """Days it was sent after its deadline; ``None`` when sent in time or not sent: a
        late notification is shown as late, not as plain "verstuurd" (issue 16)."""
        if self.sent_on is None or self.sent_on <= self.due_on:
            return None
        return (self.sent_on - self.due_on).days


class ReportAuthor(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Casemanager")
    AGENCY = "agency", _("Re-integratiebureau")
    OTHER = "other", _("Andere deskundige (bijvoorbeeld arbeidsdeskundige)")


class ThirdPartyReport(CaseRecord):
    """A report of a third party in the file (R-REINT-2), stored in the main database:
    PDF, PNG or JPEG as its first bytes say, at most 10 MB."""

    case_related_name = "third_party_reports"
    employee_related_name = "third_party_reports"

    title = models.CharField(_("omschrijving"), max_length=200)
    author = models.CharField(_("opgesteld door"), max_length=16, choices=ReportAuthor.choices)
    received_on = models.DateField(_("ontvangen op"))
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("rapport van een derde")
        verbose_name_plural = _("rapporten van derden")

    def __str__(self) -> str:
        return f"rapport {self.pk} ({self.received_on:%d-%m-%Y})"


class TaskRole(models.TextChoices):
    HR = "hr", _("HR / casemanager")
    DOCTOR = "doctor", _("Bedrijfsarts")
    EMPLOYEE = "employee", _("Werknemer")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Afgerond")
    SKIPPED = "skipped", _("Vervallen")


class Task(TimeStampedModel, CaseRecord):
    """One milestone of the case's Poortwachter timeline as work for one role, kept in
    step with the timeline by ``services.tasks_sync``."""

    case_related_name = "tasks"
    employee_related_name = "reintegration_tasks"

    #: The timeline's stable milestone code, and for recurring ones (evaluations) its number.
    code = models.CharField(max_length=48)
    n = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("taak"), max_length=200)
    role = models.CharField(_("voor"), max_length=16, choices=TaskRole.choices)
    #: HR organises it, together with the employee (plan, evaluations, the report).
    with_employee = models.BooleanField(_("samen met de werknemer"), default=False)
    due_on = models.DateField(_("uiterlijk op"))
    window_start = models.DateField(null=True, blank=True)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_on = models.DateField(_("afgerond op"), null=True, blank=True)
    #: Who marked it done by hand; empty when the file itself shows it was done.
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        constraints = [
            models.UniqueConstraint(fields=["case", "code", "n"], name="task_once_per_milestone"),
        ]
        indexes = [
            models.Index(fields=["employer", "status", "due_on"]),
            models.Index(fields=["employee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.due_on:%d-%m-%Y})"

    @property
    def days_late(self) -> int | None:
        """Days it was done after its due date; ``None`` when done in time or not done:
        a late step is shown as late, not as plain "done" (issue 16)."""
        if self.status != TaskStatus.DONE or self.done_on is None or self.done_on <= self.due_on:
            return None
        return (self.done_on - self.due_on).days


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("herinnering voor de termijn")
    AFTER = "after", _("herinnering na de termijn")


class TaskReminder(models.Model):
    """That a reminder of one kind was (or is being) sent for a task: at most one per
    task and kind, whatever the scheduler or the worker does twice."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    queued_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("herinnering")
        constraints = [
            models.UniqueConstraint(fields=["task", "kind"], name="reminder_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.task_id}"


class CaseManagerAssignment(CaseRecord):
    """Who is the case's case manager from when, as HR assigned it (issue 19): a history
    of who changed it, when, from whom and to whom. The newest row is the current case
    manager; a case without rows falls back to the one named in its plan of action.
    A case manager is a user holding HR at the employer (``selectors.case_managers``):
    the employer side has no separate case-manager role (``core.roles``)."""

    case_related_name = "case_manager_assignments"
    employee_related_name = "case_manager_assignments"

    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("casemanager"),
    )  # fmt: skip
    previous = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("vorige casemanager"),
    )  # fmt: skip
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("toegewezen door"),
    )  # fmt: skip
    assigned_at = models.DateTimeField(_("toegewezen op"))

    class Meta:
        ordering = ["case", "assigned_at", "id"]
        verbose_name = _("toewijzing casemanager")
        verbose_name_plural = _("toewijzingen casemanager")
        indexes = [models.Index(fields=["case", "-assigned_at"])]

    def __str__(self) -> str:
        return f"casemanager {self.case_id} {self.assigned_at:%d-%m-%Y}"


class ConversationNote(TimeStampedModel, CaseRecord):
    """A report (gespreksverslag) of an absence conversation the Poortwachter process asks
    for, written by the manager or HR (issue 19): when, who took part and what was agreed.
    Part of the re-integration file and its retention (R-REINT-2, R-RET-2). Every text
    passes the medical-text guard, the employee's reaction too (R-SICK-3, R-SICK-4)."""

    case_related_name = "conversation_notes"
    employee_related_name = "conversation_notes"

    held_on = models.DateField(_("datum van het gesprek"))
    participants = models.CharField(_("deelnemers"), max_length=300)
    agreements = models.TextField(_("gemaakte afspraken"), max_length=4000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The role the author wrote it in: "manager" or "hr".
    author_role = models.CharField(max_length=16)
    employee_reaction = models.TextField(_("reactie van de werknemer"), max_length=2000, blank=True)
    reaction_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("gespreksverslag")
        verbose_name_plural = _("gespreksverslagen")

    def __str__(self) -> str:
        return f"gespreksverslag {self.case_id} {self.held_on:%d-%m-%Y}"


class PersonnelFileNote(models.Model):
    """A long-term agreement from a re-integration file, kept in the personnel file when
    the file itself is deleted (R-RET-5). It goes with the employee record (R-RET-1)."""

    employer = models.ForeignKey("organisations.Employer", on_delete=models.PROTECT)
    #: CASCADE: a note made in the purge that deletes the employee record goes with it.
    employee = models.ForeignKey(
        "organisations.Employee", on_delete=models.CASCADE, related_name="personnel_file_notes"
    )
    agreed_on = models.DateField(_("afgesproken op"))
    text = models.TextField(_("afspraak"), max_length=1000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["agreed_on", "id"]
        verbose_name = _("notitie personeelsdossier")
        verbose_name_plural = _("notities personeelsdossier")

    def __str__(self) -> str:
        return f"notitie {self.employee_id} {self.agreed_on:%d-%m-%Y}"


class ReportStatement(TimeStampedModel, CaseRecord):
    """What the re-integration report (art. 6 Regeling procesgang) needs from the employer
    beyond the rest of the file (issue 16): the job description (sub a) and the current
    judgement on suitable work and on the employment relationship (sub i–k). Employer-side
    texts: each passes the medical-text guard (R-SICK-3)."""

    employee_related_name = "report_statements"

    #: One per case; changed in place, the latest text is the current judgement.
    case = models.OneToOneField(
        "absences.AbsenceCase", on_delete=models.PROTECT, related_name="report_statement"
    )
    job_description = models.TextField(_("functieomschrijving"), max_length=4000)
    suitable_work_judgement = models.TextField(
        _("actueel oordeel over passend werk"), max_length=4000
    )
    employment_judgement = models.TextField(
        _("actueel oordeel over de arbeidsverhouding"), max_length=2000
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("gegevens werkgever voor het re-integratieverslag")
        verbose_name_plural = _("gegevens werkgever voor het re-integratieverslag")

    def __str__(self) -> str:
        return f"verslaggegevens {self.case_id}"


class OpinionSubject(models.TextChoices):
    """What UWV is asked (deskundigenoordeel, uwv.nl) [B: the list UWV's request form
    offers, in the employer's words]."""

    SUITABLE_WORK = "suitable_work", _("Is het werk dat de werkgever aanbiedt passend?")
    REINTEGRATION_EFFORTS = "efforts", _("Doen werkgever en werknemer genoeg aan re-integratie?")
    FIT_FOR_OWN_WORK = "own_work", _("Kan de werknemer het eigen werk doen?")
    OTHER = "other", _("Een andere vraag over de re-integratie")


class OpinionRequestedBy(models.TextChoices):
    EMPLOYER = "employer", _("De werkgever")
    EMPLOYEE = "employee", _("De werknemer")


class ExpertOpinion(TimeStampedModel, CaseRecord):
    """A request to UWV for an expert opinion (deskundigenoordeel) and its outcome, as an
    employer-side fact (issue 16): when, by whom, on which question, when UWV answered and
    what it concluded in the employer's words. No medical content: every text passes the
    medical-text guard (R-SICK-3); UWV's letter itself is not stored here."""

    case_related_name = "expert_opinions"
    employee_related_name = "expert_opinions"

    requested_on = models.DateField(_("aangevraagd op"))
    requested_by = models.CharField(
        _("aangevraagd door"), max_length=16, choices=OpinionRequestedBy.choices
    )
    subject = models.CharField(_("vraag aan UWV"), max_length=16, choices=OpinionSubject.choices)
    question = models.TextField(_("toelichting op de vraag"), max_length=2000)
    outcome_on = models.DateField(_("oordeel ontvangen op"), null=True, blank=True)
    outcome = models.TextField(_("oordeel van UWV"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["requested_on", "id"]
        verbose_name = _("deskundigenoordeel")
        verbose_name_plural = _("deskundigenoordelen")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True, outcome="")
                | (Q(outcome_on__isnull=False) & ~Q(outcome="")),
                name="expert_opinion_outcome_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"deskundigenoordeel {self.case_id} {self.requested_on:%d-%m-%Y}"


class EarlyIva(TimeStampedModel, CaseRecord):
    """That the employee chose to apply for an IVA benefit early (verkorte wachttijd,
    art. 23 lid 6 and art. 66 WIA; possible from week 3 up to week 68), and when the
    application went in: the timeline then shows it as a milestone (issue 16). Only the
    choice and the dates: the doctor's statement that goes with it is not kept here."""

    employee_related_name = "early_iva"

    case = models.OneToOneField(
        "absences.AbsenceCase", on_delete=models.PROTECT, related_name="early_iva"
    )
    chosen_on = models.DateField(_("besloten op"))
    applied_on = models.DateField(_("aangevraagd bij UWV op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("vervroegde IVA-aanvraag")
        verbose_name_plural = _("vervroegde IVA-aanvragen")

    def __str__(self) -> str:
        return f"vervroegde IVA {self.case_id}"


class AppointmentMode(models.TextChoices):
    """Where the consultation takes place: the kinds the doctor plans (spreekuur)."""

    PLACE = "place", _("op het spreekuur")
    PHONE = "phone", _("telefonisch")
    VIDEO = "video", _("video")


class AppointmentWith(models.TextChoices):
    DOCTOR = "doctor", _("de bedrijfsarts")
    ASSISTANT = "assistant", _("de praktijkondersteuner")
    LABOUR_EXPERT = "labour_expert", _("de arbeidsdeskundige")


class AppointmentStatus(models.TextChoices):
    """What HR sees: planned, and then attended, did not attend or cancelled."""

    PLANNED = "planned", _("gepland")
    ATTENDED = "attended", _("verschenen")
    NO_SHOW = "no_show", _("niet verschenen")
    CANCELLED = "cancelled", _("afgezegd door de arbodienst")


class AppointmentResponse(models.TextChoices):
    NONE = "", _("nog geen reactie")
    CONFIRMED = "confirmed", _("bevestigd")
    RESCHEDULE = "reschedule", _("vraagt om een andere afspraak")


class ConsultationAppointment(TimeStampedModel, CaseRecord):
    """The employer side's record of a consultation the company doctor planned (issue
    19): *that* a consultation is planned, when and how, and whether the employee came.
    Written only by the medical module through ``services.appointment_publish`` and
    ``appointment_change`` (the way the advice reaches the employer side); the reason of
    the consultation stays in the medical file. HR reads date, time and status only; the
    employee reads the rest (``selectors``). Part of the re-integration file (R-REINT-2)
    and its retention (R-RET-2)."""

    case_related_name = "consultation_appointments"
    employee_related_name = "consultation_appointments"

    #: The medical module's own reference (its appointment UUID): opaque on this side.
    source_ref = models.CharField(max_length=64, unique=True)
    doctor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(_("datum en tijd"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur in minuten"))
    mode = models.CharField(_("vorm"), max_length=8, choices=AppointmentMode.choices)
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    with_whom = models.CharField(_("met"), max_length=16, choices=AppointmentWith.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=AppointmentStatus.choices,
        default=AppointmentStatus.PLANNED,
    )  # fmt: skip
    #: Raised each time the date, time or place changes (the iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    response = models.CharField(
        _("reactie"), max_length=16, choices=AppointmentResponse.choices, blank=True
    )
    response_reason = models.TextField(_("reden"), max_length=500, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("afspraak spreekuur")
        verbose_name_plural = _("afspraken spreekuur")

    def __str__(self) -> str:
        return f"afspraak spreekuur {self.case_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_no_show(self) -> bool:
        return self.status == AppointmentStatus.NO_SHOW

    @property
    def status_label(self) -> str:
        return str(AppointmentStatus(self.status).label)
