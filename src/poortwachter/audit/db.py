"""Database-level append-only enforcement for the access log (NEN 7513 §8).

The models already refuse updates and deletes; these triggers make the database refuse
them too, for any statement from any code path. On PostgreSQL the application's own role
should also lack UPDATE, DELETE and TRUNCATE on these tables
(``poortwachter db-privileges``), so even a dropped trigger does not reopen them.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

APPEND_ONLY_TABLES = ("audit_accessevent", "audit_accesseventsubject")
MESSAGE = "the access log is append-only"


def _sqlite_statements(tables: tuple[str, ...]) -> list[str]:
    statements = []
    for table in tables:
        for operation in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} "
                f"BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
    return statements


def _postgresql_statements(tables: tuple[str, ...]) -> list[str]:
    statements = [
        "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END "
        "$$ LANGUAGE plpgsql"
    ]
    for table in tables:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()",
        ]
    return statements


def install_append_only_triggers(
    connection: BaseDatabaseWrapper, tables: tuple[str, ...] = APPEND_ONLY_TABLES
) -> None:
    if connection.vendor == "sqlite":
        statements = _sqlite_statements(tables)
    elif connection.vendor == "postgresql":
        statements = _postgresql_statements(tables)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(connection.vendor)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def privilege_statements(app_role: str, tables: tuple[str, ...] = APPEND_ONLY_TABLES) -> list[str]:
    """SQL that gives the application's database role what it needs and no more on the
    access log: it may read and append, never change or remove."""
    quoted = '"' + app_role.replace('"', '""') + '"'
    names = ", ".join(tables)
    return [
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {names} FROM {quoted}",
    ]
