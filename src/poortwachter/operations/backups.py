"""Restore tests: a backup only counts once it has been restored and compared.

``restore_test(alias)`` takes a backup of one database (PostgreSQL: ``pg_dump -Fc``;
SQLite: the online backup API) or takes an existing backup file, restores it into a
scratch database (PostgreSQL: a new database beside the source, or on another server;
SQLite: a temporary file), and compares every table of the source with its restored copy:
the number of rows and a checksum of the content, computed the same way on both sides.

The checksum of a table is a multiset hash: the sum, modulo 2**128, of a hash of every
row (PostgreSQL: ``md5`` of the row's text form, summed on the server in two 64-bit
halves; SQLite: BLAKE2b of a typed encoding of the row, summed in Python while the rows
stream past). It does not depend on the order of the rows, needs no sort and no memory
that grows with the table, and changes when any row is changed, added or removed.

The source is only read: on PostgreSQL in a ``READ ONLY`` transaction, on SQLite with
``SELECT`` and the backup API. When this module takes the backup itself, the dump and the
source's checksums come from one snapshot (PostgreSQL: ``pg_export_snapshot`` passed to
``pg_dump --snapshot``; SQLite: backup and checksums in one read transaction), so a live
system that keeps writing still compares exactly. An existing backup given with
``backup=`` is compared with the source as it is now: that only matches when nothing was
written since the backup was taken.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
from django.db import connections
from django.utils import timezone
from psycopg import sql
from psycopg.conninfo import make_conninfo

#: What a PostgreSQL custom-format dump and an SQLite database file start with.
PG_CUSTOM_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
#: Rows fetched at a time when hashing SQLite tables: memory stays flat.
FETCH_ROWS = 2000
_MOD = 2**128
logger = logging.getLogger(__name__)
# The text form of a row depends on these session settings; both sides use the same.
_PG_SESSION = (
    "SET TIME ZONE 'UTC'",
    "SET DateStyle = 'ISO, YMD'",
    "SET IntervalStyle = 'postgres'",
    "SET extra_float_digits = 1",
    "SET bytea_output = 'hex'",
)
# OPTIONS of a Django PostgreSQL database that are Django's, not libpq's.
_DJANGO_ONLY_OPTIONS = {
    "pool",
    "isolation_level",
    "assume_role",
    "server_side_binding",
    "prepare_threshold",
    "cursor_factory",
    "context",
}


class RestoreTestError(Exception):
    """The restore test could not run (a tool is missing, a dump or restore failed)."""


@dataclass(frozen=True)
class Checksum:
    rows: int
    digest: int  # sum of the row hashes, modulo 2**128

    @property
    def hex(self) -> str:
        return f"{self.digest:032x}"


@dataclass
class TableCheck:
    table: str
    source: Checksum | None
    restored: Checksum | None

    @property
    def status(self) -> str:
        if self.source is None:
            return "extra"  # in the restored copy only
        if self.restored is None:
            return "missing"
        return "ok" if self.source == self.restored else "mismatch"

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def as_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "status": self.status,
            "rows_source": None if self.source is None else self.source.rows,
            "rows_restored": None if self.restored is None else self.restored.rows,
            "checksum_source": None if self.source is None else self.source.hex,
            "checksum_restored": None if self.restored is None else self.restored.hex,
            "checksum_ok": self.source is not None and self.source == self.restored,
        }


@dataclass
class RestoreTestResult:
    alias: str
    vendor: str
    backup: str  # the backup file (gone afterwards unless it was given or kept)
    backup_taken: bool
    backup_bytes: int
    scratch: str  # scratch database name or file
    kept: bool
    tables: list[TableCheck] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: SQLite: PRAGMA integrity_check of the restored file ("ok" when sound).
    integrity: str = "ok"

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and bool(self.tables) and all(t.ok for t in self.tables)

    @property
    def rows(self) -> int:
        return sum(t.source.rows for t in self.tables if t.source is not None)

    def as_json(self) -> dict[str, Any]:
        return {
            "alias": self.alias,
            "vendor": self.vendor,
            "ok": self.ok,
            "backup": self.backup,
            "backup_taken": self.backup_taken,
            "backup_bytes": self.backup_bytes,
            "scratch": self.scratch,
            "kept": self.kept,
            "integrity": self.integrity,
            "tables_checked": len(self.tables),
            "rows_checked": self.rows,
            "problems": [t.table for t in self.tables if not t.ok],
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "notes": self.notes,
            "tables": [t.as_json() for t in self.tables],
        }


def compare(source: dict[str, Checksum], restored: dict[str, Checksum]) -> list[TableCheck]:
    names = sorted(source.keys() | restored.keys())
    return [TableCheck(name, source.get(name), restored.get(name)) for name in names]


def restore_test(
    alias: str,
    *,
    backup: Path | None = None,
    keep: bool = False,
    output_dir: Path | None = None,
    scratch_url: str | None = None,
) -> RestoreTestResult:
    """Back up (or take ``backup``), restore into a scratch database, compare, clean up."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        return _sqlite_restore_test(alias, backup=backup, keep=keep, output_dir=output_dir)
    if connection.vendor == "postgresql":
        return _postgres_restore_test(
            alias, backup=backup, keep=keep, output_dir=output_dir, scratch_url=scratch_url
        )
    raise RestoreTestError(f"no restore test for {connection.vendor}.")


