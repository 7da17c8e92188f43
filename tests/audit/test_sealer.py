"""The access log without a global lock (issue 21; NEN 7513 §8, SECURITY.md G10, ASVS
16.4.2/16.4.3): a request inserts its event and nothing else; the sealer chains the
committed events in batches, records a checkpoint per batch in the database and off the
host; ``verify-audit`` checks the chain against both and reports what is left unsealed."""

import datetime as dt
import itertools
import json
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from poortwachter.audit import checkpoints
from poortwachter.audit.chain import GENESIS, link
from poortwachter.audit.models import AccessEvent, ChainCheckpoint, ChainHead
from poortwachter.audit.sealer import seal_all, seal_chain
from poortwachter.audit.services import audit_record
from poortwachter.audit.verify import chains, verify_chain
from poortwachter.core.actor import Actor
from poortwachter.medical.log import medical_record
from poortwachter.medical.models import MedicalAccessEvent
from poortwachter.scheduling.models import JobRun
from poortwachter.scheduling.services import run_frequent
from tests.audit_support import append_only_triggers_off

pytestmark = pytest.mark.django_db

ACTOR = Actor(user_id=7, label="Test Persoon", request_id="req-1", remote_addr="192.0.2.1")


@pytest.fixture
def offhost(settings, tmp_path):
    """Checkpoints go to a directory of their own, as on separate storage."""
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path)
    return tmp_path


def _write(n: int) -> list[AccessEvent]:
    return [audit_record(actor=ACTOR, action="read", subject_employee_id=i) for i in range(n)]


def _main():
    return chains()[0]


def _lines(directory, slug="access-log") -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(directory.glob(f"{slug}-*.jsonl"))
        for line in path.read_text().splitlines()
        if line.strip()
    ]


def _verify(*args) -> str:
    out = StringIO()
    call_command("verify-audit", *args, stdout=out)
    return out.getvalue()


def test_an_event_is_one_insert_without_lock_or_head():
    with CaptureQueriesContext(connection) as queries:
        audit_record(actor=ACTOR, action="read", subject_employee_id=1)
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 1
    assert statements[0].startswith('INSERT INTO "audit_accessevent"')
    assert "FOR UPDATE" not in statements[0]
    event = AccessEvent.objects.get()
    assert (event.seq, event.prev_hash, event.hash) == (None, "", "")
    assert ChainHead.objects.get().last_seq == 0


def test_an_event_rolls_back_with_the_change_it_describes():
    def failing_change() -> None:
        with transaction.atomic():
            audit_record(actor=ACTOR, action="update", subject_employee_id=1)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert not AccessEvent.objects.exists()
    assert [sealed.events for sealed in seal_all()] == [0, 0]


def test_the_sealer_chains_in_batches_with_a_checkpoint_each():
    events = _write(7)
    (main, medical) = seal_all(batch_size=3)
    assert (main.events, main.batches, medical.events) == (7, 3, 0)
    stored = list(AccessEvent.objects.order_by("seq"))
    assert [e.seq for e in stored] == list(range(1, 8))
    assert [e.pk for e in stored] == [e.pk for e in events]  # one committer: id order
    assert stored[0].prev_hash == GENESIS
    spans = list(ChainCheckpoint.objects.values_list("batch", "first_seq", "last_seq", "last_hash"))
    assert spans == [
        (1, 1, 3, stored[2].hash),
        (2, 4, 6, stored[5].hash),
        (3, 7, 7, stored[6].hash),
    ]
    head = ChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (7, stored[6].hash)
    assert verify_chain().intact
    # Nothing left: a second run does nothing and adds no checkpoint.
    assert seal_all()[0].events == 0
    assert ChainCheckpoint.objects.count() == 3


