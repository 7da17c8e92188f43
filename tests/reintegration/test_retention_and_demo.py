"""The re-integration file's retention (R-RET-2, R-RET-5) and the demo's synthetic files."""

import datetime as dt

import time_machine

from poortwachter.absences.models import AbsenceCase
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.medical.models import AgendaHours, Appointment
from poortwachter.reintegration import services
from poortwachter.reintegration.models import (
    ConsultationAppointment,
    Evaluation,
    PersonnelFileNote,
    PlanOfAction,
    Task,
    TaskRole,
)
from poortwachter.reintegration.retention import REINTEGRATION_FILE, find_files
from poortwachter.retention.rules import add_years
from poortwachter.retention.services import legal_hold_place, purge
from tests.reintegration.conftest import plan_input

DAY = dt.timedelta(days=1)


def _finished_file(world, actor_of, long_case):
    version = services.plan_draw_up(
        actor=actor_of("hr"), case=long_case,
        data=plan_input(long_case, long_case.advice, world.hr),
    )  # fmt: skip
    services.evaluation_record(
        actor=actor_of("hr"), case=long_case,
        data=services.EvaluationInput(
            kind="final", held_on=clock.today(), outcome="Volledig hersteld in eigen werk.",
            employer_view="Afgerond.", employee_view="", plan_needs_revision=False,
            long_term_agreement="Vaste werkplek op de begane grond.",
        ),
    )  # fmt: skip
    long_case.reports.update(recovered_on=clock.today())
    long_case.closed_on = clock.today()
    long_case.save()
    return version


def test_the_file_is_due_two_years_after_the_reintegration_is_completed(world, actor_of, long_case):
    _finished_file(world, actor_of, long_case)
    (clock_,) = find_files(clock.today(), [world.own_employee.pk])[world.own_employee.pk]
    assert clock_.rule == "R-RET-2"
    assert clock_.starts_on == clock.today()
    assert clock_.due_on == clock.today().replace(year=clock.today().year + 2)


def test_a_running_case_keeps_the_file(world, long_case):
    Task.objects.create(case=long_case, employer=world.employer, employee=world.own_employee,
                        code="x", label="x", role=TaskRole.HR, due_on=clock.today())  # fmt: skip
    (clock_,) = find_files(clock.today(), [world.own_employee.pk])[world.own_employee.pk]
    assert clock_.due_on is None


def test_the_purge_keeps_long_term_agreements_in_the_personnel_file(world, actor_of, long_case):
    _finished_file(world, actor_of, long_case)
    as_of = clock.today().replace(year=clock.today().year + 2) + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(as_of, dt.time(12), tzinfo=dt.UTC)):
        result = purge(actor=Actor.system("retention"), as_of=as_of, dry_run=False)
    assert REINTEGRATION_FILE in {c.category for c in result.categories}
    assert not PlanOfAction.objects.exists()
    assert not Evaluation.objects.exists()
    note = PersonnelFileNote.objects.get()
    assert note.text == "Vaste werkplek op de begane grond."
    assert note.employee_id == world.own_employee.pk


def _short_later_case(world, *, starts_in: int) -> AbsenceCase:
    """A three-day absence ``starts_in`` days from today, with one task in its file."""
    first = clock.today() + dt.timedelta(days=starts_in)
    case = AbsenceCase.objects.create(employer=world.employer, employee=world.own_employee,
                                      first_sick_day=first, closed_on=first + 3 * DAY)  # fmt: skip
    Task.objects.create(case=case, employer=world.employer, employee=world.own_employee,
                        code="report_to_service", label="Ziekmelding", role=TaskRole.HR,
                        due_on=first + 6 * DAY)  # fmt: skip
    return case


def _purge_on(as_of: dt.date, *, dry_run: bool = False):
    with time_machine.travel(dt.datetime.combine(as_of, dt.time(12), tzinfo=dt.UTC)):
        return purge(actor=Actor.system("retention"), as_of=as_of, dry_run=dry_run)


def test_each_file_runs_from_its_own_completion_not_from_a_later_case(world, actor_of, long_case):
    """R-RET-2, issue 16: a finished file (case closed today) is due in two years, even
    though a three-day absence 60 days later has a file of its own; that one is due two
    years after its own closing (today + 63 days + 2 years). Before, the latest closing of
    any case decided for every file, so the finished one was kept 63 days too long."""
    _finished_file(world, actor_of, long_case)
    later = _short_later_case(world, starts_in=60)
    clocks = find_files(clock.today(), [world.own_employee.pk])[world.own_employee.pk]
    two_years = add_years(clock.today(), 2)
    assert {(c.unit, c.due_on) for c in clocks} == {
        (long_case.pk, two_years),
        (later.pk, add_years(clock.today() + 63 * DAY, 2)),
    }
    dry = _purge_on(two_years, dry_run=True)
    assert {c.category: c.count for c in dry.categories}[REINTEGRATION_FILE] > 0
    assert PlanOfAction.objects.filter(case=long_case).exists()  # a dry run deletes nothing
    _purge_on(two_years)
    assert not PlanOfAction.objects.filter(case=long_case).exists()
    assert not Evaluation.objects.filter(case=long_case).exists()
    assert not Task.objects.filter(case=long_case).exists()
    assert Task.objects.filter(case=later).count() == 1  # its own term has not ended
    assert PersonnelFileNote.objects.get().text == "Vaste werkplek op de begane grond."
    deleted = AccessEvent.objects.get(action=Action.DELETE, purpose="retention")
    assert deleted.subject_employee_id == world.own_employee.pk
    assert "Vaste werkplek" not in str(deleted.details)  # counts, no content


def test_a_legal_hold_keeps_each_file(world, actor_of, long_case):
    """A hold in force stops every file's clock, also of a file due on its own."""
    _finished_file(world, actor_of, long_case)
    _short_later_case(world, starts_in=60)
    legal_hold_place(actor=actor_of("hr"), employee=world.own_employee, kind="labour_dispute",
                     reason="Procedure bij de kantonrechter.")  # fmt: skip
    _purge_on(add_years(clock.today(), 2))
    assert PlanOfAction.objects.filter(case=long_case).exists()


def test_the_demo_gives_hr_and_the_doctor_tasks_and_deadlines(db):
    from poortwachter.accounts.models import User
    from poortwachter.devtools.demo import build_demo

    build_demo(seed=3, employees=120)
    hr = User.objects.get(email="hr@demo.example")
    employer_id = hr.role_assignments.get().employer_id
    assert Task.objects.filter(employer_id=employer_id, role=TaskRole.HR, status="open").exists()
    assert Task.objects.filter(role=TaskRole.DOCTOR).exists()
    assert PlanOfAction.objects.filter(employer_id=employer_id).exists()
    # The doctor's agenda is not empty (issue 19): hours, and consultations HR sees.
    doctor = User.objects.get(email="arts@demo.example")
    assert AgendaHours.objects.filter(doctor_id=doctor.pk).count() == 5
    planned = Appointment.objects.filter(doctor_id=doctor.pk)
    assert planned.count() == 4
    published = ConsultationAppointment.objects.filter(employer_id=employer_id)
    assert sorted(published.values_list("source_ref", flat=True)) == sorted(
        str(pk) for pk in planned.values_list("pk", flat=True)
    )