_runs = itertools.count(1)


def source_checksums(alias: str) -> dict[str, Checksum]:
    """The checksums of every table of the source as it is now (read only)."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        with _sqlite_snapshot(alias) as conn:
            return sqlite_checksums(conn)
    with _pg_connect(_libpq_params(connection.settings_dict)) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return postgres_checksums(conn)


def _stamp() -> str:
    """Unique per run: time, process and a counter (two runs in one second differ)."""
    return f"{timezone.now():%Y%m%d%H%M%S}_{os.getpid()}_{next(_runs)}"


def _check_magic(path: Path, magic: bytes, kind: str) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(magic))
    except OSError as error:
        raise RestoreTestError(f"cannot read backup {path}: {error}") from None
    if head != magic:
        raise RestoreTestError(f"{path} is not {kind}.")


# --- SQLite -----------------------------------------------------------------------------


def _sqlite_encode(value: Any) -> bytes:
    """A typed, unambiguous encoding: 1 and '1' and 1.0 and b'1' all differ."""
    if value is None:
        return b"n;"
    if isinstance(value, int):
        return b"i%d;" % value
    if isinstance(value, float):
        return b"f" + value.hex().encode() + b";"
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
        return b"s%d:" % len(data) + data
    data = bytes(value)
    return b"b%d:" % len(data) + data


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    """Every ordinary table (Django's own included); not virtual tables, whose content
    lives in their shadow tables, nor the planner's statistics."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_stat%' "
        "AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
    ).fetchall()
    return [name for (name,) in rows]


def _select_all(table: str) -> str:
    """SQLite cannot bind a table name as a parameter. The name comes from the database's
    own schema (``sqlite_tables``), never from input, and is quoted as an identifier."""
    quoted = '"' + table.replace('"', '""') + '"'
    return "SELECT * FROM " + quoted  # noqa: S608  # nosec B608


def sqlite_checksums(conn: sqlite3.Connection) -> dict[str, Checksum]:
    result = {}
    for table in sqlite_tables(conn):
        cursor = conn.execute(_select_all(table))
        rows, total = 0, 0
        while batch := cursor.fetchmany(FETCH_ROWS):
            for row in batch:
                digest = hashlib.blake2b(
                    b"".join(_sqlite_encode(value) for value in row), digest_size=16
                ).digest()
                total += int.from_bytes(digest, "big")
                rows += 1
        cursor.close()
        result[table] = Checksum(rows, total % _MOD)
    return result


@contextmanager
def _sqlite_snapshot(alias: str) -> Iterator[sqlite3.Connection]:
    """A plain connection to the source (no Django type converters, so both sides hash
    the values as stored), read-only, inside one read transaction: the backup and the
    checksums see the same state even while other processes write (WAL)."""
    name = str(connections[alias].settings_dict["NAME"])
    # Django's names are paths or, for in-memory test databases, URIs.
    if not name.startswith("file:") and not Path(name).is_file():
        raise RestoreTestError(f"database file {name} does not exist.")
    conn = sqlite3.connect(name, uri=True, isolation_level=None, timeout=20)
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN DEFERRED")
        yield conn
        conn.execute("ROLLBACK")  # nothing was written: this only ends the read
    finally:
        conn.close()


