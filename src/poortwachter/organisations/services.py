"""Writes to organisation data; each checks its policy and records an access event."""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.aggregates import figures_changed
from poortwachter.core.errors import Forbidden, Refusals, ServiceError, field_errors
from poortwachter.core.roles import Role
from poortwachter.organisations import events
from poortwachter.organisations.models import (
    Department,
    DoctorAssignment,
    DoctorAssignmentChange,
    Employee,
    Employer,
    Employment,
)
from poortwachter.organisations.policies import (
    can_assign_doctor,
    can_create_employer,
    can_manage_people,
    can_manage_structure,
)
from poortwachter.textguard import GuardResult, check_text, refusal_message
from poortwachter.textguard.address import check_address
from poortwachter.textguard.fields import check_name, check_workplace

# --- the medical-text guard on master data (issue 18, finding 5; R-SICK-3) ----------

_NAME = "name"
_ADDRESS = "address"
_WORKPLACE = "workplace"
_OTHER = "other"
_CHECKS: dict[str, Callable[[str], GuardResult]] = {
    _NAME: check_name,
    _ADDRESS: check_address,
    _WORKPLACE: check_workplace,
    _OTHER: check_text,
}
#: Every free-text field of an employee, its employment and a department, with how the
#: guard reads it (``textguard.fields`` explains names and workplaces).
MASTER_DATA_TEXT_FIELDS: dict[str, str] = {
    "personnel_number": _OTHER,
    "first_name": _NAME,
    "name_prefix": _NAME,
    "last_name": _NAME,
    "phone": _OTHER,
    "street": _ADDRESS,
    "house_number": _OTHER,
    "postcode": _OTHER,
    "city": _ADDRESS,
    "job_title": _WORKPLACE,
}


def _advice(kind: str) -> str:
    return {
        _NAME: _("Vul hier alleen de naam in."),
        _ADDRESS: _("Vul hier alleen het adres in."),
        _WORKPLACE: _("Vul hier alleen de functie of afdeling in, zonder iets over gezondheid."),
        _OTHER: _("Vul hier alleen het gevraagde gegeven in, zonder iets over gezondheid."),
    }[kind]


def master_text_refusal(kind: str, text: str | None) -> str | None:
    """The guard's Dutch refusal for one master-data field, or None when it passes."""
    if not text or not text.strip():
        return None
    result = _CHECKS[kind](text)
    if not result.medical:
        return None
    return refusal_message(result, advice=_advice(kind))


def department_name_refusal(name: str) -> str | None:
    """The guard's refusal of a department's name (R-SICK-3), or None: for "Afdeling
    toevoegen" and for a department an import makes from its file (issue 20)."""
    return master_text_refusal(_WORKPLACE, name)


def master_text_refusals(refusals: Refusals, texts: Mapping[str, str | None]) -> None:
    """Add the guard's refusal of each field in ``texts`` (names from
    ``MASTER_DATA_TEXT_FIELDS``) to ``refusals``."""
    for field, text in texts.items():
        message = master_text_refusal(MASTER_DATA_TEXT_FIELDS[field], text)
        if message is not None:
            refusals.add(field, message)


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
    message = department_name_refusal(name)
    if message is not None:
        raise field_errors(name=message)
    if parent is not None and parent.employer_id != employer.pk:
        raise ServiceError(_("De bovenliggende afdeling hoort niet bij deze werkgever."))
    try:
        with transaction.atomic():
            department = Department.objects.create(employer=employer, name=name, parent=parent)
    except IntegrityError:
        raise ServiceError(_("Deze werkgever heeft al een afdeling met die naam.")) from None
    figures_changed(employer.pk)  # the statistics' department tree (issue 21)
    audit_record(actor=actor, action=Action.CREATE, target=department, employer_id=employer.pk)
    return department


def _record_change(
    actor: Actor, assignment: DoctorAssignment, change: str, effective_on: dt.date
) -> None:
    """The history the privacy officer reads (issue 18, finding 3), beside the event in
    the access log."""
    DoctorAssignmentChange.objects.create(
        employer_id=assignment.employer_id, doctor_id=assignment.doctor_id, change=change,
        effective_on=effective_on, changed_by_id=actor.user_id, changed_at=clock.now(),
    )  # fmt: skip


