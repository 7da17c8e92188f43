"""``DATABASE_POOL``: opt-in psycopg 3 connection pools for both PostgreSQL databases."""

import json
import os
import subprocess
import sys
import textwrap
from urllib.parse import urlsplit

import pytest
from django.db import connection

PRINT_DATABASES = """
    import json, django
    from django.conf import settings
    django.setup()
    print(json.dumps({
        alias: {"CONN_MAX_AGE": db["CONN_MAX_AGE"], "pool": db.get("OPTIONS", {}).get("pool"),
                "NAME": db["NAME"]}
        for alias, db in settings.DATABASES.items()
    }))
"""


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "poortwachter.config.settings.dev",
        "SECRET_KEY": "pool-settings-test-only",
        **env,
    }
    for name in ("DATABASE_URL", "DATABASE_POOL", "POORTWACHTER_MEDICAL_DATABASE_URL"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, env=environment, timeout=120, check=False,
    )  # fmt: skip


def _databases(**env: str) -> dict:
    result = _run(PRINT_DATABASES, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


URL = "postgres://poortwachter@db.internal:5432/poortwachter"


def test_without_database_pool_connections_persist_and_nothing_is_pooled():
    databases = _databases(DATABASE_URL=URL)
    for alias in ("default", "medical"):
        assert databases[alias]["pool"] is None
        assert databases[alias]["CONN_MAX_AGE"] == 60


def test_database_pool_1_pools_both_databases_with_the_library_defaults():
    databases = _databases(DATABASE_URL=URL, DATABASE_POOL="1")
    assert databases["medical"]["NAME"] == "poortwachter_medical"
    for alias in ("default", "medical"):
        assert databases[alias]["pool"] is True
        # Django refuses a pool beside persistent connections.
        assert databases[alias]["CONN_MAX_AGE"] == 0


def test_database_pool_min_max_sets_the_sizes_also_for_a_separate_medical_server():
    databases = _databases(
        DATABASE_URL=URL,
        POORTWACHTER_MEDICAL_DATABASE_URL="postgres://medisch@meddb.internal/medical",
        DATABASE_POOL="2:8",
        DATABASE_CONN_MAX_AGE="300",
    )
    for alias in ("default", "medical"):
        assert databases[alias]["pool"] == {"min_size": 2, "max_size": 8}
        assert databases[alias]["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize("value", ["many", "8:2", "2:", "0:0", "-1:4"])
def test_a_malformed_database_pool_stops_the_start(value):
    result = _run(PRINT_DATABASES, DATABASE_URL=URL, DATABASE_POOL=value)
    assert result.returncode != 0
    assert "DATABASE_POOL is 1 or MIN:MAX" in result.stderr


def test_database_pool_without_postgresql_is_refused():
    result = _run(PRINT_DATABASES, DATABASE_URL="sqlite:////tmp/x.sqlite3", DATABASE_POOL="1")
    assert result.returncode != 0
    assert "DATABASE_POOL needs a PostgreSQL" in result.stderr


@pytest.mark.postgresql
def test_queries_go_through_the_pool_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("connection pools are PostgreSQL's; the PostgreSQL leg runs this")
    result = _run(
        """
        import django
        from django.db import connections
        django.setup()
        for alias in ("default", "medical"):
            conn = connections[alias]
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1")
                assert cursor.fetchone() == (1,)
            pool = conn.pool
            assert pool is not None and (pool.min_size, pool.max_size) == (1, 2), pool
            assert conn.connection._pool is pool  # the connection was lent by the pool
            conn.close()  # gives it back
            print(alias, pool.get_stats()["requests_num"])
        """,
        DATABASE_URL=os.environ["DATABASE_URL"],
        # An existing database on the same server stands in for the medical one.
        POORTWACHTER_MEDICAL_DATABASE_URL=urlsplit(os.environ["DATABASE_URL"])
        ._replace(path="/postgres")
        .geturl(),
        DATABASE_POOL="1:2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["default", "1", "medical", "1"]
