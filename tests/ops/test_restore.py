"""``poortwachter restore-test``: a real backup and restore of a synthetic dataset, on
SQLite and (with DATABASE_URL) on PostgreSQL, and every way a bad backup must show."""

import json
import re
import shutil
import sqlite3
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from poortwachter.audit.models import AccessEvent
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import Actor
from poortwachter.devtools.synthetic import generate
from poortwachter.medical.log import medical_record
from poortwachter.medical.models import MedicalFile
from poortwachter.operations import backups

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

ACTOR = Actor.system("restore-test")


@pytest.fixture
def dataset():
    """Synthetic employers and people with history, access-log events on both chains and
    a medical file: every kind of table the backups must carry, triggers included."""
    generate(seed=3, employers=2, employees=25, years=2)
    for _ in range(5):
        audit_record(actor=ACTOR, action="read")
    file = MedicalFile.objects.create(
        employee_id=1, employer_id=1, opened_at="2026-01-05T09:00:00Z", opened_by_id=1
    )
    for _ in range(3):
        medical_record(actor=ACTOR, action="read", file=file)


def _run(*args: str) -> dict:
    out = StringIO()
    call_command("restore-test", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def _run_failing(*args: str) -> dict:
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("restore-test", "--json", *args, stdout=out)
    assert exit_info.value.code == 1
    return json.loads(out.getvalue())


def _tables(report: dict, alias: str) -> dict[str, dict]:
    (database,) = [d for d in report["databases"] if d["alias"] == alias]
    return {t["table"]: t for t in database["tables"]}


def _scratch_exists(name: str) -> bool:
    if connection.vendor == "sqlite":
        return Path(name).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _drop_scratch(name: str) -> None:
    if connection.vendor == "sqlite":
        shutil.rmtree(Path(name).parent, ignore_errors=True)
        return
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _tamper_after_restore(monkeypatch, statement: str) -> None:
    """Change the scratch copy right after it is restored, as a damaged backup would."""
    restore_sqlite, restore_postgres = backups.restore_sqlite, backups.restore_postgres

    def sqlite_then_tamper(backup, scratch):
        restore_sqlite(backup, scratch)
        with sqlite3.connect(scratch) as conn:
            conn.execute(statement)

    def postgres_then_tamper(backup, scratch_params):
        restore_postgres(backup, scratch_params)
        import psycopg

        with psycopg.connect(**scratch_params, autocommit=True) as conn:
            conn.execute(statement)

    monkeypatch.setattr(backups, "restore_sqlite", sqlite_then_tamper)
    monkeypatch.setattr(backups, "restore_postgres", postgres_then_tamper)


def test_a_backup_of_both_databases_restores_and_verifies(dataset):
    before = {alias: backups.source_checksums(alias) for alias in ("default", "medical")}

    report = _run()

    assert report["ok"] is True
    assert [d["alias"] for d in report["databases"]] == ["default", "medical"]
    default, medical = _tables(report, "default"), _tables(report, "medical")
    # Every table, Django's own included, and the data really went through.
    assert {"django_migrations", "django_session", "accounts_user"} <= default.keys()
    assert default["audit_accessevent"]["rows_restored"] == AccessEvent.objects.count() > 0
    assert default["organisations_employee"]["rows_restored"] == 25
    assert medical["medical_medicalaccessevent"]["rows_restored"] == 3
    assert medical["medical_medicalfile"]["rows_restored"] == 1
    assert all(t["checksum_ok"] for t in [*default.values(), *medical.values()])
    for database in report["databases"]:
        assert database["vendor"] == connection.vendor
        assert database["backup_taken"] is True
        assert database["backup_bytes"] > 0
        # The scratch copy and the temporary backup are gone.
        assert not _scratch_exists(database["scratch"])
        assert not Path(database["backup"]).exists()
    # Nothing in the source changed.
    assert {alias: backups.source_checksums(alias) for alias in before} == before


def test_the_text_report_lists_every_table_and_a_summary(dataset):
    out = StringIO()
    call_command("restore-test", "--database", "medical", stdout=out)
    text = out.getvalue()
    assert "medical_medicalaccessevent" in text
    # "medical: N tables, M rows, all match"
    assert re.search(r"medical: \d+ tables, \d+ rows", text)
    assert "all match" in text
    assert text.rstrip().endswith("Restore test passed.")


def test_a_changed_row_in_the_restored_copy_fails(dataset, monkeypatch):
    _tamper_after_restore(
        monkeypatch,
        "UPDATE organisations_employee SET first_name = 'Veranderd' "
        "WHERE id = (SELECT min(id) FROM organisations_employee)",
    )
    report = _run_failing("--database", "default")
    tables = _tables(report, "default")
    employee = tables["organisations_employee"]
    assert employee["status"] == "mismatch"
    assert employee["rows_source"] == employee["rows_restored"] == 25  # same count...
    assert employee["checksum_ok"] is False  # ...different content
    assert report["databases"][0]["problems"] == ["organisations_employee"]


def test_a_removed_row_fails_and_the_text_report_names_it(dataset, monkeypatch):
    _tamper_after_restore(
        monkeypatch,
        "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations)",
    )
    out = StringIO()
    with pytest.raises(CommandError, match="django_migrations"):
        call_command("restore-test", "--database", "default", stdout=out)
    assert "MISMATCH" in out.getvalue()


def test_a_table_missing_from_the_restored_copy_fails(dataset, monkeypatch):
    _tamper_after_restore(monkeypatch, "DROP TABLE django_migrations")
    report = _run_failing("--database", "default")
    assert _tables(report, "default")["django_migrations"]["status"] == "missing"


def test_a_backup_taken_before_the_source_changed_no_longer_matches(dataset, tmp_path):
    taken = _run("--database", "default", "--output", str(tmp_path))
    backup = Path(taken["databases"][0]["backup"])
    assert taken["ok"] is True
    assert backup.parent == tmp_path  # --output keeps it
    assert backup.exists()

    # The kept backup verifies against the unchanged source...
    assert _run("--database", "default", "--backup", str(backup))["ok"] is True
    # ...and no longer once the source has moved on.
    audit_record(actor=ACTOR, action="read")
    report = _run_failing("--database", "default", "--backup", str(backup))
    database = report["databases"][0]
    assert database["backup_taken"] is False
    events = _tables(report, "default")["audit_accessevent"]
    assert events["status"] == "mismatch"
    assert events["rows_source"] == events["rows_restored"] + 1
    assert backup.exists()  # a given backup is never removed


def test_a_truncated_backup_fails(dataset, tmp_path):
    """A backup cut short (a full disk, an interrupted copy) never passes."""
    taken = _run("--database", "default", "--output", str(tmp_path))
    backup = Path(taken["databases"][0]["backup"])
    data = backup.read_bytes()
    backup.write_bytes(data[: len(data) // 2])
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("restore-test", "--database", "default", "--backup", str(backup), stdout=out)
    assert "Restore test passed" not in out.getvalue()


def test_the_restored_copy_keeps_the_append_only_guard(dataset):
    report = _run("--database", "default", "--keep")
    scratch = report["databases"][0]["scratch"]
    assert report["databases"][0]["kept"] is True
    assert _scratch_exists(scratch)
    try:
        if connection.vendor == "sqlite":
            conn = sqlite3.connect(scratch)
            try:
                with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                    conn.execute("UPDATE audit_accessevent SET actor_label = 'x'")
            finally:
                conn.close()
        else:
            import psycopg

            params = {**backups._libpq_params(connection.settings_dict), "dbname": scratch}
            with (
                psycopg.connect(**params, autocommit=True) as conn,
                pytest.raises(psycopg.Error, match="append-only"),
            ):
                conn.execute("DELETE FROM audit_accessevent")
    finally:
        _drop_scratch(scratch)


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    bogus = tmp_path / "backup.dump"
    bogus.write_text("not a backup")
    with pytest.raises(CommandError, match="is not"):
        call_command("restore-test", "--database", "default", "--backup", str(bogus))


def test_backup_needs_one_database(db, tmp_path):
    bogus = tmp_path / "backup.dump"
    bogus.write_text("x")
    with pytest.raises(CommandError, match="one --database"):
        call_command("restore-test", "--backup", str(bogus))


@pytest.mark.postgresql
def test_writes_during_the_dump_do_not_break_the_comparison(dataset, monkeypatch):
    """On a live PostgreSQL system the dump and the source's checksums share one
    snapshot: an event written while pg_dump runs is in neither, and the test passes."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump --snapshot is PostgreSQL's; the PostgreSQL leg runs this")
    before = AccessEvent.objects.count()
    run_tool = backups._run_tool

    def write_then_run(argv, params, timeout=None):
        if Path(argv[0]).name == "pg_dump":
            audit_record(actor=ACTOR, action="read")  # autocommit: committed at once
        return run_tool(argv, params, timeout)

    monkeypatch.setattr(backups, "_run_tool", write_then_run)
    report = _run("--database", "default")
    assert report["ok"] is True
    assert _tables(report, "default")["audit_accessevent"]["rows_source"] == before
    assert AccessEvent.objects.count() == before + 1


@pytest.mark.postgresql
def test_the_scratch_database_can_live_on_another_server(dataset):
    if connection.vendor != "postgresql":
        pytest.skip("--scratch-url is for PostgreSQL; the PostgreSQL leg runs this")
    settings_dict = connections["medical"].settings_dict
    url = "postgres://{USER}@{HOST}:{PORT}/postgres".format(**settings_dict)
    report = _run("--database", "medical", "--scratch-url", url)
    assert report["ok"] is True
    assert not _scratch_exists(report["databases"][0]["scratch"])
