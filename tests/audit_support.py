"""Test-only access to the access log's database guard.

Tampering tests need to edit the log the way an attacker with database access would,
and pytest-django empties the database between transactional (browser) tests. Both need
the append-only triggers out of the way for a moment; nothing in the product does this.
"""

from contextlib import contextmanager

from django.db import connections

from poortwachter.audit.db import (
    APPEND_ONLY_TABLES,
    SEALED_TABLES,
    install_append_only_triggers,
)
from poortwachter.medical.db import MEDICAL_APPEND_ONLY_TABLES, MEDICAL_SEALED_TABLES

#: Each database, its append-only log tables and of those the sealed event tables.
GUARDED = {
    "default": (APPEND_ONLY_TABLES, SEALED_TABLES),
    "medical": (MEDICAL_APPEND_ONLY_TABLES, MEDICAL_SEALED_TABLES),
}


def drop_append_only_triggers(alias: str | None = None) -> None:
    for db, (tables, _sealed) in GUARDED.items():
        if alias not in (None, db):
            continue
        connection = connections[db]
        with connection.cursor() as cursor:
            for table in tables:
                if connection.vendor == "sqlite":
                    for operation in ("update", "delete"):
                        cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")
                else:
                    for name in ("no_change", "no_truncate", "seal_once"):
                        cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}")


def install_all_append_only_triggers(alias: str | None = None) -> None:
    for db, (tables, sealed) in GUARDED.items():
        if alias in (None, db):
            install_append_only_triggers(connections[db], tables, sealed)


@contextmanager
def append_only_triggers_off(alias: str | None = "default"):
    drop_append_only_triggers(alias)
    try:
        yield
    finally:
        install_all_append_only_triggers(alias)
