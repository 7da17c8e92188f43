"""Writes to organisation data; each checks its policy and records an access event."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.organisations.models import Department, DoctorAssignment, Employer
from poortwachter.organisations.policies import (
    can_assign_doctor,
    can_create_employer,
    can_manage_structure,
)


@transaction.atomic
def employer_create(
    *,
    actor: Actor,
    name: str,
    kvk_number: str = "",
    payroll_tax_number: str = "",
    own_risk_sickness_benefit: bool = False,
    own_risk_wga: bool = False,
) -> Employer:
    if not can_create_employer(actor):
        raise Forbidden(_("Alleen de beheerder van de arbodienst maakt werkgevers aan."))
    name = name.strip()
    if not name:
        raise ServiceError(_("Geef de naam van de werkgever op."))
    if kvk_number and not (kvk_number.isdigit() and len(kvk_number) == 8):
        raise ServiceError(_("Een KvK-nummer bestaat uit 8 cijfers."))
    employer = Employer.objects.create(
        name=name,
        kvk_number=kvk_number,
        payroll_tax_number=payroll_tax_number,
        own_risk_sickness_benefit=own_risk_sickness_benefit,
        own_risk_wga=own_risk_wga,
    )
    audit_record(actor=actor, action=Action.CREATE, target=employer, employer_id=employer.pk)
    return employer


@transaction.atomic
def department_create(
    *, actor: Actor, employer: Employer, name: str, parent: Department | None = None
) -> Department:
    if not can_manage_structure(actor, employer.pk):
        raise Forbidden(_("U mag de organisatie van deze werkgever niet wijzigen."))
    name = name.strip()
    if not name:
        raise ServiceError(_("Geef de naam van de afdeling op."))
    if parent is not None and parent.employer_id != employer.pk:
        raise ServiceError(_("De bovenliggende afdeling hoort niet bij deze werkgever."))
    try:
        with transaction.atomic():
            department = Department.objects.create(employer=employer, name=name, parent=parent)
    except IntegrityError:
        raise ServiceError(_("Deze werkgever heeft al een afdeling met die naam.")) from None
    audit_record(actor=actor, action=Action.CREATE, target=department, employer_id=employer.pk)
    return department


@transaction.atomic
def doctor_unassign(*, actor: Actor, assignment: DoctorAssignment) -> None:
    """The doctor stops serving the employer: access ends after today."""
    from poortwachter.core.roles import Role

    if not can_assign_doctor(actor):
        raise Forbidden(_("Alleen de beheerder van de arbodienst wijst bedrijfsartsen toe."))
    today = clock.today()
    if assignment.until is not None and assignment.until < today:
        raise ServiceError(_("Deze toewijzing is al beëindigd."))
    assignment.until = today
    assignment.save(update_fields=["until", "updated_at"])
    audit_record(
        actor=actor, action=Action.REVOKE, target=assignment,
        employer_id=assignment.employer_id, subject_user_id=assignment.doctor_id,
        details={"role": Role.DOCTOR},
    )  # fmt: skip


@transaction.atomic
def doctor_assign(*, actor: Actor, employer: Employer, doctor, since: dt.date) -> DoctorAssignment:
    from poortwachter.core.roles import Role

    if not can_assign_doctor(actor):
        raise Forbidden(_("Alleen de beheerder van de arbodienst wijst bedrijfsartsen toe."))
    if not doctor.role_assignments.filter(role=Role.DOCTOR).exists():
        raise ServiceError(_("Dit account is geen bedrijfsarts."))
    assignment, created = DoctorAssignment.objects.get_or_create(
        employer=employer, doctor=doctor, defaults={"since": since}
    )
    if not created:
        if assignment.until is None:
            raise ServiceError(_("Deze bedrijfsarts is al aan deze werkgever toegewezen."))
        assignment.since, assignment.until = since, None  # serves the employer again
        assignment.save(update_fields=["since", "until", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.GRANT,
        target=assignment,
        employer_id=employer.pk,
        subject_user_id=doctor.pk,
        details={"role": Role.DOCTOR},
    )
    return assignment