def restore_sqlite(backup: Path, scratch: Path) -> None:
    """Restore an SQLite backup into ``scratch`` (a new file) with the backup API."""
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(scratch)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def _sqlite_restore_test(
    alias: str, *, backup: Path | None, keep: bool, output_dir: Path | None
) -> RestoreTestResult:
    work = Path(tempfile.mkdtemp(prefix=f"poortwachter-restore-{alias}-"))
    seconds: dict[str, float] = {}
    try:
        with _sqlite_snapshot(alias) as source:
            if backup is None:
                folder = output_dir or work
                backup_file = folder / f"{alias}-{_stamp()}.sqlite3"
                started = time.perf_counter()
                target = sqlite3.connect(backup_file)
                try:
                    source.backup(target)
                finally:
                    target.close()
                seconds["backup"] = time.perf_counter() - started
            else:
                _check_magic(backup, SQLITE_MAGIC, "an SQLite database file")
                backup_file = backup
            started = time.perf_counter()
            source_sums = sqlite_checksums(source)
            seconds["checksum_source"] = time.perf_counter() - started
        scratch = work / f"{alias}-restored.sqlite3"
        started = time.perf_counter()
        try:
            restore_sqlite(backup_file, scratch)
        except sqlite3.DatabaseError as error:
            raise RestoreTestError(f"restoring {backup_file} failed: {error}") from None
        seconds["restore"] = time.perf_counter() - started
        restored = sqlite3.connect(f"{scratch.as_uri()}?mode=ro", uri=True)
        try:
            started = time.perf_counter()
            integrity = [row[0] for row in restored.execute("PRAGMA integrity_check")]
            restored_sums = sqlite_checksums(restored)
            seconds["checksum_restored"] = time.perf_counter() - started
        finally:
            restored.close()
        return RestoreTestResult(
            alias=alias,
            vendor="sqlite",
            backup=str(backup_file),
            backup_taken=backup is None,
            backup_bytes=backup_file.stat().st_size,
            scratch=str(scratch),
            kept=keep,
            tables=compare(source_sums, restored_sums),
            seconds=seconds,
            integrity="; ".join(integrity[:5]),
        )
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


# --- PostgreSQL -------------------------------------------------------------------------


