"""Who reaches the medical file (R-MED-1, R-AUTHZ-1): the company doctor who serves the
employee's employer, and an assistant on the files a doctor delegated to them. Nobody
else, whatever their role on the employer side, and the employer's own administrator
least of all. Personal working notes: their author only.

Every decision answers *not found* outside the actor's scope, so a URL never reveals
whether someone has a medical file.
"""

import dataclasses
import uuid
from collections.abc import Callable

from django.db.models import QuerySet

from poortwachter.absences.models import AbsenceCase
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, NotFound
from poortwachter.core.roles import Role
from poortwachter.medical.models import (
    Advice,
    AgendaHours,
    AgendaSlot,
    Appointment,
    CopyRequest,
    CorrectableEntry,
    Delegation,
    Document,
    MedicalFile,
)
from poortwachter.organisations.models import DoctorAssignment, Employee, Employer
from poortwachter.organisations.policies import served_employer_ids

MEDICAL_ROLES = (Role.DOCTOR, Role.ASSISTANT)

#: Entries only the doctor writes: personal working notes are their author's own.
DOCTOR_ONLY_ENTRIES = frozenset({"werkaantekening"})


def acting_user_id(actor: Actor) -> int:
    """The signed-in user behind a medical action; the system never acts in a file."""
    if actor.user_id is None:
        raise Forbidden
    return actor.user_id


def is_medical(actor: Actor) -> bool:
    """The medical pages: the company doctor and the assistant (on delegated files)."""
    return actor.has_role(*MEDICAL_ROLES)


def is_doctor(actor: Actor) -> bool:
    return actor.has_role(Role.DOCTOR)


def can_produce_cause_statistics(actor: Actor) -> bool:
    """The doctor only: an assistant works on delegated files, never on a population."""
    return is_doctor(actor)


def served_employers_for(actor: Actor) -> QuerySet[Employer]:
    """The employers the doctor serves today (none for any other actor)."""
    return Employer.objects.filter(pk__in=list(served_employer_ids(actor)))


def get_served_employer_for(actor: Actor, employer_id: int) -> Employer:
    """An employer the doctor serves today; any other is not found."""
    if not can_produce_cause_statistics(actor):
        raise Forbidden
    employer = Employer.objects.filter(
        pk=employer_id, pk__in=list(served_employer_ids(actor))
    ).first()
    if employer is None:
        raise NotFound
    return employer


def open_delegations(actor: Actor) -> QuerySet[Delegation]:
    if not actor.has_role(Role.ASSISTANT) or actor.user_id is None:
        return Delegation.objects.none()
    return Delegation.objects.filter(assistant_id=actor.user_id, until__isnull=True)


def files_visible_to(actor: Actor) -> QuerySet[MedicalFile]:
    if is_doctor(actor):
        return MedicalFile.objects.filter(employer_id__in=served_employer_ids(actor))
    delegated = list(open_delegations(actor).values_list("file_id", flat=True))
    return MedicalFile.objects.filter(pk__in=delegated)


@dataclasses.dataclass(frozen=True)
class Access:
    """What a medical actor may do with one employee's file, and as whom they act."""

    employee: Employee
    file: MedicalFile | None
    actor: Actor  # for an assistant: acting on behalf of the delegating doctor

    @property
    def is_doctor(self) -> bool:
        return is_doctor(self.actor)


def caseload_cases_for(actor: Actor) -> QuerySet[AbsenceCase]:
    """The open absence cases in the actor's caseload: for a doctor those of the
    employers they serve, for an assistant those of the employees whose files were
    delegated to them."""
    cases = AbsenceCase.objects.filter(closed_on__isnull=True)
    if is_doctor(actor):
        return cases.filter(employer_id__in=served_employer_ids(actor))
    # A list, not a subquery: the files live in the other database.
    delegated = list(files_visible_to(actor).values_list("employee_id", flat=True))
    return cases.filter(employee_id__in=delegated)


def get_access_for(
    actor: Actor, employee_id: int, *, may: Callable[[Access], bool] | None = None
) -> Access:
    """The employee and their file (``None`` when the doctor has not opened one yet).
    A doctor reaches employees of the employers they serve today; an assistant only the
    files delegated to them, on the delegating doctor's behalf. ``may`` is what the page
    needs on top (``can_publish_advice``, ...): refused (403) inside the scope."""
    access = _access_for(actor, employee_id)
    if may is not None and not may(access):
        raise Forbidden
    return access


def _access_for(actor: Actor, employee_id: int) -> Access:
    if not is_medical(actor):
        raise Forbidden
    employee = Employee.objects.select_related("employer").filter(pk=employee_id).first()
    if employee is None:
        raise NotFound
    file = MedicalFile.objects.filter(employee_id=employee.pk).first()
    if is_doctor(actor) and employee.employer_id in served_employer_ids(actor):
        return Access(employee, file, actor)
    if file is not None:
        delegation = open_delegations(actor).filter(file=file).first()
        if delegation is not None and _doctor_still_serves(delegation, file):
            acting = dataclasses.replace(actor, on_behalf_of_id=delegation.doctor_id)
            return Access(employee, file, acting)
    raise NotFound


def _doctor_still_serves(delegation: Delegation, file: MedicalFile) -> bool:
    today = clock.today()
    return (
        DoctorAssignment.objects.filter(
            doctor_id=delegation.doctor_id, employer_id=file.employer_id, since__lte=today
        )
        .exclude(until__lt=today)
        .exists()
    )


