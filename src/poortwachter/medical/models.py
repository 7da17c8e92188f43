"""The company doctor's medical file (data category C, R-MED-1).

Everything here lives in the medical database (``config.routers.MedicalRouter``) and
refers to employees, employers and users by plain id: there is no foreign key into the
employer's data and none out of it. Content fields are encrypted per record
(``EncryptedModel``: AES-256-GCM, a data key per row wrapped by the key-encryption key,
bound to table, field and row). Identifiers, dates and kinds stay readable so the file
can be ordered and scoped without decrypting.
"""

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from poortwachter.audit.models import ChainCheckpointFields, ChainedAccessEvent, ChainHeadFields
from poortwachter.medical.encryption import EncryptedModel


class MedicalFile(models.Model):
    """One file per employee record, opened by the doctor on first contact."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    employee_id = models.BigIntegerField(unique=True)
    employer_id = models.BigIntegerField(db_index=True)
    opened_at = models.DateTimeField()
    opened_by_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"medisch dossier van werknemer {self.employee_id}"


class Delegation(models.Model):
    """A doctor lets an assistant (praktijkondersteuner, casemanager) work on one file;
    the assistant's every access is recorded on the doctor's behalf (NEN 7513)."""

    file = models.ForeignKey(MedicalFile, on_delete=models.CASCADE, related_name="delegations")
    doctor_id = models.BigIntegerField()
    assistant_id = models.BigIntegerField(db_index=True)
    since = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["file", "assistant_id"],
                condition=models.Q(until__isnull=True),
                name="medical_one_open_delegation",
            )
        ]

    def __str__(self) -> str:
        return f"delegatie {self.file_id} aan {self.assistant_id}"


class Entry(EncryptedModel):
    """Common to every part of the file: which file, who wrote it, when."""

    file = models.ForeignKey(MedicalFile, on_delete=models.CASCADE, related_name="+")
    author_id = models.BigIntegerField()
    on_behalf_of_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        abstract = True


class CorrectableEntry(Entry):
    """A part of the file that is corrected, never edited: a correction is a new row
    that ``supersedes`` the old one, with who (``author_id``), when (``created_at``) and
    why (``correction_reason``, encrypted like the content). The old row stays, readable
    to the medical roles in the file's history (issue 15)."""

    #: RESTRICT, not PROTECT: a file's entries are deleted together (retention).
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="superseded_by"
    )
    correction_reason_enc = models.BinaryField(null=True)
    supersedes_id: uuid.UUID | None

    class Meta:
        abstract = True


class ConsultationKind(models.TextChoices):
    SPREEKUUR = "spreekuur", _("spreekuur")
    PHONE = "phone", _("telefonisch consult")
    VIDEO = "video", _("videoconsult")
    HOME = "home", _("huisbezoek")


class Consultation(CorrectableEntry):
    held_on = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=16, choices=ConsultationKind.choices)
    notes_enc = models.BinaryField(null=True)
    #: The planned appointment this consultation record started from (issue 19).
    appointment = models.ForeignKey(
        "medical.Appointment", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="consultations",
    )  # fmt: skip

    ENCRYPTED_FIELDS = ("notes", "correction_reason")

    class Meta:
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"consult {self.held_on}"


class Diagnosis(CorrectableEntry):
    """Complaints and diagnosis with their CAS code (complaint or disease code)."""

    recorded_on = models.DateField(_("datum"))
    complaints_enc = models.BinaryField(null=True)
    diagnosis_enc = models.BinaryField(null=True)
    cas_code_enc = models.BinaryField(null=True)

    ENCRYPTED_FIELDS = ("complaints", "diagnosis", "cas_code", "correction_reason")

    class Meta:
        ordering = ["-recorded_on", "-created_at"]

    def __str__(self) -> str:
        return f"diagnose {self.recorded_on}"


