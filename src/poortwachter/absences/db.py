"""A row about an employee belongs to that employee's employer, as a database rule
(issue 21; R-AUTHZ-1).

Employers' users see sick reports and the rest of this app's rows through the rows' own
``employer_id`` (``absences.policies``: one indexed column instead of a join through the
employee). That is only right while every such row's ``employer_id`` is the employee's
own. The services set it so; these triggers make the database refuse any statement that
breaks it, from any code path (a shell, a bulk insert, a future service that forgets).
"""

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

EMPLOYEE_TABLE = "organisations_employee"
#: Every table of this app with an employee and an employer column (a test checks the
#: list is complete, and that migration 0006 installed the same).
TABLES = [
    "absences_absencecase",
    "absences_sickreport",
    "absences_leaveperiod",
    "absences_emergencyinfo",
    "absences_publishedadvice",
    "absences_wagesanction",
    "absences_wageextension",
    "absences_latereport",
    # No employee column: the item belongs to its sick report's employer.
    "absences_servicequeueitem",
]
#: Tables whose row belongs to the employer of another row than the employee: the table
#: and the column that points to it.
PARENTS = {"absences_servicequeueitem": ("absences_sickreport", "report_id")}
MESSAGE = "employer_id must be the employer of the employee"


def _parent(table: str) -> tuple[str, str]:
    """The table whose employer the row must carry, and the column pointing to it."""
    return PARENTS.get(table, (EMPLOYEE_TABLE, "employee_id"))


def _mismatch(table: str) -> str:
    """SQL: the new row's employer is not its employee's (or its parent row's). Built from
    table and column names of this project's models only, never from input."""
    parent, column = _parent(table)
    return (
        f"NEW.employer_id IS DISTINCT FROM (SELECT p.employer_id FROM {parent} p "  # noqa: S608  # nosec B608 - table names only, see docstring
        f"WHERE p.id = NEW.{column})"
    )


def _sqlite(table: str) -> list[str]:
    # SQLite has no IS DISTINCT FROM; IS NOT compares NULLs the same way.
    mismatch = _mismatch(table).replace("IS DISTINCT FROM", "IS NOT")
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_employer_insert BEFORE INSERT ON {table} "
        f"WHEN {mismatch} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_employer_update "
        f"BEFORE UPDATE OF employer_id, {_parent(table)[1]} ON {table} "
        f"WHEN {mismatch} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ]


def _postgresql(table: str) -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION {table}_employer_check() RETURNS trigger AS $$ "
        f"BEGIN IF {_mismatch(table)} THEN "
        f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; "
        "END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        f"DROP TRIGGER IF EXISTS {table}_employer ON {table}",
        f"CREATE TRIGGER {table}_employer BEFORE INSERT OR UPDATE OF employer_id, "
        f"{_parent(table)[1]} ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_employer_check()",
    ]


def install_employer_triggers(connection: BaseDatabaseWrapper, tables: list[str]) -> None:
    if connection.vendor == "sqlite":
        statements = [sql for table in tables for sql in _sqlite(table)]
    elif connection.vendor == "postgresql":
        statements = [sql for table in tables for sql in _postgresql(table)]
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(connection.vendor)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_employer_triggers(connection: BaseDatabaseWrapper, tables: list[str]) -> None:
    statements = []
    for table in tables:
        if connection.vendor == "sqlite":
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_employer_insert",
                f"DROP TRIGGER IF EXISTS {table}_employer_update",
            ]
        else:
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_employer ON {table}",
                f"DROP FUNCTION IF EXISTS {table}_employer_check()",
            ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def reinstall_after_migrate(*, using: str = "default", **_kwargs) -> None:
    """``post_migrate``: put the triggers (back) on every table of ``TABLES`` the database
    holds. On SQLite a later migration that alters a column rebuilds the table (a new
    table, the rows copied, the old one dropped) and its triggers go with the old one;
    installing is idempotent, so this runs after every ``migrate``."""
    install_where_present(using, TABLES)


def install_where_present(using: str, tables: list[str]) -> None:
    """(Re)install the triggers on those of ``tables`` the database holds (also for other
    apps' tables: ``reintegration.db``)."""
    connection = connections[using]
    present = set(connection.introspection.table_names())
    found = [table for table in tables if table in present]
    if found and EMPLOYEE_TABLE in present:
        install_employer_triggers(connection, found)