@transaction.atomic
def doctor_unassign(*, actor: Actor, assignment: DoctorAssignment) -> None:
    """The doctor stops serving the employer: access ends after today."""
    if not can_assign_doctor(actor):
        raise Forbidden(_("Alleen de beheerder van de arbodienst wijst bedrijfsartsen toe."))
    if actor.user_id == assignment.doctor_id:
        raise Forbidden(_("U kunt uw eigen toewijzing als bedrijfsarts niet wijzigen."))
    today = clock.today()
    if assignment.until is not None and assignment.until < today:
        raise ServiceError(_("Deze toewijzing is al beëindigd."))
    assignment.until = today
    assignment.save(update_fields=["until", "updated_at"])
    _record_change(actor, assignment, DoctorAssignmentChange.Change.REMOVED, today)
    audit_record(
        actor=actor, action=Action.REVOKE, target=assignment,
        employer_id=assignment.employer_id, subject_user_id=assignment.doctor_id,
        details={"role": Role.DOCTOR},
    )  # fmt: skip


@transaction.atomic
def doctor_assign(*, actor: Actor, employer: Employer, doctor, since: dt.date) -> DoctorAssignment:
    if not can_assign_doctor(actor):
        raise Forbidden(_("Alleen de beheerder van de arbodienst wijst bedrijfsartsen toe."))
    if actor.user_id == doctor.pk:
        # Nobody decides which employers' caseload they see themselves (issue 18).
        raise ServiceError(
            {"doctor": [_("U kunt uzelf niet als bedrijfsarts aan een werkgever toewijzen.")]}
        )
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
    _record_change(actor, assignment, DoctorAssignmentChange.Change.ASSIGNED, since)
    audit_record(
        actor=actor,
        action=Action.GRANT,
        target=assignment,
        employer_id=employer.pk,
        subject_user_id=doctor.pk,
        details={"role": Role.DOCTOR},
    )
    return assignment


@dataclass(frozen=True)
class EmployeeInput:
    personnel_number: str
    first_name: str
    name_prefix: str
    last_name: str
    bsn: str
    date_of_birth: dt.date
    email: str
    phone: str
    street: str
    house_number: str
    postcode: str
    city: str
    department: Department
    job_title: str
    start_date: dt.date
    hours_per_week: Decimal


def employee_refusals(
    *,
    employer: Employer,
    bsn: str | None = None,
    personnel_number: str | None = None,
    department: Department | None = None,
    date_of_birth: dt.date | None = None,
    start_date: dt.date | None = None,
    hours_per_week: Decimal | None = None,
    end_date: dt.date | None = None,
    check_taken: bool = True,
    texts: Mapping[str, str | None] | None = None,
) -> Refusals:
    """Everything wrong with a new employee's data, all at once. A check whose input is
    missing (``None``: the form refused that field already) is skipped; the form runs
    this on what passed, ``employee_create`` on everything. ``check_taken=False`` skips
    "BSN / personnel number already in use": the import matches on them instead and
    looks them up for all rows at once (issue 20)."""
    refusals = Refusals()
    master_text_refusals(refusals, texts or {})
    if bsn is not None:
        if not stdnum_bsn.is_valid(bsn):
            refusals.add(
                "bsn", _("Dit is geen geldig BSN (negen cijfers die de elfproef doorstaan).")
            )
        elif (
            check_taken
            and Employee.objects.filter(employer=employer, bsn=stdnum_bsn.compact(bsn)).exists()
        ):
            refusals.add("bsn", _("Er is bij deze werkgever al een werknemer met dit BSN."))
    if personnel_number is not None and check_taken:
        number = personnel_number.strip()
        if Employee.objects.filter(employer=employer, personnel_number=number).exists():
            refusals.add("personnel_number", _("Dit personeelsnummer is al in gebruik."))
    if department is not None and department.employer_id != employer.pk:
        refusals.add("department", _("Die afdeling hoort niet bij deze werkgever."))
    if date_of_birth is not None and start_date is not None:
        age_at_start = (start_date - date_of_birth).days / 365.25
        if not 13 <= age_at_start <= 100:
            refusals.add(
                "date_of_birth",
                _(
                    "Controleer de geboortedatum: op de datum van indiensttreding is de "
                    "werknemer tussen 13 en 100 jaar oud."
                ),
            )
    if hours_per_week is not None and not Decimal(0) < hours_per_week <= Decimal(60):
        refusals.add(
            "hours_per_week", _("Vul een aantal uren per week in van meer dan 0 en hooguit 60.")
        )
    if end_date is not None and start_date is not None and end_date < start_date:
        refusals.add("end_date", _("De einddatum ligt voor de ingangsdatum."))
    return refusals