def test_unsealed_events_are_reported_and_fail_the_check_when_overdue(time_machine, settings):
    """The sealer not running loses nothing, and verify-audit says it is behind."""
    time_machine.move_to(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    _write(3)
    result = verify_chain()
    assert (result.unsealed, result.overdue, result.ok) == (3, 0, True)
    assert "3 nog niet verzegeld (0 te lang)" in _verify()
    time_machine.move_to(
        dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
        + dt.timedelta(seconds=settings.AUDIT_UNSEALED_MAX_AGE_SECONDS + 1),
        tick=False,
    )
    result = verify_chain()
    assert (result.intact, result.overdue, result.ok) == (True, 3, False)
    with pytest.raises(CommandError, match="3 gebeurtenissen te lang onverzegeld"):
        _verify()
    call_command("seal-audit", stdout=StringIO())
    result = verify_chain()
    assert (result.checked, result.unsealed, result.ok) == (3, 0, True)


def test_a_sealer_killed_mid_batch_loses_nothing(monkeypatch):
    """Killed after numbering and storing a batch but before its commit: the whole
    batch rolls back, the events stay unsealed, and the next run seals them."""
    _write(4)

    def crash(*args, **kwargs):
        raise SystemExit("killed")

    monkeypatch.setattr(ChainCheckpoint.objects, "create", crash)
    with pytest.raises(SystemExit):
        seal_chain(_main())
    assert AccessEvent.objects.filter(seq__isnull=True).count() == 4
    assert ChainHead.objects.get().last_seq == 0
    assert not ChainCheckpoint.objects.exists()
    monkeypatch.undo()
    _write(1)
    assert seal_chain(_main()).events == 5
    result = verify_chain()
    assert (result.intact, result.checked, result.unsealed) == (True, 5, 0)


def test_checkpoints_leave_the_host_content_free(offhost):
    _write(5)
    seal_all(batch_size=2)
    lines = _lines(offhost)
    stored = list(ChainCheckpoint.objects.order_by("batch"))
    assert lines == [row.line("access-log") for row in stored]
    assert set(lines[0]) == {"chain", "batch", "first_seq", "last_seq", "last_hash", "sealed_at"}
    assert "Test Persoon" not in "".join(p.read_text() for p in offhost.iterdir())
    result = verify_chain()
    assert (result.ok, result.offhost, result.offhost_checked) == (True, True, 3)
    assert "3 controlepunten buiten de server kloppen" in _verify()


def test_a_database_rewritten_whole_is_found_through_the_offhost_checkpoints(offhost):
    """Someone who can rewrite the database edits an event and recomputes every later
    link, the head and the database's checkpoints: the chain in the database is
    consistent again, but it no longer matches what left the host."""
    _write(4)
    seal_all(batch_size=2)
    with append_only_triggers_off():
        QuerySet.update(AccessEvent.objects.filter(seq=2), subject_employee_id=999)
        events = list(AccessEvent.objects.filter(seq__gte=2).order_by("seq"))
        first = AccessEvent.objects.get(seq=1)
        QuerySet.update(AccessEvent.objects.filter(seq__gte=2), seq=None, prev_hash="", hash="")
        link(events, 1, first.hash)
        for event in events:
            QuerySet.update(
                AccessEvent.objects.filter(pk=event.pk),
                seq=event.seq, prev_hash=event.prev_hash, hash=event.hash,
            )  # fmt: skip
        ChainHead.objects.filter(pk=1).update(last_hash=events[-1].hash)
        for checkpoint in ChainCheckpoint.objects.all():
            forged = AccessEvent.objects.get(seq=checkpoint.last_seq).hash
            QuerySet.update(ChainCheckpoint.objects.filter(pk=checkpoint.pk), last_hash=forged)
    broken = verify_chain().first_break
    assert broken is not None
    assert broken.reason == "checkpoint 1 differs from the off-host copy"
    with pytest.raises(CommandError, match="checkpoint 1 differs"):
        _verify()


def test_removing_the_newest_events_head_and_checkpoints_is_found_offhost(offhost):
    _write(3)
    seal_all(batch_size=2)
    with append_only_triggers_off(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE seq = 3")
        cursor.execute("DELETE FROM audit_chaincheckpoint WHERE batch = 2")
        ChainHead.objects.filter(pk=1).update(
            last_seq=2, last_hash=AccessEvent.objects.get(seq=2).hash
        )
    broken = verify_chain().first_break
    assert broken is not None
    assert broken.reason == "chain ends at 2, off-host checkpoint 2 at 3"


def test_an_edited_offhost_checkpoint_is_found(offhost):
    _write(2)
    seal_all()
    (path,) = offhost.glob("access-log-*.jsonl")
    line = json.loads(path.read_text())
    path.write_text(json.dumps({**line, "last_hash": "0" * 64}) + "\n")
    broken = verify_chain().first_break
    assert broken is not None
    assert broken.reason == "checkpoint 1 differs from the off-host copy"


def test_a_failed_offhost_copy_is_retried_and_reported_until_then(
    offhost, monkeypatch, time_machine, settings
):
    """Killed between the commit and the copy (or the storage is away): the batch is
    sealed; the copy follows on the next run; verify-audit fails while it stays behind."""
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    _write(2)

    def unavailable(*args, **kwargs):
        raise OSError("storage unavailable")

    monkeypatch.setattr(checkpoints, "append", unavailable)
    main = seal_chain(_main())
    assert (main.events, main.exported, main.export_failed) == (2, 0, True)
    assert _lines(offhost) == []
    later = start + dt.timedelta(seconds=settings.AUDIT_UNSEALED_MAX_AGE_SECONDS + 1)
    time_machine.move_to(later, tick=False)
    result = verify_chain()
    assert (result.intact, result.unexported, result.ok) == (True, 1, False)
    monkeypatch.undo()
    assert seal_chain(_main()).exported == 1
    assert len(_lines(offhost)) == 1
    assert verify_chain().ok


def test_a_torn_offhost_line_is_skipped_and_the_next_line_starts_fresh(offhost):
    _write(1)
    seal_all()
    (path,) = offhost.glob("access-log-*.jsonl")
    with path.open("a") as handle:
        handle.write('{"chain": "access-log", "batch": 2, "first')  # a crash mid-write
    _write(1)
    seal_all()
    assert [line["batch"] for line in _lines_readable(path)] == [1, 2]
    result = verify_chain()
    assert (result.ok, result.offhost_checked, result.unreadable) == (True, 2, 1)


def _lines_readable(path) -> list[dict]:
    readable = []
    for raw in path.read_text().splitlines():
        try:
            readable.append(json.loads(raw))
        except ValueError:
            continue
    return readable


def test_the_medical_log_is_sealed_and_checked_the_same_way(offhost):
    medical_record(actor=ACTOR, action="read", employee_id=5, employer_id=3)
    assert MedicalAccessEvent.objects.get().seq is None
    (main, medical) = seal_all()
    assert (main.events, medical.events, medical.exported) == (0, 1, 1)
    event = MedicalAccessEvent.objects.get()
    assert (event.seq, event.prev_hash) == (1, GENESIS)
    assert _lines(offhost, "medical-access-log")[0]["last_hash"] == event.hash
    result = chains()[1].verify()
    assert (result.ok, result.checked, result.offhost_checked) == (True, 1, 1)
    with append_only_triggers_off("medical"):
        QuerySet.update(MedicalAccessEvent.objects.filter(pk=event.pk), action="update")
    broken = chains()[1].verify().first_break
    assert broken is not None
    assert broken.reason == "content changed"


def test_the_scheduler_seals_every_few_seconds(settings):
    _write(2)
    last_run: dict[str, float] = {}
    (outcome,) = run_frequent(last_run, 1000.0)
    assert outcome.job == "seal-audit"
    assert outcome.summary["toegangslog"]["events"] == 2
    _write(1)
    assert run_frequent(last_run, 1001.0) == []  # not due yet
    assert AccessEvent.objects.filter(seq__isnull=True).count() == 1
    (outcome,) = run_frequent(last_run, 1000.0 + settings.AUDIT_SEAL_INTERVAL_SECONDS)
    assert outcome.summary["toegangslog"]["events"] == 1
    assert run_frequent(last_run, 2000.0) == []  # nothing to seal: nothing to say


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_late_committing_lower_id_is_sealed_later_not_skipped():
    """PostgreSQL hands out ids at insert, not at commit: an event with a lower id may
    commit after one with a higher id was sealed. It is sealed in the next batch."""
    assert connection.vendor == "postgresql", "run with DATABASE_URL (make test-postgres-only)"
    inserted, release, done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_request() -> None:
        try:
            with transaction.atomic():
                audit_record(actor=ACTOR, action="update", subject_employee_id=1)
                inserted.set()
                release.wait(30)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()
            done.set()

    thread = threading.Thread(target=slow_request)
    thread.start()
    assert inserted.wait(30)
    later = audit_record(actor=ACTOR, action="read", subject_employee_id=2)
    assert seal_all()[0].events == 1  # only what has committed
    assert AccessEvent.objects.get(pk=later.pk).seq == 1
    release.set()
    thread.join(30)
    assert errors == []
    early = AccessEvent.objects.get(subject_employee_id=1)
    assert early.pk < later.pk
    assert early.seq is None
    assert seal_all()[0].events == 1
    assert AccessEvent.objects.get(pk=early.pk).seq == 2
    result = verify_chain()
    assert (result.intact, result.checked, result.unsealed) == (True, 2, 0)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_and_sealers_give_one_chain_without_gaps_or_losses():
    """Writers in separate connections never wait on the log; two sealers run beside
    them. Every committed event ends up exactly once in one chain: no forks, no gaps,
    none lost."""
    assert connection.vendor == "postgresql", "run with DATABASE_URL (make test-postgres-only)"
    errors: list[BaseException] = []
    writing = threading.Event()
    writing.set()
    # Start from no head at all (as after pytest's flush): the sealers race to create it.
    ChainHead.objects.all().delete()

    def guarded(work) -> None:
        try:
            work()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def writer() -> None:
        for i in range(25):
            with transaction.atomic():
                audit_record(actor=ACTOR, action="read", subject_employee_ids=[i, i + 1])

    def sealing() -> None:
        while writing.is_set():
            seal_all(batch_size=7)

    writers = [threading.Thread(target=guarded, args=(writer,)) for _ in range(4)]
    sealers = [threading.Thread(target=guarded, args=(sealing,)) for _ in range(2)]
    for thread in [*sealers, *writers]:
        thread.start()
    for thread in writers:
        thread.join()
    writing.clear()
    for thread in sealers:
        thread.join()
    seal_all()
    assert errors == []
    result = verify_chain()
    assert result.intact, result.first_break
    assert (result.checked, result.unsealed) == (100, 0)
    assert sorted(AccessEvent.objects.values_list("seq", flat=True)) == list(range(1, 101))
    spans = list(ChainCheckpoint.objects.order_by("batch").values_list("first_seq", "last_seq"))
    assert spans[0][0] == 1
    assert spans[-1][1] == 100
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(spans))


def test_a_scheduler_of_frequent_jobs_only_seals_and_runs_no_daily_job():
    """``scheduler --frequent-only``: a process of its own for the sealer (the benchmarks
    run one beside the web server)."""
    _write(2)
    out = StringIO()
    call_command("scheduler", once=True, frequent_only=True, stdout=out)
    assert "seal-audit: done" in out.getvalue()
    assert "verify-audit" not in out.getvalue()
    assert not AccessEvent.objects.filter(seq__isnull=True).exists()
    assert not JobRun.objects.exists()
