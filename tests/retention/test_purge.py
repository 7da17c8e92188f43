"""The purge (R-RET-1, R-RET-3, R-RET-5): what is due goes, children before parents, in
batches; each deletion is logged per employee and recorded without content; a dry run
counts exactly what the real run deletes; a second run finds nothing more."""

import datetime as dt

import pytest
import time_machine

from poortwachter.absences.models import AbsenceCase, PublishedAdvice, SickReport
from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.roles import Role
from poortwachter.organisations import services as org_services
from poortwachter.organisations.models import Employee, Employment
from poortwachter.retention import registry, rules, services
from poortwachter.retention.models import DeletionRecord, LegalHold, RetentionRun
from poortwachter.retention.services import CategoryCount
from tests.factories import EmployeeFactory, EmploymentFactory, grant
from tests.retention.conftest import ABSENCE_ROWS, local, publish_advice, with_absence_history

SYSTEM = Actor.system("retention")
D = dt.date
DUE = D(2026, 3, 31)  # an employment that ended on 31-3-2024, two years on


def purge(as_of, *, dry_run=False, **kwargs):
    return services.purge(actor=SYSTEM, as_of=as_of, dry_run=dry_run, **kwargs)


def test_nothing_is_due_while_the_employment_is_open(world):
    """The personas' employments have run since 2020: ten years on, nothing is due."""
    with time_machine.travel(local(2036, 1, 1, 12), tick=False):
        plan = services.find_due(D(2036, 1, 1))
    assert plan.due == {}
    assert plan.held_employee_ids == frozenset()


def test_a_former_employee_is_due_two_years_after_the_employment_ends(world, former):
    employee = former(ended=D(2024, 3, 31))
    assert employee.pk not in services.find_due(DUE - dt.timedelta(days=1)).due
    decision = services.find_due(DUE).due[employee.pk]
    assert decision.due == {"absence_admin", "employee_record"}
    assert {term.rule for term in decision.terms.values()} == {"R-RET-1"}


def test_the_purge_deletes_everything_of_the_employee_and_keeps_the_log(world, former):
    employee = former(ended=D(2024, 3, 31))
    user_id = employee.user_id
    log_before = list(AccessEvent.objects.values_list("pk", flat=True))
    result = purge(DUE)
    assert result.categories == (
        CategoryCount("absence_admin", "R-RET-1", ABSENCE_ROWS),
        # role assignment, employment, employee record, account
        CategoryCount("employee_record", "R-RET-1", 4),
    )
    assert not Employee.objects.filter(pk=employee.pk).exists()
    assert not Employment.objects.filter(employee_id=employee.pk).exists()
    assert not AbsenceCase.objects.filter(employee_id=employee.pk).exists()
    assert not PublishedAdvice.objects.filter(employee_id=employee.pk).exists()
    assert not RoleAssignment.objects.filter(employee_id=employee.pk).exists()
    assert not User.objects.filter(pk=user_id).exists()
    # The personas of the world are untouched, and nothing left the access log.
    assert Employee.objects.filter(pk=world.own_employee.pk).exists()
    assert set(log_before) <= set(AccessEvent.objects.values_list("pk", flat=True))
    assert result.access_log_kept == AccessEvent.objects.count()


def test_each_deletion_is_logged_per_employee_with_codes_and_counts_only(world, former):
    employee = former(ended=D(2024, 3, 31))
    purge(DUE)
    event = AccessEvent.objects.get(subject_employee_id=employee.pk, action=Action.DELETE)
    assert event.purpose == "retention"
    assert event.actor_label == "system:retention"
    assert event.actor_user_id is None
    assert event.employer_id == world.employer.pk
    assert event.details == {"absence_admin": ABSENCE_ROWS, "employee_record": 4}


def test_the_deletion_is_recorded_without_content(world, former):
    """R-RET-5: category, rule, count and date; nothing about the person."""
    for _ in range(3):
        former(ended=D(2024, 3, 31))
    purge(DUE)
    records = {(r.category, r.rule): r.count for r in DeletionRecord.objects.all()}
    assert records == {
        ("absence_admin", "R-RET-1"): 3 * ABSENCE_ROWS,
        ("employee_record", "R-RET-1"): 3 * 4,
    }
    columns = {f.name for f in DeletionRecord._meta.concrete_fields}
    assert columns == {"id", "run", "as_of", "category", "rule", "count", "run_at"}
    assert RetentionRun.objects.get(as_of=DUE).finished_at is not None


