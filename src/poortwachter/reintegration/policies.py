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
  notification's data to HR only;
- HR assigns the case manager (a user holding HR at the employer); everyone who reads
  the file sees who it is;
- consultation appointments (spreekuur, issue 19) are written by the medical module
  only (``can_publish_appointment``); the employee reads their own in full and responds,
  HR of the employer reads date, time and status only, nobody else on the employer side
  reads them (the manager neither);
- conversation notes (gespreksverslagen, issue 19) are written by HR of the employer and
  by the employee's own manager (the team's), read by everyone who reads the file, and
  the employee adds their reaction to the notes of their own case.

Outside the scope the answer is *not found*, so no one learns another employer's case
exists (DESIGN.md boundary 3).
"""

from django.db.models import Q, QuerySet

from poortwachter.absences.models import AbsenceCase
from poortwachter.absences.policies import reports_visible_to
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, NotFound
from poortwachter.core.roles import Role
from poortwachter.organisations.models import DoctorAssignment, current_employments
from poortwachter.organisations.policies import served_employer_ids
from poortwachter.reintegration.models import (
    ConsultationAppointment,
    ConversationNote,
    ExpertOpinion,
    Task,
    TaskRole,
    ThirdPartyReport,
    UwvNotification,
)

# --- who may use which pages (the route gates) ------------------------------------------


def can_use_file_pages(actor: Actor) -> bool:
    """The file and a third party's report: the readers of the sick reports."""
    return actor.has_role(Role.EMPLOYEE, Role.MANAGER, Role.HR, Role.DOCTOR)


def can_use_hr_pages(actor: Actor) -> bool:
    """Plan, evaluations, UWV notifications, uploads and the HR task list."""
    return actor.has_role(Role.HR)


def can_use_employee_pages(actor: Actor) -> bool:
    """The employee's view on the plan and their own task list."""
    return actor.has_role(Role.EMPLOYEE)


def can_use_doctor_pages(actor: Actor) -> bool:
    return actor.has_role(Role.DOCTOR)


def can_use_report_pages(actor: Actor) -> bool:
    """The re-integration report goes to HR and the employee (``can_read_report``)."""
    return actor.has_role(Role.EMPLOYEE, Role.HR)


def can_use_task_pages(actor: Actor) -> bool:
    """Completing a task: the roles that have tasks."""
    return actor.has_role(Role.EMPLOYEE, Role.HR, Role.DOCTOR)


def can_use_note_pages(actor: Actor) -> bool:
    """Writing a conversation note: the manager and HR (which cases: ``can_write_note``)."""
    return actor.has_role(Role.MANAGER, Role.HR)


# --- scopes and fetchers ----------------------------------------------------------------


def cases_visible_to(actor: Actor) -> QuerySet[AbsenceCase]:
    """Cases with at least one sick report the actor may read."""
    return AbsenceCase.objects.filter(pk__in=reports_visible_to(actor).values("case_id"))


def get_case_for(actor: Actor, case_id: int) -> AbsenceCase:
    case = cases_visible_to(actor).select_related("employee", "employer").filter(pk=case_id).first()
    if case is None:
        raise NotFound
    return case


def get_writable_case_for(actor: Actor, case_id: int) -> AbsenceCase:
    """A case whose file the actor writes (HR of the employer); others in scope: 403."""
    case = get_case_for(actor, case_id)
    if not can_write_file(actor, case):
        raise Forbidden
    return case


def get_signable_case_for(actor: Actor, case_id: int) -> AbsenceCase:
    """The employee's own case, whose plan they sign; any other case is not found."""
    case = get_case_for(actor, case_id)
    if not can_sign_plan(actor, case):
        raise NotFound
    return case


def get_reportable_case_for(actor: Actor, case_id: int) -> AbsenceCase:
    """A case whose re-integration report the actor may have (``can_read_report``)."""
    case = get_case_for(actor, case_id)
    if not can_read_report(actor, case):
        raise Forbidden
    return case


def get_notification_for(actor: Actor, case_id: int, notification_id: int) -> UwvNotification:
    """A notification to UWV of the case (its data: HR only)."""
    case = get_case_for(actor, case_id)
    if not can_read_uwv_data(actor, case):
        raise Forbidden
    notification = (
        UwvNotification.objects.filter(pk=notification_id, case=case)
        .select_related("case__employee", "case__employer")
        .first()
    )
    if notification is None:
        raise NotFound
    return notification


def get_expert_opinion_for(actor: Actor, case_id: int, opinion_id: int) -> ExpertOpinion:
    """An expert opinion request of a case whose file the actor writes (HR)."""
    case = get_writable_case_for(actor, case_id)
    opinion = (
        ExpertOpinion.objects.filter(pk=opinion_id, case=case)
        .select_related("case__employee", "case__employer")
        .first()
    )
    if opinion is None:
        raise NotFound
    return opinion


