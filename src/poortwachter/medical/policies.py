"""Who reaches the medical file (R-MED-1, R-AUTHZ-1): the company doctor who serves the
employee's employer, and an assistant on the files a doctor delegated to them. Nobody
else, whatever their role on the employer side, and the employer's own administrator
least of all. Personal working notes: their author only.

Every decision answers *not found* outside the actor's scope, so a URL never reveals
whether someone has a medical file.
"""

import dataclasses

from django.db.models import QuerySet

from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, NotFound
from poortwachter.core.roles import Role
from poortwachter.medical.models import Delegation, MedicalFile
from poortwachter.organisations.models import Employee
from poortwachter.organisations.policies import served_employer_ids

MEDICAL_ROLES = (Role.DOCTOR, Role.ASSISTANT)


def acting_user_id(actor: Actor) -> int:
    """The signed-in user behind a medical action; the system never acts in a file."""
    if actor.user_id is None:
        raise Forbidden
    return actor.user_id


def is_medical(actor: Actor) -> bool:
    return actor.has_role(*MEDICAL_ROLES)


def open_delegations(actor: Actor) -> QuerySet[Delegation]:
    if not actor.has_role(Role.ASSISTANT) or actor.user_id is None:
        return Delegation.objects.none()
    return Delegation.objects.filter(assistant_id=actor.user_id, until__isnull=True)


def files_visible_to(actor: Actor) -> QuerySet[MedicalFile]:
    if actor.has_role(Role.DOCTOR):
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
        return self.actor.has_role(Role.DOCTOR)


def get_access_for(actor: Actor, employee_id: int) -> Access:
    """The employee and their file (``None`` when the doctor has not opened one yet).
    A doctor reaches employees of the employers they serve today; an assistant only the
    files delegated to them, on the delegating doctor's behalf."""
    if not is_medical(actor):
        raise Forbidden
    employee = Employee.objects.select_related("employer").filter(pk=employee_id).first()
    if employee is None:
        raise NotFound
    file = MedicalFile.objects.filter(employee_id=employee.pk).first()
    if actor.has_role(Role.DOCTOR) and employee.employer_id in served_employer_ids(actor):
        return Access(employee, file, actor)
    if file is not None:
        delegation = open_delegations(actor).filter(file=file).first()
        if delegation is not None and _doctor_still_serves(delegation, file):
            acting = dataclasses.replace(actor, on_behalf_of_id=delegation.doctor_id)
            return Access(employee, file, acting)
    raise NotFound


def _doctor_still_serves(delegation: Delegation, file: MedicalFile) -> bool:
    from poortwachter.organisations.models import DoctorAssignment

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


def can_publish_advice(access: Access) -> bool:
    return access.is_doctor


def can_delegate(access: Access) -> bool:
    return access.is_doctor


def can_produce_copy(access: Access) -> bool:
    return access.is_doctor
