"""The scheduler runs each daily job once per day, retries failures a bounded number of
times, and runs retention and the access-log check (issue 6: "the scheduler runs it
daily")."""

import datetime as dt
import os
import socket
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.db.models import QuerySet

from poortwachter.audit.models import AccessEvent
from poortwachter.audit.sealer import seal_all
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import Actor
from poortwachter.organisations.models import Employee
from poortwachter.scheduling import registry
from poortwachter.scheduling.models import JobRun, JobStatus
from poortwachter.scheduling.services import LOST, MAX_ATTEMPTS, _claim, _reclaim, run_due
from tests.audit_support import append_only_triggers_off
from tests.factories import EmployeeFactory, EmploymentFactory
from tests.retention.conftest import local, with_absence_history

pytestmark = pytest.mark.django_db


def test_the_daily_jobs_are_registered_in_order():
    assert [job.name for job in registry.jobs()][:2] == ["verify-audit", "retention"]


def test_each_job_runs_once_per_day_and_again_the_next_day(time_machine):
    time_machine.move_to(local(2026, 12, 31, 23, 30), tick=False)
    first = run_due()
    assert {("verify-audit", "done"), ("retention", "done")} <= {(o.job, o.status) for o in first}
    # Daily jobs run for the day; weekly ones for the ISO week (2026-12-31 is in 2026-W53);
    # hourly ones (the notification digest, issue 19) for the hour of local time.
    hourly = {"notification_digest"}
    weekly = {"security-scan"}
    assert {o.period for o in first if o.job not in weekly | hourly} == {"2026-12-31"}
    assert {o.period for o in first if o.job in weekly} == {"2026-W53"}
    assert {o.period for o in first if o.job in hourly} == {"2026-12-31T23"}
    assert run_due() == []
    time_machine.move_to(local(2027, 1, 1, 0, 30), tick=False)
    # New Year's Day is still ISO week 2026-W53: the weekly scan does not run again.
    assert {o.period for o in run_due()} == {"2027-01-01", "2027-01-01T00"}
    assert run_due() == []
    time_machine.move_to(local(2027, 1, 1, 1, 5), tick=False)
    assert [(o.job, o.period) for o in run_due()] == [("notification_digest", "2027-01-01T01")]
    assert JobRun.objects.filter(job="retention").count() == 2


def test_a_run_claimed_elsewhere_is_left_alone(time_machine):
    time_machine.move_to(local(2026, 6, 1, 9), tick=False)
    JobRun.objects.create(
        job="retention", period="2026-06-01", status=JobStatus.RUNNING,
        started_at=dt.datetime(2026, 6, 1, 7, tzinfo=dt.UTC),
    )  # fmt: skip
    ran = [o.job for o in run_due()]
    assert "retention" not in ran
    assert "verify-audit" in ran


def test_the_scheduler_deletes_what_retention_says_is_due(world, time_machine):
    leaver = EmployeeFactory(employer=world.employer, first_name="Lotte")
    EmploymentFactory(
        employee=leaver, employer=world.employer, department=world.department,
        start_date=dt.date(2015, 1, 1), end_date=dt.date(2023, 6, 30),
    )  # fmt: skip
    with_absence_history(leaver, first_day=dt.date(2022, 3, 1))
    time_machine.move_to(local(2025, 7, 1, 3), tick=False)
    outcome = {o.job: o for o in run_due()}["retention"]
    assert outcome.status == "done"
    assert outcome.summary["employees"] == 1
    assert outcome.summary["deleted"] > 0
    assert not Employee.objects.filter(pk=leaver.pk).exists()
    assert Employee.objects.filter(pk=world.own_employee.pk).exists()


def test_a_broken_chain_fails_the_check_and_retention_still_runs(time_machine):
    time_machine.move_to(local(2026, 6, 1, 9), tick=False)
    first = audit_record(actor=Actor.system("test"), action="read")
    audit_record(actor=Actor.system("test"), action="read")
    seal_all()
    with append_only_triggers_off():
        QuerySet.update(AccessEvent.objects.filter(pk=first.pk), purpose="changed")
    outcomes = {o.job: o for o in run_due()}
    assert outcomes["verify-audit"].status == "failed"
    assert outcomes["verify-audit"].summary == {
        "intact": False, "checked": 0, "chain": "toegangslog", "first_break_seq": 1,
    }  # fmt: skip
    assert outcomes["retention"].status == "done"


def test_a_failing_job_is_retried_a_bounded_number_of_times(monkeypatch, time_machine):
    calls = []

    def flaky(day):
        calls.append(day)
        raise RuntimeError("secret detail that must not be stored")

    monkeypatch.setattr(registry, "_JOBS", {"flaky": registry.Job("flaky", run=flaky)})
    time_machine.move_to(local(2026, 6, 1, 9), tick=False)
    for _ in range(MAX_ATTEMPTS + 2):
        run_due()
    run = JobRun.objects.get(job="flaky")
    assert (run.status, run.attempts, len(calls)) == ("failed", MAX_ATTEMPTS, MAX_ATTEMPTS)
    assert run.summary == {"error": "RuntimeError"}


def test_the_command_runs_one_tick(time_machine):
    time_machine.move_to(local(2026, 6, 1, 9), tick=False)
    out = StringIO()
    call_command("scheduler", once=True, stdout=out)
    text = out.getvalue()
    assert "verify-audit 2026-06-01: done" in text
    assert "retention 2026-06-01: done" in text


# --- leases: a scheduler that dies mid-run does not block the job for ever -------------

LEASE = dt.timedelta(minutes=10)


def _only_job(monkeypatch, run) -> registry.Job:
    job = registry.Job("work", run=run, lease=LEASE)
    monkeypatch.setattr(registry, "_JOBS", {"work": job})
    return job


