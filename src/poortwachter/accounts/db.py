"""The separation of duties as a database rule (issue 18, finding 3; R-ACC-1).

``accounts.services.role_grant`` refuses to give one account a medical role together
with service administration or privacy oversight; these triggers make the database
refuse it too, for any statement from any code path (a shell, a bulk insert, a future
service that forgets). Rows that existed before the rule are not touched: the
``check-separation-of-duties`` command reports them for the service to resolve.
"""

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from poortwachter.core.roles import MEDICAL_ROLES, SEPARATED_FROM_MEDICAL

TABLE = "accounts_roleassignment"
MESSAGE = "separation of duties: a medical role never joins service administration"


def _sql_list(roles) -> str:
    return ", ".join(f"'{role!s}'" for role in sorted(roles))


MEDICAL = _sql_list(MEDICAL_ROLES)
SEPARATED = _sql_list(SEPARATED_FROM_MEDICAL)


def _conflict(new: str, other_row: str) -> str:
    """SQL: the new row's role conflicts with a role the same user already holds. Built
    from this module's constants only (role codes, the table name), never from input."""
    return (
        f"({new}.role IN ({MEDICAL}) AND EXISTS (SELECT 1 FROM {TABLE} r WHERE "  # noqa: S608  # nosec B608 - constants only, see docstring
        f"r.user_id = {new}.user_id AND r.role IN ({SEPARATED}){other_row})) OR "
        f"({new}.role IN ({SEPARATED}) AND EXISTS (SELECT 1 FROM {TABLE} r WHERE "
        f"r.user_id = {new}.user_id AND r.role IN ({MEDICAL}){other_row}))"
    )


def _sqlite_statements() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_separation_insert BEFORE INSERT ON {TABLE} "
        f"WHEN {_conflict('NEW', '')} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_separation_update "
        f"BEFORE UPDATE OF role, user_id ON {TABLE} "
        f"WHEN {_conflict('NEW', ' AND r.id <> NEW.id')} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ]


def _postgresql_statements() -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION accounts_separation_of_duties() RETURNS trigger AS $$ "
        f"BEGIN IF {_conflict('NEW', ' AND r.id <> NEW.id')} THEN "
        f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; "
        "END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        f"DROP TRIGGER IF EXISTS {TABLE}_separation ON {TABLE}",
        f"CREATE TRIGGER {TABLE}_separation BEFORE INSERT OR UPDATE OF role, user_id ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION accounts_separation_of_duties()",
    ]


def install_separation_triggers(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "sqlite":
        statements = _sqlite_statements()
    elif connection.vendor == "postgresql":
        statements = _postgresql_statements()
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(connection.vendor)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_separation_triggers(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "sqlite":
        statements = [
            f"DROP TRIGGER IF EXISTS {TABLE}_separation_insert",
            f"DROP TRIGGER IF EXISTS {TABLE}_separation_update",
        ]
    else:
        statements = [f"DROP TRIGGER IF EXISTS {TABLE}_separation ON {TABLE}"]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def reinstall_after_migrate(*, using: str = "default", **_kwargs) -> None:
    """``post_migrate``: put the separation triggers (back). On SQLite a later migration
    that alters a column of the table rebuilds it, and its triggers go with the old one;
    installing is idempotent, so this runs after every ``migrate``."""
    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        install_separation_triggers(connection)
