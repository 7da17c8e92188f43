"""Who reads and writes the re-integration file (R-REINT-2).

The file follows the readers' rule of the sick reports (``absences.policies``): the
employee (their own), their manager (the team; read-only), HR of the employer and a
company doctor who serves it. Within that:

- HR (acting as case manager) writes: plan of action, evaluations, notifications to UWV,
  third parties' reports, and tasks of HR;
- the employee adds their view to the plan and signs it, and completes their own tasks;
- the doctor completes the doctor's tasks;
- the manager only reads, and sees neither the BSN in the UWV notification nor the
  reports of third parties' content;
- the re-integration report (re-integratieverslag) goes to HR and the employee, the UWV
  notification's data to HR only.

Outside the scope the answer is *not found*, so no one learns another employer's case
exists (DESIGN.md boundary 3).
"""

from django.db.models import QuerySet

from poortwachter.absences.models import AbsenceCase
from poortwachter.absences.policies import reports_visible_to
from poortwachter.core.actor import Actor
from poortwachter.core.errors import NotFound
from poortwachter.core.roles import Role
from poortwachter.organisations.policies import served_employer_ids
from poortwachter.reintegration.models import Task, TaskRole


def cases_visible_to(actor: Actor) -> QuerySet[AbsenceCase]:
    """Cases with at least one sick report the actor may read."""
    return AbsenceCase.objects.filter(pk__in=reports_visible_to(actor).values("case_id"))


def get_case_for(actor: Actor, case_id: int) -> AbsenceCase:
    case = cases_visible_to(actor).select_related("employee", "employer").filter(pk=case_id).first()
    if case is None:
        raise NotFound
    return case


def is_hr(actor: Actor, case: AbsenceCase) -> bool:
    return actor.holds(Role.HR, case.employer_id)


def is_own(actor: Actor, case: AbsenceCase) -> bool:
    return case.employee_id in actor.employee_ids


def is_serving_doctor(actor: Actor, case: AbsenceCase) -> bool:
    return case.employer_id in served_employer_ids(actor)


def can_write_file(actor: Actor, case: AbsenceCase) -> bool:
    """Plan, evaluations, UWV notifications and uploads: HR of the employer."""
    return is_hr(actor, case)


def can_sign_plan(actor: Actor, case: AbsenceCase) -> bool:
    return is_own(actor, case)


def can_read_report(actor: Actor, case: AbsenceCase) -> bool:
    """The re-integration report: HR, and the employee it is about."""
    return is_hr(actor, case) or is_own(actor, case)


def can_read_uwv_data(actor: Actor, case: AbsenceCase) -> bool:
    """The 42nd-week form carries the BSN and the payroll tax number: HR only."""
    return is_hr(actor, case)


def can_download_third_party(actor: Actor, case: AbsenceCase) -> bool:
    """A third party's report: HR, the employee, the serving doctor; not the manager."""
    return is_hr(actor, case) or is_own(actor, case) or is_serving_doctor(actor, case)


def can_complete_task(actor: Actor, task: Task) -> bool:
    if task.role == TaskRole.HR:
        return actor.holds(Role.HR, task.employer_id)
    if task.role == TaskRole.DOCTOR:
        return task.employer_id in served_employer_ids(actor)
    return task.employee_id in actor.employee_ids


def tasks_for(actor: Actor, role: str) -> QuerySet[Task]:
    """The tasks of one role the actor holds, in the actor's scope."""
    if role == TaskRole.HR:
        return Task.objects.filter(role=TaskRole.HR, employer_id__in=actor.employer_ids(Role.HR))
    if role == TaskRole.DOCTOR:
        return Task.objects.filter(role=TaskRole.DOCTOR, employer_id__in=served_employer_ids(actor))
    return Task.objects.filter(role=TaskRole.EMPLOYEE, employee_id__in=actor.employee_ids)