def test_a_claim_records_who_holds_it_and_until_when(monkeypatch, time_machine):
    job = _only_job(monkeypatch, lambda day: {})
    time_machine.move_to(local(2026, 6, 1, 9), tick=False)
    run = _claim(job, "2026-06-01")
    host, pid, token = run.claimed_by.rsplit(":", 2)
    assert (host, pid) == (socket.gethostname()[:80], str(os.getpid()))
    assert token
    assert run.lease_expires_at == local(2026, 6, 1, 9) + LEASE


def test_a_crashed_run_is_taken_over_after_its_lease_and_not_before(monkeypatch, time_machine):
    calls = []
    job = _only_job(monkeypatch, lambda day: calls.append(day) or {"n": len(calls)})
    time_machine.move_to(local(2026, 6, 1, 9), tick=False)
    crashed = _claim(job, "2026-06-01")  # a scheduler claimed the run, then died
    time_machine.move_to(local(2026, 6, 1, 9, 9, 59), tick=False)
    assert run_due() == []
    assert JobRun.objects.get().status == JobStatus.RUNNING
    time_machine.move_to(local(2026, 6, 1, 9, 10), tick=False)
    [outcome] = run_due()
    assert (outcome.status, outcome.summary, len(calls)) == ("done", {"n": 1}, 1)
    run = JobRun.objects.get()
    assert (run.status, run.attempts) == (JobStatus.DONE, 2)  # the crash counted as one
    assert run.claimed_by != crashed.claimed_by
    assert run_due() == []  # still once per day


def test_a_crash_on_the_last_attempt_is_recorded_as_failed(monkeypatch, time_machine):
    calls = []
    _only_job(monkeypatch, lambda day: calls.append(day) or {})
    time_machine.move_to(local(2026, 6, 1, 9), tick=False)
    JobRun.objects.create(
        job="work", period="2026-06-01", status=JobStatus.RUNNING, attempts=MAX_ATTEMPTS,
        started_at=local(2026, 6, 1, 8), claimed_by="gone:1:x",
        lease_expires_at=local(2026, 6, 1, 8, 10),
    )  # fmt: skip
    assert run_due() == []
    run = JobRun.objects.get()
    assert (run.status, run.attempts, run.summary) == ("failed", MAX_ATTEMPTS,
                                                        {"error": "lease_expired"})  # fmt: skip
    assert run_due() == []
    assert calls == []


def test_of_two_schedulers_taking_over_at_once_one_wins(monkeypatch, time_machine):
    """Both read the expired run before either writes: the compare-and-set lets one
    through."""
    job = _only_job(monkeypatch, lambda day: {})
    time_machine.move_to(local(2026, 6, 1, 9), tick=False)
    _claim(job, "2026-06-01")
    time_machine.move_to(local(2026, 6, 1, 10), tick=False)
    seen_by_a = JobRun.objects.get()
    seen_by_b = JobRun.objects.get()
    won = _reclaim(job, seen_by_a, local(2026, 6, 1, 10))
    assert won is not None
    assert won.attempts == 2
    assert _reclaim(job, seen_by_b, local(2026, 6, 1, 10)) is None
    assert JobRun.objects.get().claimed_by == won.claimed_by


def test_of_two_schedulers_retrying_at_once_one_wins(monkeypatch, time_machine):
    job = _only_job(monkeypatch, lambda day: {})
    time_machine.move_to(local(2026, 6, 1, 9), tick=False)
    JobRun.objects.create(
        job="work", period="2026-06-01", status=JobStatus.FAILED, started_at=local(2026, 6, 1, 8)
    )
    seen_by_a, seen_by_b = JobRun.objects.get(), JobRun.objects.get()
    assert _reclaim(job, seen_by_a, local(2026, 6, 1, 9)) is not None
    assert _reclaim(job, seen_by_b, local(2026, 6, 1, 9)) is None
    assert JobRun.objects.get().attempts == 2


def test_a_run_that_outlived_its_lease_does_not_overwrite_the_takeover(monkeypatch, time_machine):
    outcomes = []

    def slow(day):
        if len(outcomes) == 0:
            outcomes.append("first")
            # Meanwhile, past the lease, another scheduler takes the run over.
            time_machine.move_to(local(2026, 6, 1, 9, 30), tick=False)
            outcomes.extend(run_due())
            return {"attempt": 1}
        return {"attempt": 2}

    _only_job(monkeypatch, slow)
    time_machine.move_to(local(2026, 6, 1, 9), tick=False)
    [late] = run_due()
    assert late.status == LOST
    assert [o.status for o in outcomes[1:]] == ["done"]
    run = JobRun.objects.get()
    assert (run.status, run.attempts, run.summary) == ("done", 2, {"attempt": 2})


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_schedulers_take_over_a_crashed_run_once(monkeypatch, time_machine):
    """Real schedulers in separate connections race for the expired run: the job runs
    once. Marked ``postgresql``: SQLite's in-memory test database is one connection, so
    the SQLite leg leaves it out and ``make test-postgres-only`` runs it."""
    assert connection.vendor == "postgresql", "run with DATABASE_URL (make test-postgres-only)"
    calls, errors = [], []
    job = _only_job(monkeypatch, lambda day: calls.append(day) or {})
    time_machine.move_to(local(2026, 6, 1, 9), tick=False)
    _claim(job, "2026-06-01")
    time_machine.move_to(local(2026, 6, 1, 10), tick=False)
    start = threading.Barrier(4)

    def scheduler() -> None:
        try:
            start.wait()
            run_due()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(calls) == 1
    run = JobRun.objects.get()
    assert (run.status, run.attempts) == (JobStatus.DONE, 2)