def employee_input_refusals(
    *,
    employer: Employer,
    data: EmployeeInput,
    end_date: dt.date | None = None,
    check_taken: bool = True,
) -> Refusals:
    """``employee_refusals`` on a whole ``EmployeeInput``, for callers that have one per
    row (the import, issue 20): the one place that maps the input's fields to the checks,
    so a check added there (the medical-text guard on master data) reaches every row.
    Every master-data text passes the guard as ``employee_create`` checks it; the refusal
    does not repeat the matched words (the kept import report carries it)."""
    refusals = employee_refusals(
        employer=employer, bsn=data.bsn, personnel_number=data.personnel_number,
        department=data.department, date_of_birth=data.date_of_birth,
        start_date=data.start_date, hours_per_week=data.hours_per_week, end_date=end_date,
        check_taken=check_taken,
    )  # fmt: skip
    for field, kind in MASTER_DATA_TEXT_FIELDS.items():
        if master_text_refusal(kind, getattr(data, field)) is not None:
            refusals.add(
                field, _("Deze tekst lijkt gezondheidsgegevens te noemen; die horen hier niet.")
            )
    return refusals


@transaction.atomic
def employee_create(*, actor: Actor, employer: Employer, data: EmployeeInput) -> Employee:
    """A new employee with their first employment, in one step (HR or the employer's
    administrator, for their own employer)."""
    if not can_manage_people(actor, employer.pk):
        raise Forbidden(_("U mag geen werknemers toevoegen bij deze werkgever."))
    employee_refusals(
        employer=employer, bsn=data.bsn, personnel_number=data.personnel_number,
        department=data.department, date_of_birth=data.date_of_birth,
        start_date=data.start_date, hours_per_week=data.hours_per_week,
        texts={field: getattr(data, field) for field in MASTER_DATA_TEXT_FIELDS},
    ).raise_if_any()  # fmt: skip
    employee = Employee.objects.create(
        employer=employer, personnel_number=data.personnel_number.strip(),
        first_name=data.first_name.strip(), name_prefix=data.name_prefix.strip(),
        last_name=data.last_name.strip(), bsn=stdnum_bsn.compact(data.bsn),
        date_of_birth=data.date_of_birth, email=data.email.strip().lower(),
        phone=data.phone.strip(), street=data.street.strip(),
        house_number=data.house_number.strip(), postcode=data.postcode.strip().upper(),
        city=data.city.strip(),
    )  # fmt: skip
    Employment.objects.create(
        employer=employer, employee=employee, department=data.department,
        job_title=data.job_title.strip(), start_date=data.start_date,
        hours_per_week=data.hours_per_week,
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.CREATE, target=employee, employer_id=employer.pk,
        subject_employee_id=employee.pk,
    )  # fmt: skip
    events.employee_changed.send(
        sender=Employee, employer_id=employer.pk, employee_ids=[employee.pk]
    )
    return employee


@transaction.atomic
def employment_end(*, actor: Actor, employment: Employment, end_date: dt.date) -> Employment:
    if not can_manage_people(actor, employment.employer_id):
        raise Forbidden(_("U mag dit dienstverband niet beëindigen."))
    if employment.end_date is not None:
        raise field_errors(end_date=_("Dit dienstverband is al beëindigd."))
    if end_date < employment.start_date:
        raise field_errors(end_date=_("De einddatum ligt voor de ingangsdatum."))
    employment.end_date = end_date
    employment.save(update_fields=["end_date", "updated_at"])
    audit_record(
        actor=actor, action=Action.UPDATE, target=employment,
        employer_id=employment.employer_id, subject_employee_id=employment.employee_id,
        details={"change": "employment_ended"},
    )  # fmt: skip
    events.employee_changed.send(
        sender=Employee, employer_id=employment.employer_id, employee_ids=[employment.employee_id]
    )
    return employment
