"""Database-level append-only enforcement for the access log (NEN 7513 §8, SECURITY.md G10).

The models already refuse updates and deletes; these triggers make the database refuse
them too, for any statement from any code path. On PostgreSQL the application's own role
should also lack DELETE and TRUNCATE on these tables and UPDATE on every column but the
three the sealer fills in (``poortwachter db-privileges``), so even a dropped trigger does
not reopen them.

One UPDATE is allowed, once per event: sealing (``audit.sealer``). The request path
inserts an event without its place in the chain; the sealer then sets ``seq``,
``prev_hash`` and ``hash`` from empty to a value. The trigger lets that through only
when the event was unsealed, ends up fully sealed, and every other column is unchanged;
a sealed event can never be changed again, not even resealed.
"""

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

#: The main log's tables that refuse UPDATE and DELETE.
APPEND_ONLY_TABLES = ("audit_accessevent", "audit_accesseventsubject", "audit_chaincheckpoint")
#: Of those, the event tables: UPDATE is allowed only to seal an unsealed event.
SEALED_TABLES = ("audit_accessevent",)
MESSAGE = "the access log is append-only"
SEAL_COLUMNS = ("seq", "prev_hash", "hash")


def _sqlite_seal_condition(connection: BaseDatabaseWrapper, table: str) -> str:
    with connection.cursor() as cursor:
        columns = [
            column.name
            for column in connection.introspection.get_table_description(cursor, table)
            if column.name not in SEAL_COLUMNS
        ]
    unchanged = " AND ".join(f'NEW."{name}" IS OLD."{name}"' for name in columns)
    return (
        "OLD.seq IS NULL AND NEW.seq IS NOT NULL AND OLD.prev_hash = '' AND OLD.hash = '' "
        f"AND NEW.prev_hash <> '' AND NEW.hash <> '' AND {unchanged}"
    )


def _sqlite_statements(
    connection: BaseDatabaseWrapper, tables: tuple[str, ...], sealed: tuple[str, ...]
) -> list[str]:
    statements = []
    for table in tables:
        for operation in ("UPDATE", "DELETE"):
            name = f"{table}_no_{operation.lower()}"
            when = ""
            if operation == "UPDATE" and table in sealed:
                when = f"WHEN NOT ({_sqlite_seal_condition(connection, table)}) "
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} BEFORE {operation} ON {table} {when}"
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
            ]
    return statements


_POSTGRESQL_SEAL_ONCE = (
    "CREATE OR REPLACE FUNCTION audit_seal_once() RETURNS trigger AS $$ "
    "BEGIN "
    "IF OLD.seq IS NULL AND NEW.seq IS NOT NULL "
    "AND OLD.prev_hash = '' AND OLD.hash = '' AND NEW.prev_hash <> '' AND NEW.hash <> '' "
    "AND (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash') "
    "= (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash') THEN RETURN NEW; END IF; "
    f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END "
    "$$ LANGUAGE plpgsql"
)


def _postgresql_statements(tables: tuple[str, ...], sealed: tuple[str, ...]) -> list[str]:
    statements = [
        "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END "
        "$$ LANGUAGE plpgsql",
        _POSTGRESQL_SEAL_ONCE,
    ]
    for table in tables:
        refused = "DELETE" if table in sealed else "UPDATE OR DELETE"
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
            f"CREATE TRIGGER {table}_no_change BEFORE {refused} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()",
            f"DROP TRIGGER IF EXISTS {table}_seal_once ON {table}",
        ]
        if table in sealed:
            statements.append(
                f"CREATE TRIGGER {table}_seal_once BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION audit_seal_once()"
            )
    return statements


def install_append_only_triggers(
    connection: BaseDatabaseWrapper,
    tables: tuple[str, ...] = APPEND_ONLY_TABLES,
    sealed: tuple[str, ...] = SEALED_TABLES,
) -> None:
    """(Re)install the triggers on ``tables``; on those in ``sealed`` an UPDATE may only
    seal an unsealed event. Idempotent. On SQLite the seal condition names the table's
    columns as they are now: run it again after adding a column to an event table."""
    if connection.vendor == "sqlite":
        statements = _sqlite_statements(connection, tables, sealed)
    elif connection.vendor == "postgresql":
        statements = _postgresql_statements(tables, sealed)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(connection.vendor)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


#: Every append-only log's (tables, sealed tables): the main log's, and those other apps
#: register (the medical log, in its own database).
_LOGS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [(APPEND_ONLY_TABLES, SEALED_TABLES)]


def register_append_only(tables: tuple[str, ...], sealed: tuple[str, ...]) -> None:
    """Another app's log gets the same triggers, and gets them back after a migrate."""
    if (tables, sealed) not in _LOGS:
        _LOGS.append((tables, sealed))


def reinstall_after_migrate(*, using: str = "default", **_kwargs) -> None:
    """``post_migrate``: (re)install the triggers of every registered log whose tables this
    database holds. On SQLite a later migration that alters a column rebuilds the table
    and its triggers go with the old one, and the seal condition names the columns as
    they are; installing is idempotent, so this runs after every ``migrate``."""
    connection = connections[using]
    present = set(connection.introspection.table_names())
    for tables, sealed in _LOGS:
        if set(tables) <= present:
            install_append_only_triggers(connection, tables, sealed)


def privilege_statements(
    app_role: str,
    tables: tuple[str, ...] = APPEND_ONLY_TABLES,
    sealed: tuple[str, ...] = SEALED_TABLES,
) -> list[str]:
    """SQL that gives the application's database role what it needs and no more on the
    access log: it may read and append, and set an event's three chain columns (the
    sealer, which runs as the same role; the trigger allows that once per event); never
    change another column or remove anything."""
    quoted = '"' + app_role.replace('"', '""') + '"'
    names = ", ".join(tables)
    columns = ", ".join(SEAL_COLUMNS)
    return [
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {names} FROM {quoted}",
        *(f"GRANT UPDATE ({columns}) ON {table} TO {quoted}" for table in sealed),
    ]
