"""Test-only access to the access log's database guard.

Tampering tests need to edit the log the way an attacker with database access would,
and pytest-django empties the database between transactional (browser) tests. Both need
the append-only triggers out of the way for a moment; nothing in the product does this.
"""

from contextlib import contextmanager

from django.db import connection

from poortwachter.audit.db import APPEND_ONLY_TABLES, install_append_only_triggers


def drop_append_only_triggers() -> None:
    with connection.cursor() as cursor:
        for table in APPEND_ONLY_TABLES:
            if connection.vendor == "sqlite":
                for operation in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")
            else:
                for name in ("no_change", "no_truncate"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}")


@contextmanager
def append_only_triggers_off():
    drop_append_only_triggers()
    try:
        yield
    finally:
        install_append_only_triggers(connection)