def test_an_account_that_holds_another_role_is_kept(world, former):
    employee = former(ended=D(2024, 3, 31))
    grant(employee.user, Role.MANAGER, employer=world.employer, department=world.department)
    result = purge(DUE)
    assert CategoryCount("employee_record", "R-RET-1", 3) in result.categories
    assert User.objects.filter(pk=employee.user_id).exists()
    assert RoleAssignment.objects.filter(user_id=employee.user_id).get().role == Role.MANAGER


def test_dry_run_counts_exactly_what_the_real_run_deletes_and_writes_nothing(world, former):
    for ended in (D(2023, 1, 31), D(2024, 3, 31), D(2024, 4, 1)):
        former(ended=ended)
    tables = (Employee, Employment, SickReport, AccessEvent, DeletionRecord, RetentionRun)
    before = [model.objects.count() for model in tables]
    dry = purge(DUE, dry_run=True)
    assert [model.objects.count() for model in tables] == before
    real = purge(DUE)
    assert dry.categories == real.categories
    assert dry.held_employees == real.held_employees
    assert (dry.employees, real.employees) == (2, 2)
    assert dry.dry_run
    assert not real.dry_run


def test_a_second_run_the_same_day_finds_nothing_more(world, former):
    former(ended=D(2024, 3, 31))
    first = purge(DUE)
    records = list(DeletionRecord.objects.values_list("category", "rule", "count"))
    second = purge(DUE)
    assert first.deleted > 0
    assert second.categories == ()
    assert second.earlier_run_at is not None
    assert list(DeletionRecord.objects.values_list("category", "rule", "count")) == records
    assert RetentionRun.objects.count() == 1


def test_batches_give_the_same_result_as_one_transaction(world, former):
    for _ in range(5):
        former(ended=D(2024, 3, 31))
    dry = purge(DUE, dry_run=True, batch_size=500)
    real = purge(DUE, batch_size=2)
    assert real.categories == dry.categories
    assert not Employee.objects.filter(employments__end_date=D(2024, 3, 31)).exists()


def test_records_sharing_one_account_are_decided_in_one_batch(world, former):
    """One account with employee grants on two records: with a batch of one, the dry run
    and the real run still agree that the account goes."""
    first, second = former(ended=D(2024, 3, 31)), former(ended=D(2024, 3, 31))
    grant(first.user, Role.EMPLOYEE, employer=world.employer, employee=second)
    dry = purge(DUE, dry_run=True, batch_size=1)
    real = purge(DUE, batch_size=1)
    assert dry.categories == real.categories
    assert not User.objects.filter(pk=first.user_id).exists()


def test_own_risk_employer_keeps_the_file_five_years_from_1_january(world, former):
    """R-RET-3 across the year boundary, in Dutch time: an action at 23:30 on 31-12 and
    one at 00:30 on 1-1 (still 31-12 in UTC) fall in different years."""
    world.employer.own_risk_sickness_benefit = True
    world.employer.save()
    with time_machine.travel(local(2024, 1, 2, 9), tick=False):
        december, january = (
            EmployeeFactory(employer=world.employer),
            EmployeeFactory(employer=world.employer),
        )
        jobs = [EmploymentFactory(employee=e, department=world.department)
                for e in (december, january)]  # fmt: skip
    hr = actor_for_user(world.hr)
    for job, moment in zip(jobs, (local(2024, 12, 31, 23, 30), local(2025, 1, 1, 0, 30)),
                           strict=True):  # fmt: skip
        with time_machine.travel(moment, tick=False):
            org_services.employment_end(actor=hr, employment=job, end_date=D(2024, 3, 31))
    plan = services.find_due(D(2030, 1, 1))
    assert december.pk in plan.due
    assert january.pk not in plan.due
    assert plan.due[december.pk].terms["employee_record"] == rules.Term("R-RET-3", D(2030, 1, 1))
    later = services.find_due(D(2031, 1, 1))
    assert later.due[january.pk].terms["employee_record"].due_on == D(2031, 1, 1)


