"""The access log is append-only and hash-chained; verify-audit finds the first broken
link (issue 6, NEN 7513 §8, SECURITY.md G10). Since issue 21 the chain is built by the
sealer after the events commit (``tests/audit/test_sealer.py`` covers the sealer)."""

import datetime as dt
import json
import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from poortwachter.audit.chain import GENESIS, HASHED_FIELDS, event_hash
from poortwachter.audit.models import AccessEvent, AccessEventSubject, ChainCheckpoint, ChainHead
from poortwachter.audit.sealer import seal_all
from poortwachter.audit.services import audit_record, audit_record_many
from poortwachter.audit.verify import chains, verify_chain
from poortwachter.core.actor import Actor
from poortwachter.medical.log import medical_record
from tests.audit_support import (
    append_only_triggers_off,
    drop_append_only_triggers,
    install_all_append_only_triggers,
)

pytestmark = pytest.mark.django_db

ACTOR = Actor(user_id=7, label="Test Persoon", request_id="req-1", remote_addr="192.0.2.1")


def _sealed(events: list[AccessEvent]) -> list[AccessEvent]:
    """Run the sealer, then the events as stored (with their place in the chain)."""
    seal_all()
    return [AccessEvent.objects.get(pk=event.pk) for event in events]


def _write(n: int, **kwargs) -> list[AccessEvent]:
    """``n`` events, sealed."""
    return _sealed([
        audit_record(actor=ACTOR, action="read", subject_employee_id=100 + i, **kwargs)
        for i in range(n)
    ])  # fmt: skip


def _tamper(pk: int, **fields) -> None:
    """Edit a row the way someone with database access would, past the model's refusal."""
    QuerySet.update(AccessEvent.objects.filter(pk=pk), **fields)


def _verify_output(*args) -> str:
    out = StringIO()
    call_command("verify-audit", *args, stdout=out)
    return out.getvalue()


def test_events_form_a_numbered_chain_from_genesis():
    first, second, third = _write(3)
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    head = ChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (3, third.hash)
    checkpoint = ChainCheckpoint.objects.get()
    assert (checkpoint.first_seq, checkpoint.last_seq, checkpoint.last_hash) == (1, 3, third.hash)
    assert "3 gebeurtenissen" in _verify_output()


@pytest.mark.parametrize("batch", [3, 40])
def test_events_recorded_together_are_the_same_links_in_one_insert(batch):
    """The retention purge logs one event per deleted employee: together, the events are
    inserted in one statement, whatever the count, and sealed as the next links."""
    (before,) = _write(1)
    with CaptureQueriesContext(connection) as queries:
        recorded = audit_record_many(
            actor=ACTOR,
            events=({"action": "delete", "subject_employee_id": 200 + i, "details": {"n": i}}
                    for i in range(batch)),
        )  # fmt: skip
    writes = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(writes) == 1  # insert the events; no head, no lock
    events = _sealed(recorded)
    (after,) = _write(1)
    assert [e.seq for e in events] == list(range(2, batch + 2))
    assert events[0].prev_hash == before.hash
    assert after.prev_hash == events[-1].hash
    stored = AccessEvent.objects.filter(seq__in=[e.seq for e in events]).order_by("seq")
    assert [e.subject_employee_id for e in stored] == [200 + i for i in range(batch)]
    result = verify_chain()
    assert result.intact, result.first_break
    with pytest.raises(ValueError, match="subject index"):
        audit_record_many(actor=ACTOR, events=[{"action": "read", "subject_employee_ids": [1]}])


def test_a_stored_event_hashes_the_same_when_read_back():
    """The hash is computed before the insert; reading the row back must reproduce it,
    on SQLite and PostgreSQL alike (microseconds, JSON key order)."""
    audit_record(
        actor=ACTOR, action="search", details={"z": 1, "a": ["x", "y"]},
        subject_employee_ids=[5, 3, 5],
    )  # fmt: skip
    seal_all()
    result = verify_chain()
    assert result.intact, result.first_break
    assert result.checked == 1
    event = AccessEvent.objects.get()
    assert event.details["employee_ids"] == [3, 5]
    assert sorted(event.subjects.values_list("employee_id", flat=True)) == [3, 5]


def test_an_edited_event_is_found():
    events = _write(4)
    with append_only_triggers_off():
        _tamper(events[1].pk, subject_employee_id=999)
    result = verify_chain()
    assert result.first_break is not None
    assert (result.first_break.seq, result.first_break.reason) == (2, "content changed")
    assert result.checked == 1
    with pytest.raises(CommandError, match="gebeurtenis 2"):
        call_command("verify-audit")


