"""The re-integration file's retention (R-RET-2, R-RET-5) and the demo's synthetic files."""

import datetime as dt

import time_machine

from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.reintegration import services
from poortwachter.reintegration.models import (
    Evaluation,
    PersonnelFileNote,
    PlanOfAction,
    Task,
    TaskRole,
)
from poortwachter.reintegration.retention import REINTEGRATION_FILE, find_files
from poortwachter.retention.services import purge
from tests.reintegration.conftest import plan_input


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


def test_the_demo_gives_hr_and_the_doctor_tasks_and_deadlines(db):
    from poortwachter.accounts.models import User
    from poortwachter.devtools.demo import build_demo

    build_demo(seed=3, employees=120)
    hr = User.objects.get(email="hr@demo.example")
    employer_id = hr.role_assignments.get().employer_id
    assert Task.objects.filter(employer_id=employer_id, role=TaskRole.HR, status="open").exists()
    assert Task.objects.filter(role=TaskRole.DOCTOR).exists()
    assert PlanOfAction.objects.filter(employer_id=employer_id).exists()