def _libpq_params(settings_dict: dict[str, Any], dbname: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {
        key: value
        for key, value in (settings_dict.get("OPTIONS") or {}).items()
        if key not in _DJANGO_ONLY_OPTIONS
    }
    params["dbname"] = dbname or settings_dict["NAME"]
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host")):
        if settings_dict.get(key):
            params[name] = settings_dict[key]
    if settings_dict.get("PORT"):
        params["port"] = str(settings_dict["PORT"])
    return params


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RestoreTestError(
            f"{name} not found on PATH: install the PostgreSQL client tools "
            "(the same major version as the server)."
        )
    return path


def _run_tool(argv: list[str], params: dict[str, Any], timeout: float | None = None) -> None:
    """Run pg_dump/pg_restore: connection details in ``--dbname`` as a conninfo string,
    the password only in the environment (never on a command line other users can see)."""
    without_password = {k: v for k, v in params.items() if k != "password"}
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    argv = [*argv, "--dbname", make_conninfo(**without_password)]
    # A list of arguments, no shell; the tool is the PATH's pg_dump or pg_restore.
    completed = subprocess.run(  # noqa: S603
        argv, env=env, capture_output=True, text=True, check=False, timeout=timeout
    )
    if completed.returncode != 0:
        tool = Path(argv[0]).name
        raise RestoreTestError(
            f"{tool} failed (exit {completed.returncode}): {completed.stderr.strip()[-2000:]}"
        )


def _tool_major(tool: str) -> int:
    out = subprocess.run(  # noqa: S603 - the PATH's pg_dump, a fixed flag
        [tool, "--version"], capture_output=True, text=True, check=True
    ).stdout
    # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    match = re.search(r"\)\s+(\d+)", out)
    if match is None:
        raise RestoreTestError(f"cannot read the version of {tool}: {out.strip()}")
    return int(match.group(1))


def _pg_connect(params: dict[str, Any], *, autocommit: bool = True):
    conn = psycopg.connect(**params, autocommit=autocommit)
    for statement in _PG_SESSION:
        conn.execute(statement)
    return conn


def postgres_tables(conn) -> list[tuple[str, str]]:
    """Every table with rows of its own, in every schema but the system's."""
    return conn.execute(
        "SELECT n.nspname, c.relname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' "
        "ORDER BY 1, 2"
    ).fetchall()


def postgres_checksums(conn) -> dict[str, Checksum]:
    query = sql.SQL(
        "SELECT count(*), "
        "coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint), 0), "
        "coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint), 0) "
        "FROM (SELECT md5(t::text) AS h FROM ONLY {} AS t) AS rows"
    )
    result = {}
    for schema, table in postgres_tables(conn):
        rows, high, low = conn.execute(query.format(sql.Identifier(schema, table))).fetchone()
        name = table if schema == "public" else f"{schema}.{table}"
        digest = ((int(high) % 2**64) << 64) | (int(low) % 2**64)
        result[name] = Checksum(int(rows), digest)
    return result


def restore_postgres(backup: Path, scratch_params: dict[str, Any]) -> None:
    """pg_restore a custom-format dump into the (empty) scratch database. Tables and
    their data come before indexes, constraints and triggers (post-data), so the access
    log's append-only triggers do not stand in the way."""
    _run_tool(
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", str(backup)],
        scratch_params,
    )


def _scratch_server(alias: str, scratch_url: str | None) -> dict[str, Any]:
    """Where the scratch database is made: the source's server and role, or another
    server given as a URL (its database is only used to create and drop the scratch)."""
    if scratch_url:
        return _libpq_params(dict(dj_database_url.parse(scratch_url)))
    return _libpq_params(connections[alias].settings_dict)


def _postgres_restore_test(
    alias: str,
    *,
    backup: Path | None,
    keep: bool,
    output_dir: Path | None,
    scratch_url: str | None,
) -> RestoreTestResult:
    settings_dict = connections[alias].settings_dict
    source_params = _libpq_params(settings_dict)
    server_params = _scratch_server(alias, scratch_url)
    base = str(settings_dict["NAME"])[:30]
    stamp = _stamp()
    scratch_name = f"{base}_restore_{stamp}"[:63]
    scratch_params = {**server_params, "dbname": scratch_name}
    work = Path(tempfile.mkdtemp(prefix=f"poortwachter-restore-{alias}-"))
    seconds: dict[str, float] = {}
    notes: list[str] = []
    created = False
    try:
        source = _pg_connect(source_params)
        try:
            server_major = source.info.server_version // 10000
            # One snapshot for the dump and for the source's checksums; READ ONLY: the
            # comparison cannot change anything in the source.
            source.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if backup is None:
                pg_dump = _tool("pg_dump")
                client_major = _tool_major(pg_dump)
                notes.append(f"pg_dump {client_major}, server {server_major}")
                if client_major < server_major:
                    raise RestoreTestError(
                        f"pg_dump {client_major} is older than the server ({server_major})."
                    )
                (snapshot,) = source.execute("SELECT pg_export_snapshot()").fetchone()
                folder = output_dir or work
                backup_file = folder / f"{alias}-{stamp}.dump"
                started = time.perf_counter()
                _run_tool(
                    [pg_dump, "--format=custom", "--snapshot", snapshot, "--file",
                     str(backup_file)],
                    source_params,
                )  # fmt: skip
                seconds["backup"] = time.perf_counter() - started
            else:
                _check_magic(backup, PG_CUSTOM_MAGIC, "a PostgreSQL custom-format dump")
                backup_file = backup
            started = time.perf_counter()
            source_sums = postgres_checksums(source)
            seconds["checksum_source"] = time.perf_counter() - started
            source.execute("ROLLBACK")
        finally:
            source.close()

        with _pg_connect(server_params) as admin:
            try:
                admin.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(
                        sql.Identifier(scratch_name)
                    )
                )
            except Exception as error:
                raise RestoreTestError(
                    f"cannot create the scratch database {scratch_name}: {error}".strip()
                    + " (the role needs CREATEDB, or give --scratch-url)"
                ) from None
            created = True
        started = time.perf_counter()
        restore_postgres(backup_file, scratch_params)
        seconds["restore"] = time.perf_counter() - started
        with _pg_connect(scratch_params) as restored:
            started = time.perf_counter()
            restored_sums = postgres_checksums(restored)
            seconds["checksum_restored"] = time.perf_counter() - started
        return RestoreTestResult(
            alias=alias,
            vendor="postgresql",
            backup=str(backup_file),
            backup_taken=backup is None,
            backup_bytes=backup_file.stat().st_size,
            scratch=scratch_name,
            kept=keep,
            tables=compare(source_sums, restored_sums),
            seconds=seconds,
            notes=notes,
        )
    finally:
        if created and not keep:
            try:
                with _pg_connect(server_params) as admin:
                    admin.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                            sql.Identifier(scratch_name)
                        )
                    )
            except Exception:
                logger.exception("could not drop the scratch database %s", scratch_name)
        shutil.rmtree(work, ignore_errors=True)