def test_the_doctors_advice_counts_as_an_action_on_the_file(world):
    """R-RET-3: an advice published in 2025 moves the own-risk term to 1-1-2031."""
    world.employer.own_risk_sickness_benefit = True
    world.employer.save()
    with time_machine.travel(local(2024, 1, 2, 9), tick=False):
        employee = EmployeeFactory(employer=world.employer)
        job = EmploymentFactory(employee=employee, department=world.department)
    with time_machine.travel(local(2024, 4, 1, 9), tick=False):
        org_services.employment_end(actor=actor_for_user(world.hr), employment=job,
                                    end_date=D(2024, 3, 31))  # fmt: skip
    assert employee.pk in services.find_due(D(2030, 1, 1)).due
    with time_machine.travel(local(2025, 6, 2, 9), tick=False):
        publish_advice(employee, advised_on=D(2025, 6, 2))
    assert employee.pk not in services.find_due(D(2030, 1, 1)).due
    due = services.find_due(D(2031, 1, 1)).due[employee.pk]
    assert due.terms["absence_admin"] == rules.Term("R-RET-3", D(2031, 1, 1))


def _own_risk_former(world):
    """An own-risk employer's former employee: absence history in 2023, employment ended
    (through the service) on 1-4-2024: the last action, so R-RET-3 runs to 1-1-2030."""
    world.employer.own_risk_sickness_benefit = True
    world.employer.save()
    with time_machine.travel(local(2024, 1, 2, 9), tick=False):
        employee = EmployeeFactory(employer=world.employer)
        job = EmploymentFactory(employee=employee, department=world.department)
        with_absence_history(employee)
    with time_machine.travel(local(2024, 4, 1, 9), tick=False):
        org_services.employment_end(actor=actor_for_user(world.hr), employment=job,
                                    end_date=D(2024, 3, 31))  # fmt: skip
    assert services.find_due(D(2030, 1, 1)).due[employee.pk].terms["absence_admin"] == (
        rules.Term("R-RET-3", D(2030, 1, 1))
    )
    return employee


def test_a_bulk_save_of_the_file_does_not_restart_the_five_year_clock(world):
    """Issue 16: the last action used to be read from ``updated_at``, so re-saving every
    row (a data migration, a bulk fix) in 2027 moved R-RET-3 from 1-1-2030 to 1-1-2033."""
    employee = _own_risk_former(world)
    with time_machine.travel(local(2027, 6, 1, 9), tick=False):
        for model in (SickReport, AbsenceCase, Employment, PublishedAdvice):
            for row in model.objects.filter(employee=employee):
                row.save()
    assert employee.pk in services.find_due(D(2030, 1, 1)).due


def test_a_change_recorded_in_the_access_log_is_an_action_on_the_file(world, actor_of):
    """A correction made through a service writes its event in the access log, with the
    report as target: that day is the last action (R-RET-3 to 1-1-2033). An event about
    the employee's own record, a read and the purge's own deletions are no action."""
    employee = _own_risk_former(world)
    report = SickReport.objects.get(employee=employee)
    hr = actor_of("hr")
    with time_machine.travel(local(2027, 6, 1, 9), tick=False):
        audit_record(actor=hr, action=Action.READ, target=report, employer_id=employee.employer_id,
                     subject_employee_id=employee.pk)  # fmt: skip
        audit_record(actor=hr, action=Action.UPDATE, target=employee,
                     employer_id=employee.employer_id, subject_employee_id=employee.pk)  # fmt: skip
        audit_record(actor=SYSTEM, action=Action.DELETE, target=report,
                     employer_id=employee.employer_id, subject_employee_id=employee.pk,
                     purpose=services.PURPOSE)  # fmt: skip
    assert employee.pk in services.find_due(D(2030, 1, 1)).due
    with time_machine.travel(local(2027, 6, 2, 9), tick=False):
        audit_record(actor=hr, action=Action.UPDATE, target=report,
                     employer_id=employee.employer_id, subject_employee_id=employee.pk)  # fmt: skip
    assert employee.pk not in services.find_due(D(2032, 12, 31)).due
    due = services.find_due(D(2033, 1, 1)).due[employee.pk]
    assert due.terms["absence_admin"] == rules.Term("R-RET-3", D(2033, 1, 1))