def can_write_working_notes(access: Access) -> bool:
    """Personal working notes are the doctor's own; an assistant keeps none in a file."""
    return access.is_doctor


def can_add_entry(access: Access, kind: str) -> bool:
    return kind not in DOCTOR_ONLY_ENTRIES or can_write_working_notes(access)


def can_publish_advice(access: Access) -> bool:
    return access.is_doctor


#: The parts of the file that are corrected by a new version (working notes are the
#: doctor's own scratchpad, documents are what a specialist sent, an advice is
#: superseded by a newer one).
CORRECTABLE_ENTRIES = frozenset(
    {"consult", "diagnose", "behandeling", "probleemanalyse", "belastbaarheid",
     "arbeidsongeschiktheid"}
)  # fmt: skip


def can_correct_entry(access: Access, kind: str, entry: CorrectableEntry | None = None) -> bool:
    """The doctor corrects any part of the file; a delegated assistant only what they
    recorded themself."""
    if kind not in CORRECTABLE_ENTRIES:
        return False
    if access.is_doctor:
        return True
    return entry is None or entry.author_id == access.actor.user_id


def can_delegate(access: Access) -> bool:
    return access.is_doctor


def can_produce_copy(access: Access) -> bool:
    return access.is_doctor


# --- the file's own records: not found outside the file -----------------------------


def get_document_for(access: Access, document_id: uuid.UUID) -> Document:
    document = Document.objects.filter(pk=document_id, file=access.file).first()
    if document is None or access.file is None:
        raise NotFound
    return document


def get_entry_for(access: Access, model: type[CorrectableEntry], entry_id: uuid.UUID):
    """A part of this file (any version); not found outside the file."""
    entry = model._default_manager.filter(pk=entry_id, file=access.file).first()
    if entry is None or access.file is None:
        raise NotFound
    return entry


def get_delegation_for(access: Access, delegation_id: int) -> Delegation:
    delegation = Delegation.objects.filter(pk=delegation_id, file=access.file).first()
    if delegation is None or access.file is None:
        raise NotFound
    return delegation


def get_draft_advice_for(access: Access, advice_id: uuid.UUID) -> Advice:
    """A draft of the file's advice; a published advice no longer changes (not found)."""
    advice = Advice.objects.filter(pk=advice_id, file=access.file).first()
    if advice is None or access.file is None or advice.published_at is not None:
        raise NotFound
    return advice


def get_copy_request_for(access: Access, request_id: uuid.UUID) -> CopyRequest:
    if not can_produce_copy(access):
        raise Forbidden
    request = CopyRequest.objects.filter(pk=request_id, file=access.file).first()
    if request is None or access.file is None:
        raise NotFound
    return request


# --- the consultation planning (spreekuur, issue 19) ------------------------------------


def agenda_doctor_ids(actor: Actor) -> frozenset[int]:
    """Whose agenda the actor works in: the doctor their own; an assistant that of each
    doctor who delegated a file to them (and still serves its employer)."""
    if is_doctor(actor) and actor.user_id is not None:
        return frozenset({actor.user_id})
    doctors = set()
    for delegation in open_delegations(actor).select_related("file"):
        if _doctor_still_serves(delegation, delegation.file):
            doctors.add(delegation.doctor_id)
    return frozenset(doctors)


def can_keep_hours(actor: Actor) -> bool:
    """The weekly hours and single slots: the doctor keeps their own agenda."""
    return is_doctor(actor)


def appointments_visible_to(actor: Actor) -> QuerySet[Appointment]:
    """A doctor: the appointments in their agenda with employees of the employers they
    serve today. An assistant: those with the employees whose files are delegated to
    them. Nobody else any."""
    if not is_medical(actor):
        return Appointment.objects.none()
    files = list(files_visible_to(actor).values_list("pk", flat=True))
    rows = Appointment.objects.filter(file_id__in=files)
    if is_doctor(actor):
        rows = rows.filter(doctor_id=acting_user_id(actor))
    return rows


def get_appointment_for(actor: Actor, appointment_id: uuid.UUID) -> tuple[Access, Appointment]:
    """An appointment in the actor's scope, with the access to its employee's file (an
    assistant acting on the doctor's behalf); any other is not found."""
    if not is_medical(actor):
        raise Forbidden
    appointment = appointments_visible_to(actor).filter(pk=appointment_id).first()
    if appointment is None:
        raise NotFound
    access = get_access_for(actor, appointment.file.employee_id)
    return access, appointment


def get_hours_for(actor: Actor, hours_id: int) -> AgendaHours:
    if not can_keep_hours(actor):
        raise Forbidden
    hours = AgendaHours.objects.filter(pk=hours_id, doctor_id=acting_user_id(actor)).first()
    if hours is None:
        raise NotFound
    return hours


def get_slot_for(actor: Actor, slot_id: int) -> AgendaSlot:
    if not can_keep_hours(actor):
        raise Forbidden
    slot = AgendaSlot.objects.filter(pk=slot_id, doctor_id=acting_user_id(actor)).first()
    if slot is None:
        raise NotFound
    return slot


def planning_doctor_id(access: Access) -> int:
    """The agenda an appointment for this file goes in: the doctor's own, or for an
    assistant the delegating doctor's."""
    return access.actor.on_behalf_of_id or acting_user_id(access.actor)