def test_an_edited_event_with_a_recomputed_hash_still_breaks_the_next_link():
    events = _write(3)
    target = AccessEvent.objects.get(pk=events[1].pk)
    target.actor_label = "Iemand Anders"
    forged = event_hash(target.prev_hash, {f: getattr(target, f) for f in HASHED_FIELDS})
    with append_only_triggers_off():
        _tamper(target.pk, actor_label="Iemand Anders", hash=forged)
    broken = verify_chain().first_break
    assert broken is not None
    assert (broken.seq, broken.reason) == (3, "does not follow the event before it")


def test_a_deleted_event_is_found():
    events = _write(4)
    with append_only_triggers_off(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE id = %s", [events[2].pk])
    broken = verify_chain().first_break
    assert broken is not None
    assert broken.seq == 3
    assert "missing" in broken.reason


def test_removing_the_newest_events_is_found_through_the_head():
    events = _write(3)
    with append_only_triggers_off(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE id = %s", [events[2].pk])
    broken = verify_chain().first_break
    assert broken is not None
    assert "head at 3" in broken.reason


def test_reordered_events_are_found():
    events = _write(4)
    with append_only_triggers_off(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accessevent SET seq = -1 WHERE id = %s", [events[1].pk])
        cursor.execute("UPDATE audit_accessevent SET seq = 2 WHERE id = %s", [events[2].pk])
        cursor.execute("UPDATE audit_accessevent SET seq = 3 WHERE id = %s", [events[1].pk])
    broken = verify_chain().first_break
    assert broken is not None
    assert broken.seq == 2


def test_a_changed_subject_index_is_found():
    audit_record(actor=ACTOR, action="search", subject_employee_ids=[1, 2])
    seal_all()
    event = AccessEvent.objects.get()
    with append_only_triggers_off():
        AccessEventSubject.objects.bulk_create([AccessEventSubject(event=event, employee_id=3)])
    broken = verify_chain().first_break
    assert broken is not None
    assert broken.reason == "subject index changed"


def test_verify_audit_json_and_exit_status():
    events = _write(2)
    report = json.loads(_verify_output("--json"))
    assert (report["intact"], report["checked"]) == (True, 2)
    assert report["chains"]["toegangslog"] == {
        "intact": True, "ok": True, "checked": 2, "first_break": None, "unsealed": 0,
        "overdue": 0, "offhost": False, "offhost_checked": 0, "unexported": 0, "unreadable": 0,
    }  # fmt: skip
    assert report["chains"]["medisch toegangslog"]["intact"] is True
    with append_only_triggers_off():
        _tamper(events[0].pk, purpose="x")
    with pytest.raises(SystemExit) as exit_info:
        _verify_output("--json")
    assert exit_info.value.code == 1


_REFUSED_EITHER_WAY = [
    "UPDATE audit_accessevent SET actor_label = 'x'",
    "DELETE FROM audit_accessevent",
    "UPDATE audit_accesseventsubject SET employee_id = 1",
    "DELETE FROM audit_accesseventsubject",
    # Sealing is the one UPDATE allowed, once, and only of the three chain fields.
    "UPDATE audit_accessevent SET seq = 1, prev_hash = 'a', hash = 'b', actor_label = 'x'",
    "UPDATE audit_accessevent SET seq = 1, prev_hash = '', hash = ''",
]


@pytest.mark.parametrize(
    ("statement", "sealed"),
    [
        *((statement, sealed) for statement in _REFUSED_EITHER_WAY for sealed in (True, False)),
        # A sealed event is never sealed again, not even with the same shape of values.
        ("UPDATE audit_accessevent SET seq = seq + 100, prev_hash = 'a', hash = 'b'", True),
        ("UPDATE audit_accessevent SET hash = 'b'", True),
        # The checkpoints of sealed batches.
        ("UPDATE audit_chaincheckpoint SET last_hash = 'x'", True),
        ("DELETE FROM audit_chaincheckpoint", True),
    ],
)
def test_the_database_refuses_changes_to_the_log(statement, sealed):
    """Triggers refuse every change but sealing an unsealed event (SECURITY.md G10)."""
    audit_record(actor=ACTOR, action="search", subject_employee_ids=[1])
    audit_record(actor=ACTOR, action="read")
    if sealed:
        seal_all()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert set(AccessEvent.objects.values_list("actor_label", flat=True)) == {"Test Persoon"}
    assert AccessEvent.objects.filter(seq__isnull=False).count() == (2 if sealed else 0)


@pytest.mark.django_db(databases=["default", "medical"])
def test_the_triggers_come_back_after_a_migrate_on_both_logs():
    """On SQLite a later migration that alters a column rebuilds the table and drops its
    triggers: after every ``migrate`` of either database they are put back
    (post_migrate), for the main log and the medical log alike."""
    drop_append_only_triggers()
    for alias in ("default", "medical"):
        emit_post_migrate_signal(verbosity=0, interactive=False, db=alias)
    audit_record(actor=ACTOR, action="read")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_accessevent")
    medical_record(actor=ACTOR, action="read", employee_id=1, employer_id=1)
    medical = connections["medical"]
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(using="medical"),
        medical.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM medical_medicalaccessevent")


def test_the_application_refuses_changes_to_the_log():
    event = audit_record(actor=ACTOR, action="read", subject_employee_ids=[1])
    event.actor_label = "x"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.filter(pk=event.pk).update(purpose="x")
    with pytest.raises(PermissionError):
        AccessEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AccessEventSubject.objects.all().delete()
    seal_all()
    with pytest.raises(PermissionError):
        ChainCheckpoint.objects.all().update(last_hash="x")
    with pytest.raises(PermissionError):
        ChainCheckpoint.objects.get().delete()
    assert verify_chain().intact


def test_the_chain_holds_across_a_year_boundary(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 31, 23, 59, 59, 999_999, tzinfo=dt.UTC), tick=False)
    before = audit_record(actor=ACTOR, action="read")
    time_machine.move_to(dt.datetime(2027, 1, 1, 0, 0, 0, 1, tzinfo=dt.UTC), tick=False)
    after = audit_record(actor=ACTOR, action="read")
    before, after = _sealed([before, after])
    assert before.occurred_at.year == 2026
    assert after.occurred_at.year == 2027
    assert after.prev_hash == before.hash
    assert verify_chain().intact


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_application_role_cannot_change_the_log_on_postgresql():
    """Revoked privileges hold even with the triggers gone (db-privileges); the role
    keeps what the sealer needs."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles exist on PostgreSQL only; its CI leg runs this")
    audit_record(actor=ACTOR, action="read")
    role = "poortwachter_app_test_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    call_command("db-privileges", app_role=role, apply=True, stdout=StringIO())
    drop_append_only_triggers("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {role}")
            try:
                cursor.execute("SELECT count(*) FROM audit_accessevent")
                assert cursor.fetchone()[0] == 1
                for statement in (
                    "UPDATE audit_accessevent SET actor_label = 'x'",
                    "DELETE FROM audit_accessevent",
                    "TRUNCATE audit_accessevent CASCADE",
                ):
                    with (
                        pytest.raises(DatabaseError, match="permission denied"),
                        transaction.atomic(),
                    ):
                        cursor.execute(statement)
                # The sealer runs as this role: it may set the three chain columns.
                assert [sealed.events for sealed in seal_all()] == [1, 0]
            finally:
                cursor.execute("RESET ROLE")
    finally:
        install_all_append_only_triggers("default")
    assert verify_chain().checked == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_application_role_cannot_change_the_medical_log_on_postgresql():
    """The same privileges on the medical database's log (``--database medical``)."""
    medical = connections["medical"]
    assert medical.vendor == "postgresql", "run with DATABASE_URL (make test-postgres-only)"
    medical_record(actor=ACTOR, action="read", employee_id=1, employer_id=1)
    role = "poortwachter_med_test_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    with medical.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    out = StringIO()
    call_command("db-privileges", app_role=role, database="medical", apply=True, stdout=out)
    assert "GRANT UPDATE (seq, prev_hash, hash) ON medical_medicalaccessevent" in out.getvalue()
    drop_append_only_triggers("medical")
    try:
        with medical.cursor() as cursor:
            cursor.execute(f"SET ROLE {role}")
            try:
                for statement in (
                    "UPDATE medical_medicalaccessevent SET actor_label = 'x'",
                    "DELETE FROM medical_medicalaccessevent",
                    "TRUNCATE medical_medicalaccessevent",
                    "DELETE FROM medical_medicalchaincheckpoint",
                ):
                    with (
                        pytest.raises(DatabaseError, match="permission denied"),
                        transaction.atomic(using="medical"),
                    ):
                        cursor.execute(statement)
                assert [sealed.events for sealed in seal_all()] == [0, 1]
            finally:
                cursor.execute("RESET ROLE")
    finally:
        install_all_append_only_triggers("medical")
    assert chains()[1].verify().checked == 1
