"""Test databases copied from a migrated template instead of migrated per process.

Every pytest process (each xdist worker, and each of the five pytest runs of a CI run)
created both test databases by running all migrations: 8-10 s alone, 37-52 s when three
workers did it at once on two cores. Now the first process to need a migration state
migrates as before and keeps a copy, under a lock; every later process copies that:

- SQLite: the in-memory test database is filled from a template file with SQLite's
  backup API (as Django's own parallel runner does for its workers);
- PostgreSQL: ``CREATE DATABASE ... TEMPLATE``, a file copy on the server.

The template is keyed by a hash of everything a migration run depends on: the migration
files, the modules they and the ``post_migrate`` handlers import (models, ``db.py``,
``apps.py``, the audit chain), the locked dependency versions and this file. A changed
migration therefore gets a new template; the three newest are kept, older ones removed. The
databases are otherwise set up and torn down as pytest-django does (``teardown`` drops
each process's copy), and the tests see the same schema, triggers and rows as after a
migration.
"""

import fcntl
import hashlib
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "poortwachter"
TEMPLATE_DIR = Path(tempfile.gettempdir()) / "poortwachter-test-templates"
PG_PREFIX = "pwtpl_"
#: Templates kept per database alias (other keys: other checkouts, older migrations).
KEEP = 3


def template_key(vendor: str) -> str:
    digest = hashlib.sha256(vendor.encode())
    files = [
        *sorted(SRC.glob("*/migrations/*.py")),
        *sorted(SRC.glob("*/models.py")),
        *sorted(SRC.glob("*/db.py")),
        *sorted(SRC.glob("*/apps.py")),
        SRC / "audit" / "chain.py",
        ROOT / "uv.lock",
        Path(__file__),
    ]
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _locked(key: str) -> Iterator[None]:
    """One process per machine builds a template; the others wait and then copy it (the
    lock is in the system's temporary directory, so worktrees and CI share it)."""
    TEMPLATE_DIR.mkdir(exist_ok=True)
    with open(TEMPLATE_DIR / f"{key}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _pg_template_name(key: str, alias: str) -> str:
    return f"{PG_PREFIX}{key}_{alias}"


def _pg_databases(connection) -> set[str]:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [PG_PREFIX + "%"])
        return {row[0] for row in cursor.fetchall()}


def _sqlite_template_path(key: str, alias: str) -> Path:
    return TEMPLATE_DIR / f"{key}-{alias}.sqlite3"


def _template_exists(connection, key: str) -> bool:
    if connection.vendor == "sqlite":
        return _sqlite_template_path(key, connection.alias).exists()
    return _pg_template_name(key, connection.alias) in _pg_databases(connection)


def _keep_as_template(connection, key: str) -> None:
    """After a normal migration: keep this process's test database as the template."""
    if connection.vendor == "sqlite":
        path = _sqlite_template_path(key, connection.alias)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        target = sqlite3.connect(partial)
        try:
            connection.ensure_connection()
            connection.connection.backup(target)
        finally:
            target.close()
        partial.replace(path)
        # Another checkout (a CI clone, a worktree) may still copy an older one: keep
        # the newest few.
        others = sorted(
            TEMPLATE_DIR.glob(f"*-{connection.alias}.sqlite3"),
            key=lambda found: found.stat().st_mtime,
            reverse=True,
        )
        for other in others[KEEP:]:
            other.unlink(missing_ok=True)
        return
    template = _pg_template_name(key, connection.alias)
    source = connection.settings_dict["NAME"]
    # CREATE DATABASE ... TEMPLATE needs the source without sessions: close ours first.
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            f"CREATE DATABASE {_quote(connection, template)} "
            f"WITH TEMPLATE {_quote(connection, source)}"
        )
        # The newest few stay (by oid, which grows with each new database): another
        # checkout may still copy an older one.
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s ORDER BY oid DESC",
            [PG_PREFIX + "%" + connection.alias],
        )
        for (other,) in cursor.fetchall()[KEEP:]:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quote(connection, other)}")
    connection.ensure_connection()


def _copy_template(connection, key: str) -> tuple:
    """What ``create_test_db`` does, with the migration replaced by a copy of the template;
    returns the entry ``teardown_databases`` expects."""
    from django.conf import settings

    alias = connection.alias
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    if connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quote(connection, test_name)}")
            cursor.execute(
                f"CREATE DATABASE {_quote(connection, test_name)} "
                f"WITH TEMPLATE {_quote(connection, _pg_template_name(key, alias))}"
            )
    connection.close()
    settings.DATABASES[alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{_sqlite_template_path(key, alias)}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    return (connection, old_name, True)


def _supported(connection) -> bool:
    if connection.vendor == "postgresql":
        return True
    creation = connection.creation
    return connection.vendor == "sqlite" and creation.is_in_memory_db(creation._get_test_db_name())


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_modify_db_settings,
):
    """pytest-django's ``django_db_setup`` with the migration run once per template key."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    db_cfg: list = []
    with django_db_blocker.unblock():
        if not aliases:
            pass
        elif serialized_aliases or not all(_supported(connections[a]) for a in aliases):
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
            )
        else:
            key = template_key(connections["default"].vendor)
            with _locked(key):
                if all(_template_exists(connections[alias], key) for alias in aliases):
                    db_cfg = [_copy_template(connections[alias], key) for alias in sorted(aliases)]
                else:
                    db_cfg = setup_databases(
                        verbosity=verbosity, interactive=False, aliases=aliases
                    )
                    for alias in sorted(aliases):
                        _keep_as_template(connections[alias], key)
    yield
    with django_db_blocker.unblock():
        teardown_databases(db_cfg, verbosity=verbosity)


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """Transactional tests (the browser, the live server) end with pytest-django emptying
    every table. On PostgreSQL Django does that with one ``TRUNCATE`` of all tables, which
    makes a new file for each of them and syncs it to disk: about 0.6 s a test here,
    against about 30 ms for a ``DELETE`` of each table. The foreign keys Django makes are
    deferred to the commit, and the flush runs in one transaction, so the order does not
    matter. A flush that resets sequences keeps Django's ``TRUNCATE ... RESTART
    IDENTITY``."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        # Table names from Django's introspection, never input.
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]  # noqa: S608

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.sql_flush = truncate  # type: ignore[method-assign]