def get_third_party_report_for(actor: Actor, case_id: int, report_id: int) -> ThirdPartyReport:
    case = get_case_for(actor, case_id)
    if not can_download_third_party(actor, case):
        raise Forbidden
    report = ThirdPartyReport.objects.filter(pk=report_id, case=case).first()
    if report is None:
        raise NotFound
    report.case = case
    return report


def get_task_for(actor: Actor, case_id: int, task_id: int) -> Task:
    """A task of the case that the actor completes (the task's role holder)."""
    case = get_case_for(actor, case_id)
    task = Task.objects.filter(pk=task_id, case=case).first()
    if task is None:
        raise NotFound
    task.case = case
    if not can_complete_task(actor, task):
        raise Forbidden
    return task


def get_note_case_for(actor: Actor, case_id: int) -> AbsenceCase:
    """A case whose conversation notes the actor writes; others in scope: 403."""
    case = get_case_for(actor, case_id)
    if not can_write_note(actor, case):
        raise Forbidden
    return case


def get_reactable_note_for(actor: Actor, case_id: int, note_id: int) -> ConversationNote:
    """A conversation note of the employee's own case; any other is not found."""
    case = get_signable_case_for(actor, case_id)
    note = ConversationNote.objects.filter(pk=note_id, case=case).first()
    if note is None:
        raise NotFound
    note.case = case
    return note


def is_hr(actor: Actor, case: AbsenceCase) -> bool:
    return actor.holds(Role.HR, case.employer_id)


def is_own(actor: Actor, case: AbsenceCase) -> bool:
    return case.employee_id in actor.employee_ids


def is_serving_doctor(actor: Actor, case: AbsenceCase) -> bool:
    return case.employer_id in served_employer_ids(actor)


def is_team_manager(actor: Actor, case: AbsenceCase) -> bool:
    """The employee works today in a department the actor manages (or below it)."""
    if not actor.managed_department_ids:
        return False
    return (
        current_employments()
        .filter(employee_id=case.employee_id, department_id__in=actor.managed_department_ids)
        .exists()
    )


def can_write_note(actor: Actor, case: AbsenceCase) -> bool:
    """Conversation notes: HR of the employer and the employee's own manager."""
    return is_hr(actor, case) or is_team_manager(actor, case)


def can_react_to_note(actor: Actor, case: AbsenceCase) -> bool:
    return is_own(actor, case)


def can_assign_case_manager(actor: Actor, case: AbsenceCase) -> bool:
    return is_hr(actor, case)


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


def own_tasks_for(actor: Actor) -> QuerySet[Task]:
    """The employee's own tasks and the steps HR takes together with them."""
    own = Task.objects.filter(employee_id__in=actor.employee_ids)
    return own.filter(Q(role=TaskRole.EMPLOYEE) | Q(with_employee=True))


# --- consultation appointments (spreekuur, issue 19) -------------------------------------


def can_use_appointment_pages(actor: Actor) -> bool:
    """The employee's own appointments: invitation, confirmation, calendar file."""
    return actor.has_role(Role.EMPLOYEE)


def can_list_appointments(actor: Actor) -> bool:
    """The API's list: the employee (their own) and HR (their employers')."""
    return actor.has_role(Role.EMPLOYEE, Role.HR)


def can_publish_appointment(actor: Actor, employer_id: int) -> bool:
    """The medical module plans: the doctor who serves the employer, or an assistant
    acting on the behalf of that doctor (``medical.policies`` decided the delegation)."""
    if employer_id in served_employer_ids(actor):
        return True
    if actor.has_role(Role.ASSISTANT) and actor.on_behalf_of_id is not None:
        today = clock.today()
        return (
            DoctorAssignment.objects.filter(
                doctor_id=actor.on_behalf_of_id, employer_id=employer_id, since__lte=today
            )
            .filter(Q(until__isnull=True) | Q(until__gte=today))
            .exists()
        )
    return False


def can_see_case_appointments(actor: Actor, case: AbsenceCase) -> bool:
    """On the case file: the employee (in full) and HR (date, time and status)."""
    return is_own(actor, case) or is_hr(actor, case)


def appointments_visible_to(actor: Actor) -> QuerySet[ConsultationAppointment]:
    """The employee's own appointments and those of HR's employers; nobody else's."""
    scope = Q(employee_id__in=actor.employee_ids) | Q(employer_id__in=actor.employer_ids(Role.HR))
    return ConsultationAppointment.objects.filter(scope)


def sees_appointment_details(actor: Actor, appointment: ConsultationAppointment) -> bool:
    """Place, with whom, the employee's response and its reason: the employee only."""
    return appointment.employee_id in actor.employee_ids


def get_own_appointment_for(actor: Actor, appointment_id: int) -> ConsultationAppointment:
    """The employee's own appointment; any other (HR's too) is not found."""
    appointment = (
        ConsultationAppointment.objects.filter(
            pk=appointment_id, employee_id__in=actor.employee_ids
        )
        .select_related("case", "employer")
        .first()
    )
    if appointment is None:
        raise NotFound
    return appointment