def test_a_hold_stops_the_clock_and_lifting_it_resumes_it(world, former, actor_of):
    """The worked example of docs/retention.md: in force from 10-1-2025 to 20-4-2025
    (100 days), so due on 9-7-2026 instead of 31-3-2026."""
    employee = former(ended=D(2024, 3, 31))
    with time_machine.travel(local(2025, 1, 10, 10), tick=False):
        hold = services.legal_hold_place(
            actor=actor_of("hr"), employee=employee, kind="labour_dispute",
            reason="Procedure bij de kantonrechter.",
        )  # fmt: skip
    result = purge(DUE)
    assert result.categories == ()
    assert result.held_employees == 1
    assert Employee.objects.filter(pk=employee.pk).exists()
    with time_machine.travel(local(2025, 4, 20, 10), tick=False):
        services.legal_hold_lift(actor=actor_of("hr"), hold=hold, lift_reason="Uitspraak.")
    assert employee.pk not in services.find_due(D(2026, 7, 8)).due
    result = purge(D(2026, 7, 9))
    assert result.held_employees == 0
    assert not Employee.objects.filter(pk=employee.pk).exists()
    assert not LegalHold.objects.filter(pk=hold.pk).exists()


def test_a_real_run_cannot_look_ahead_but_a_dry_run_can(world, former):
    former(ended=D(2024, 3, 31))
    with time_machine.travel(local(2026, 1, 1, 12), tick=False):
        with pytest.raises(ServiceError, match="tot en met vandaag"):
            purge(DUE)
        assert purge(DUE, dry_run=True).deleted > 0
    assert Employee.objects.count() == 5


def test_only_the_system_actor_purges(world, former, actor_of):
    former(ended=D(2024, 3, 31))
    for persona in ("hr", "service_admin", "privacy_officer"):
        with pytest.raises(Forbidden):
            services.purge(actor=actor_of(persona), as_of=DUE, dry_run=True)


class _Register:
    """A later app's category, registered the way the re-integration app will."""

    def __init__(self, due_on):
        self.due_on, self.rows, self.deleted = due_on, {}, []

    def find(self, as_of, employee_ids):
        ids = self.rows if employee_ids is None else [e for e in employee_ids if e in self.rows]
        return {e: [rules.Clock("R-RET-2", D(2020, 1, 1), self.due_on)] for e in ids}

    def delete(self, employee_ids, *, dry_run):
        if not dry_run:
            self.deleted.extend(employee_ids)
        return {e: self.rows[e] for e in employee_ids}


@pytest.fixture
def later_category():
    # The re-integration app registers the real category; the fake stands in for it here.
    try:
        real = registry.get("reintegration_file")
    except KeyError:
        real = None
    registry.unregister("reintegration_file")

    def make(due_on):
        fake = _Register(due_on)
        registry.register(registry.Category(
            code="reintegration_file", label="Re-integratiedossier", requirements="R-RET-2",
            find=fake.find, delete=fake.delete,
        ))  # fmt: skip
        return fake

    yield make
    registry.unregister("reintegration_file")
    if real is not None:
        registry.register(real)


def test_a_registered_category_is_purged_before_the_employee_record(world, former,
                                                                    later_category):  # fmt: skip
    employee = former(ended=D(2024, 3, 31))
    fake = later_category(due_on=D(2026, 1, 1))
    fake.rows[employee.pk] = 3
    codes = [c.code for c in registry.in_deletion_order()]
    assert codes.index("reintegration_file") < codes.index("employee_record")
    result = purge(DUE)
    assert CategoryCount("reintegration_file", "R-RET-2", 3) in result.categories
    assert fake.deleted == [employee.pk]


def test_the_employee_record_waits_for_a_category_not_yet_due(world, former,
                                                             later_category):  # fmt: skip
    employee = former(ended=D(2024, 3, 31))
    later_category(due_on=D(2027, 1, 1)).rows[employee.pk] = 3
    result = purge(DUE)
    assert [c.category for c in result.categories] == ["absence_admin"]
    assert Employee.objects.filter(pk=employee.pk).exists()
