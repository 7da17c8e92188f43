"""Benchmark the synthetic data generator (``poortwachter seed``) on SQLite and PostgreSQL.

    uv run python benchmarks/seed.py --employees 10000 100000 --backend sqlite postgres

For every backend and size the script makes a fresh database (a new temporary data
directory for SQLite, a scratch PostgreSQL database that is dropped afterwards), migrates
it in one child process, and generates in a second child process. Only ``generate()`` is
timed; peak resident memory is that of the whole generating child (interpreter, Django and
generator), read from ``os.wait4``. The script prints figures; it never asserts them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
SETTINGS = "poortwachter.config.settings.dev"
DEFAULT_PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgres")


def default_employers(employees: int) -> int:
    """20 employers for 10,000 employees, 100 for 100,000 (20 * (n / 10,000) ** 0.7)."""
    return max(1, min(employees, round(20 * (employees / 10_000) ** 0.7)))


@dataclass
class Result:
    backend: str
    employees: int
    employers: int
    seconds: float
    cpu_seconds: float
    rows: int
    peak_mib: float
    before_mib: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else float("nan")


# --- the child: runs inside a configured Django process -------------------------------


def child(employers: int, employees: int, years: int, seed: int) -> None:
    """Generate once and print one JSON line with the timing and row counts."""
    import resource

    import django

    django.setup()
    from poortwachter.absences.models import AbsenceCase, PartialRecovery, SickReport
    from poortwachter.devtools.synthetic import generate
    from poortwachter.organisations.models import (
        Department,
        Employee,
        Employer,
        Employment,
        SyntheticDataset,
    )

    before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    generate(seed=seed, employers=employers, employees=employees, years=years)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    counts = {
        model.__name__: model.objects.count()
        for model in (
            SyntheticDataset,
            Employer,
            Department,
            Employee,
            Employment,
            AbsenceCase,
            SickReport,
            PartialRecovery,
        )
    }
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "counts": counts,
                "before_kib": before_kib,
            }
        )
    )


# --- the parent: fresh databases and child processes ----------------------------------


def run_child(argv: list[str], env: dict[str, str], timeout: float) -> tuple[str, int]:
    """Run ``argv``; return its stdout and its peak resident set size in KiB."""
    with tempfile.TemporaryFile(mode="w+") as stderr:
        # argv is this interpreter with this script or ``-m poortwachter``: no outside input.
        proc = subprocess.Popen(  # noqa: S603
            argv, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=stderr, text=True
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            with proc.stdout:  # type: ignore[union-attr]
                out = proc.stdout.read()  # type: ignore[union-attr]
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        if proc.returncode != 0:
            stderr.seek(0)
            tail = "".join(stderr.readlines()[-3:]).rstrip()
            raise RuntimeError(f"{argv[1:4]} exited with {proc.returncode}:\n{tail}")
    return out, usage.ru_maxrss  # KiB on Linux


@contextmanager
def sqlite_env():
    data_dir = tempfile.mkdtemp(prefix="poortwachter-bench-")
    try:
        yield {"POORTWACHTER_DATA_DIR": data_dir}
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@contextmanager
def postgres_env(admin_url: str, *, medical: bool = False):
    """A scratch database (and with ``medical`` a second one for the medical module, as
    production requires), dropped afterwards."""
    import psycopg
    from psycopg import sql

    name = f"bench_seed_{os.getpid()}"
    names = [name, f"{name}_medical"] if medical else [name]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for each in names:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(each)))
    data_dir = tempfile.mkdtemp(prefix="poortwachter-bench-")  # the secret key file only
    extra = {
        "POORTWACHTER_DATA_DIR": data_dir,
        "DATABASE_URL": urlsplit(admin_url)._replace(path=f"/{name}").geturl(),
        "DATABASE_CONN_MAX_AGE": "0",
    }
    if medical:
        medical_url = urlsplit(admin_url)._replace(path=f"/{names[1]}").geturl()
        extra["POORTWACHTER_MEDICAL_DATABASE_URL"] = medical_url
    try:
        yield extra
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            for each in names:
                drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                conn.execute(drop.format(sql.Identifier(each)))
        shutil.rmtree(data_dir, ignore_errors=True)


def measure(backend: str, employees: int, args: argparse.Namespace) -> Result:
    employers = args.employers or default_employers(employees)
    fresh = sqlite_env() if backend == "sqlite" else postgres_env(args.pg_admin_url)
    with fresh as extra:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, **extra}
        if backend == "sqlite":
            env.pop("DATABASE_URL", None)
        run_child(
            [sys.executable, "-m", "poortwachter", "migrate", "-v", "0", "--skip-checks"], env, 600
        )
        out, peak_kib = run_child(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                "--employees",
                str(employees),
                "--employers",
                str(employers),
                "--years",
                str(args.years),
                "--seed",
                str(args.seed),
            ],
            env,
            args.timeout,
        )
    data = json.loads(out.strip().splitlines()[-1])
    if data["counts"]["Employee"] != employees:
        print(f"  note: asked for {employees} employees, got {data['counts']['Employee']}")
    return Result(
        backend=backend,
        employees=employees,
        employers=employers,
        seconds=data["seconds"],
        cpu_seconds=data["cpu_seconds"],
        rows=sum(data["counts"].values()),
        peak_mib=peak_kib / 1024,
        before_mib=data["before_kib"] / 1024,
    )


def postgres_version(admin_url: str) -> str:
    try:
        import psycopg

        with psycopg.connect(admin_url, connect_timeout=5) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except Exception as error:
        return f"unavailable ({error.__class__.__name__})"


def print_table(results: list[Result]) -> None:
    header = (
        "backend",
        "employees",
        "employers",
        "rows",
        "seconds",
        "cpu s",
        "rows/s",
        "peak MiB",
        "start MiB",
    )
    lines = [
        (
            r.backend,
            f"{r.employees:,}",
            f"{r.employers:,}",
            f"{r.rows:,}",
            f"{r.seconds:.2f}",
            f"{r.cpu_seconds:.2f}",
            f"{r.rows_per_second:,.0f}",
            f"{r.peak_mib:.0f}",
            f"{r.before_mib:.0f}",
        )
        for r in results
    ]
    markdown_table(header, lines)


def markdown_table(header: tuple[str, ...], lines: list[tuple[str, ...]]) -> None:
    """Print rows as a Markdown table, first column left, the others right-aligned."""
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]

    def fmt(row):
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "| " + " | ".join(cells) + " |"

    print(fmt(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in lines:
        print(fmt(row))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backend", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument(
        "--employers", type=int, default=0, help="default: 20 for 10k, 100 for 100k employees"
    )
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="fresh database each time")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per generation")
    parser.add_argument("--pg-admin-url", default=DEFAULT_PG_ADMIN_URL)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        child(args.employers, args.employees[0], args.years, args.seed)
        return 0

    import sqlite3

    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"PostgreSQL {postgres_version(args.pg_admin_url) if 'postgres' in args.backend else '-'}, "
        f"{os.cpu_count()} CPUs, years={args.years}, seed={args.seed}"
    )
    results: list[Result] = []
    for backend in args.backend:
        for employees in args.employees:
            for _ in range(args.repeat):
                print(f"  {backend}: {employees:,} employees ...", flush=True)
                try:
                    result = measure(backend, employees, args)
                except Exception as error:
                    print(f"  {backend}: {employees:,} employees failed: {error}")
                    continue
                print(f"  {result.seconds:.1f} s, peak {result.peak_mib:.0f} MiB", flush=True)
                results.append(result)
    print()
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