class Treatment(CorrectableEntry):
    started_on = models.DateField(_("begonnen op"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    description_enc = models.BinaryField(null=True)
    practitioner_enc = models.BinaryField(null=True)

    ENCRYPTED_FIELDS = ("description", "practitioner", "correction_reason")

    class Meta:
        ordering = ["-started_on", "-created_at"]

    def __str__(self) -> str:
        return f"behandeling vanaf {self.started_on}"


class ProblemAnalysis(CorrectableEntry):
    """The doctor's problem analysis (probleemanalyse, week 6): the medical part."""

    drawn_up_on = models.DateField(_("datum"))
    analysis_enc = models.BinaryField(null=True)

    ENCRYPTED_FIELDS = ("analysis", "correction_reason")

    class Meta:
        ordering = ["-drawn_up_on", "-created_at"]

    def __str__(self) -> str:
        return f"probleemanalyse {self.drawn_up_on}"


class FunctionalAbilities(CorrectableEntry):
    """Limitations and remaining capabilities in the style of UWV's FML: per section
    whether the employee is limited and how, stored as encrypted JSON."""

    assessed_on = models.DateField(_("datum"))
    sections_enc = models.BinaryField(null=True)
    capabilities_enc = models.BinaryField(null=True)

    ENCRYPTED_FIELDS = ("sections", "capabilities", "correction_reason")

    class Meta:
        ordering = ["-assessed_on", "-created_at"]

    def __str__(self) -> str:
        return f"FML {self.assessed_on}"


class IncapacityAssessment(CorrectableEntry):
    """The degree of work incapacity as the doctor establishes it (R-INC-1). It reaches
    the employer only through a published advice."""

    assessed_on = models.DateField(_("datum"))
    percentage_enc = models.BinaryField(null=True)
    explanation_enc = models.BinaryField(null=True)

    ENCRYPTED_FIELDS = ("percentage", "explanation", "correction_reason")

    class Meta:
        ordering = ["-assessed_on", "-created_at"]

    def __str__(self) -> str:
        return f"arbeidsongeschiktheid {self.assessed_on}"


class Document(Entry):
    """A letter or report from a specialist, uploaded by the doctor; served only to the
    medical roles, as an attachment."""

    received_on = models.DateField(_("ontvangen op"))
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    title_enc = models.BinaryField(null=True)
    data_enc = models.BinaryField(null=True)

    ENCRYPTED_FIELDS = ("title", "data")

    class Meta:
        ordering = ["-received_on", "-created_at"]

    def __str__(self) -> str:
        return f"document {self.received_on}"


class WorkingNote(Entry):
    """The doctor's personal working notes (persoonlijke werkaantekeningen): seen by
    their author only and never part of the employee's copy (KNMG)."""

    text_enc = models.BinaryField(null=True)

    ENCRYPTED_FIELDS = ("text",)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"werkaantekening {self.created_at:%Y-%m-%d}"


class Advice(Entry):
    """The doctor's advice to the employer with exactly the R-DOC-1 items. A draft until
    published; publishing copies it to the employer side (``absences.PublishedAdvice``),
    the only path from doctor to employer."""

    advised_on = models.DateField(_("datum"))
    published_at = models.DateTimeField(null=True, blank=True)
    published_advice_id = models.BigIntegerField(null=True, blank=True)
    work_possible_enc = models.BinaryField(null=True)
    work_not_possible_enc = models.BinaryField(null=True)
    implications_enc = models.BinaryField(null=True)
    expected_duration_enc = models.BinaryField(null=True)
    expected_return_enc = models.BinaryField(null=True)
    incapacity_percentage_enc = models.BinaryField(null=True)
    adjustments_enc = models.BinaryField(null=True)

    ENCRYPTED_FIELDS = (
        "work_possible",
        "work_not_possible",
        "implications",
        "expected_duration",
        "expected_return",
        "incapacity_percentage",
        "adjustments",
    )

    class Meta:
        ordering = ["-advised_on", "-created_at"]

    def __str__(self) -> str:
        return f"advies {self.advised_on}"


class CopyRequest(models.Model):
    """The employee asked for a copy of their file; the doctor produced and handed it
    over (the request and the hand-over are recorded)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.ForeignKey(MedicalFile, on_delete=models.CASCADE, related_name="copies")
    requested_on = models.DateField(_("gevraagd op"))
    recorded_by_id = models.BigIntegerField()
    produced_at = models.DateTimeField(null=True, blank=True)
    produced_format = models.CharField(max_length=8, blank=True)
    handed_over_on = models.DateField(_("overhandigd op"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_on"]

    def __str__(self) -> str:
        return f"afschrift gevraagd {self.requested_on}"


class FileOwner(EncryptedModel):
    """Whose file this is, kept by the medical module itself (issue 16, R-RET-3/4).

    The employer side deletes the employee record two years after the employment ends
    (R-RET-1); the doctor's file runs much longer. Before the purge deletes anything of
    the employee on the employer side, it copies here the least that keeps the file
    attached to a person (name and date of birth, encrypted) and the facts its own term
    needs once the employer side has forgotten them: the start of the WGA period
    (R-RET-4) and the legal holds, as dates. See ``medical.retention``."""

    file = models.OneToOneField(MedicalFile, on_delete=models.CASCADE, related_name="owner")
    recorded_at = models.DateTimeField()
    name_enc = models.BinaryField(null=True)
    date_of_birth_enc = models.BinaryField(null=True)
    #: The latest end of the 104 weeks of a case that reached it: the WGA period's start.
    wga_from = models.DateField(null=True, blank=True)
    #: Legal holds of the employee as ``[[placed_on, lifted_on], ...]`` (ISO dates).
    holds = models.JSONField(default=list, blank=True)

    ENCRYPTED_FIELDS = ("name", "date_of_birth")

    def __str__(self) -> str:
        return f"eigenaar van {self.file_id}"


# --- the consultation planning (spreekuur, issue 19) ------------------------------------


class AgendaHours(models.Model):
    """A weekly recurring block of consultation hours in a doctor's agenda: on this
    weekday from ``starts`` to ``ends``, cut into slots of ``slot_minutes``."""

    doctor_id = models.BigIntegerField(db_index=True)
    weekday = models.PositiveSmallIntegerField(_("dag"))  # 0 = Monday (date.weekday())
    starts = models.TimeField(_("van"))
    ends = models.TimeField(_("tot"))
    slot_minutes = models.PositiveSmallIntegerField(_("duur van een afspraak"), default=30)

    class Meta:
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")),
                                   name="medical_hours_end_after_start"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"spreekuur dag {self.weekday} {self.starts}-{self.ends}"


class AgendaSlot(models.Model):
    """A single free slot outside the weekly hours."""

    doctor_id = models.BigIntegerField(db_index=True)
    starts_at = models.DateTimeField(_("datum en tijd"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur in minuten"))

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"los tijdslot {self.starts_at:%Y-%m-%d %H:%M}"


class AppointmentState(models.TextChoices):
    PLANNED = "planned", _("gepland")
    ATTENDED = "attended", _("verschenen")
    NO_SHOW = "no_show", _("niet verschenen")
    CANCELLED = "cancelled", _("afgezegd")


class Appointment(EncryptedModel):
    """A consultation planned in a doctor's agenda. The planning is the medical
    module's: the reason (encrypted) stays here; the employer side gets its own record
    of date, time, form and status (``reintegration.ConsultationAppointment``, by
    ``published_ref``), written through its services."""

    #: The employee's file: the appointment goes with it (retention deletes both).
    file = models.ForeignKey(MedicalFile, on_delete=models.CASCADE, related_name="appointments")
    doctor_id = models.BigIntegerField(db_index=True)
    starts_at = models.DateTimeField(_("datum en tijd"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur in minuten"))
    mode = models.CharField(_("vorm"), max_length=8)
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    with_whom = models.CharField(_("met"), max_length=16)
    state = models.CharField(
        _("status"), max_length=16, choices=AppointmentState.choices,
        default=AppointmentState.PLANNED,
    )  # fmt: skip
    planned_by_id = models.BigIntegerField()
    on_behalf_of_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    reason_enc = models.BinaryField(null=True)

    ENCRYPTED_FIELDS = ("reason",)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            # A backstop for the service's overlap check: never two at the same start.
            models.UniqueConstraint(
                fields=["doctor_id", "starts_at"],
                condition=~models.Q(state="cancelled"),
                name="medical_appointment_no_double_start",
            )
        ]

    def __str__(self) -> str:
        return f"afspraak {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class MedicalAccessEvent(ChainedAccessEvent):
    """The medical module's own access log, kept in the medical database so that not even
    the fact of a medical access reaches the employer's database. The same fields, hash
    chain, sealer and append-only guards as ``audit.AccessEvent``
    (``audit.ChainedAccessEvent``)."""

    class Meta(ChainedAccessEvent.Meta):
        indexes = [
            models.Index(
                fields=["id"], condition=Q(seq__isnull=True), name="medical_event_unsealed"
            )
        ]


class MedicalChainHead(ChainHeadFields):
    """The head of the medical access log's chain."""

    def __str__(self) -> str:
        return f"medical chain head at {self.last_seq}"


class MedicalChainCheckpoint(ChainCheckpointFields):
    """A sealed batch of the medical access log."""
