"""Benchmark the employee import (issue 20): a synthetic payroll export of ``--rows``
lines (``poortwachter.devtools.import_files``, with its twenty kinds of mistakes) into
one employer, on SQLite and/or PostgreSQL.

    uv run python benchmarks/import_employees.py --rows 10000 --backend sqlite postgres

For each backend a fresh database is made and migrated (``benchmarks/seed.py``'s
helpers); a child process then times, each separately, with the production services:

1. reading the file and keeping it (``run_create``);
2. the check: the preview of every line (``run_check``);
3. the import: the check again against the records as they are then, and the one
   transaction writing the accepted lines with their access-log events (``run_import``);
4. the same file a second time, check only: every line unchanged, nothing to write.

It prints figures (seconds, lines per second, queries); it never asserts them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.seed import (
    BACKENDS,
    DEFAULT_PG_ADMIN_URL,
    SETTINGS,
    markdown_table,
    postgres_env,
    run_child,
    sqlite_env,
)


def child(rows: int) -> None:
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from poortwachter.core.actor import Actor
    from poortwachter.devtools.import_files import employee_file
    from poortwachter.imports import services
    from poortwachter.organisations.models import Department, Employer

    employer = Employer.objects.create(name="Benchmark B.V.", is_synthetic=True)
    for name in ("Verpleging", "Keuken"):
        Department.objects.create(employer=employer, name=name)
    content = employee_file(rows).csv_bytes()
    actor = Actor.system("benchmark")
    figures: dict[str, dict[str, float]] = {}

    def timed(name, call):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = call()
            figures[name] = {"seconds": time.perf_counter() - started, "queries": len(queries)}
        return result

    def create():
        return services.run_create(actor=actor, employer=employer, filename="bench.csv",
                                   content=content, create_departments=False)  # fmt: skip

    run = timed("read and keep", create)
    run = timed("check (preview)", lambda: services.run_check(actor=actor, run=run))
    counts = dict(run.counts)
    run = services.run_start(actor=actor, run=run)
    run = timed("import (check + write)", lambda: services.run_import(actor=actor, run=run))
    again = timed("same file again: read", create)
    again = timed("same file again: check", lambda: services.run_check(actor=actor, run=again))
    print(json.dumps({"figures": figures, "preview": counts, "written": run.counts,
                      "again": again.counts, "status": run.status}))  # fmt: skip


def measure(backend: str, rows: int, args: argparse.Namespace) -> dict:
    fresh = sqlite_env() if backend == "sqlite" else postgres_env(args.pg_admin_url)
    with fresh as extra:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, **extra}
        if backend == "sqlite":
            env.pop("DATABASE_URL", None)
        run_child(
            [sys.executable, "-m", "poortwachter", "migrate", "-v", "0", "--skip-checks"], env, 600
        )
        out, _peak = run_child(
            [sys.executable, str(Path(__file__).resolve()), "--child", "--rows", str(rows)],
            env,
            args.timeout,
        )
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000])
    parser.add_argument("--backend", nargs="+", choices=BACKENDS, default=["sqlite"])
    parser.add_argument("--pg-admin-url", default=DEFAULT_PG_ADMIN_URL)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.rows[0])
        return 0
    lines = []
    for backend in args.backend:
        for rows in args.rows:
            data = measure(backend, rows, args)
            print(f"{backend} {rows} lines: preview {data['preview']}; written {data['written']}")
            print(f"  second run: {data['again']}")
            for phase, figure in data["figures"].items():
                rate = rows / figure["seconds"] if figure["seconds"] else 0
                lines.append((backend, str(rows), phase, f"{figure['seconds']:.2f}",
                              f"{rate:,.0f}", str(figure["queries"])))  # fmt: skip
    markdown_table(("backend", "lines", "phase", "seconds", "lines/s", "queries"), lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
