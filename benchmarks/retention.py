"""Benchmark a retention run (``poortwachter retention``) that deletes about a million
expired records, on SQLite and PostgreSQL.

    uv run python benchmarks/retention.py --records 100000 1000000 --backend sqlite postgres

For every backend and size the script makes a fresh database (``benchmarks/seed.py``'s
helpers) and, each in its own child process:

1. migrates it;
2. generates the data with the project's synthetic generator
   (``poortwachter.devtools.synthetic.generate``: employees, employments, absence cases,
   sick reports, partial recoveries, all synthetic) while the clock is set
   ``--back-years`` (default 8) years in the past with time-machine, and then ends every
   employment that is still open on that (past) day, as if every employer closed down:
   one bulk ``UPDATE``. Every employee is then a former employee whose R-RET-1 term
   (2 years after the end) and R-RET-3 term (5 years from 1 January after the last action)
   have both run out by today, so everything of theirs is due. No other rows are made;
   the number of employees is chosen from ``--records`` with ``--rows-per-employee``
   (what the generator writes per employee on average, calibrated once);
3. runs ``poortwachter retention --dry-run --json`` (counting only), unless ``--no-dry-run``;
4. runs ``poortwachter retention --json`` for today, the real command with its default
   date, through ``call_command`` (no time travel: the data is old, not the clock young).

Generation and the purge are timed separately. Peak resident memory is that of the
purging child, read from ``os.wait4``: once Django is loaded the child sets its peak back
to its current size (``/proc/self/clear_refs``, Linux), so "peak MiB" is the highest the
process reached during the command (interpreter, Django and the purge), and "start MiB"
its resident size just before the command starts: the difference is the purge's own.
The script prints figures; it never asserts them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.seed import (
    BACKENDS,
    DEFAULT_PG_ADMIN_URL,
    SETTINGS,
    default_employers,
    markdown_table,
    postgres_env,
    postgres_version,
    run_child,
    sqlite_env,
)

#: Rows the generator writes per employee with 5 years of history (employee, employment,
#: absence cases, sick reports, partial recoveries): 8.9 to 9.1 with seed 1 between 2,000
#: and 11,000 employees. It picks the number of employees for ``--records``.
ROWS_PER_EMPLOYEE = 9.0


# --- the children: run inside a configured Django process -------------------------------


def _counts() -> dict[str, int]:
    from poortwachter.absences.models import AbsenceCase, PartialRecovery, SickReport
    from poortwachter.organisations.models import Employee, Employment

    return {
        model.__name__: model.objects.count()
        for model in (Employee, Employment, AbsenceCase, SickReport, PartialRecovery)
    }


def child_generate(args: argparse.Namespace) -> None:
    """Generate in the past, then end every open employment on that past day."""
    import django

    django.setup()
    import time_machine
    from django.db import connection
    from django.utils import timezone

    from poortwachter.core import clock
    from poortwachter.devtools.synthetic import generate
    from poortwachter.organisations.models import Employment

    today = timezone.localdate()
    back = today.replace(year=today.year - args.back_years, day=min(today.day, 28))
    moment = dt.datetime.combine(back, dt.time(12), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=True):
        started = time.perf_counter()
        generate(
            seed=args.seed, employers=args.employers, employees=args.employees, years=args.years
        )
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        closed = Employment.objects.filter(end_date__isnull=True).update(
            end_date=clock.today(), updated_at=clock.now()
        )
        close_seconds = time.perf_counter() - started
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    analyze_seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "generated_on": back.isoformat(),
                "seconds": seconds,
                "close_seconds": close_seconds,
                "analyze_seconds": analyze_seconds,
                "closed": closed,
                "counts": _counts(),
            }
        )
    )


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def _reset_peak() -> bool:
    """Set this process's peak resident set back to its current size (Linux 4.0+), so
    the peak ``os.wait4`` reports is the purge's, not that of importing Django."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def child_purge(args: argparse.Namespace) -> None:
    """Run the real command once, in this process, and time it."""
    import gc
    import io
    import resource

    import django

    django.setup()
    from django.core.management import call_command

    from poortwachter.audit.models import AccessEvent

    gc.collect()
    reset = _reset_peak()
    before_kib = _rss_kib() if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = io.StringIO()
    options = ["--json", "--batch-size", str(args.batch_size)]
    if args.dry_run_child:
        options.append("--dry-run")
    started, cpu_started = time.perf_counter(), time.process_time()
    call_command("retention", *options, stdout=out)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "before_kib": before_kib,
                "peak_reset": reset,
                "result": json.loads(out.getvalue()),
                "left": _counts(),
                "access_events": AccessEvent.objects.count(),
            }
        )
    )


# --- the parent -------------------------------------------------------------------------


def measure(backend: str, records: int, args: argparse.Namespace) -> dict:
    employees = max(1, round(records / args.rows_per_employee))
    employers = args.employers or default_employers(employees)
    script = str(Path(__file__).resolve())
    python = sys.executable
    fresh = sqlite_env() if backend == "sqlite" else postgres_env(args.pg_admin_url)
    with fresh as extra:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, **extra}
        if backend == "sqlite":
            env.pop("DATABASE_URL", None)
        run_child([python, "-m", "poortwachter", "migrate", "-v", "0", "--skip-checks"], env, 900)
        common = ["--seed", str(args.seed), "--batch-size", str(args.batch_size)]
        out, gen_peak = run_child(
            [python, script, "--child", "generate", "--employees", str(employees),
             "--employers", str(employers), "--years", str(args.years),
             "--back-years", str(args.back_years), *common],
            env, args.timeout,
        )  # fmt: skip
        generated = json.loads(out.strip().splitlines()[-1])
        print(
            f"  {backend}: generated {sum(generated['counts'].values()):,} rows "
            f"({employees:,} employees, {employers} employers) in "
            f"{generated['seconds']:.1f} s, ended {generated['closed']:,} open employments "
            f"in {generated['close_seconds']:.1f} s",
            flush=True,
        )
        dry = None
        if args.dry_run:
            out, dry_peak = run_child(
                [python, script, "--child", "dry-run", *common], env, args.timeout
            )
            dry = json.loads(out.strip().splitlines()[-1])
            dry["peak_kib"] = dry_peak
            print(f"  {backend}: dry run {dry['seconds']:.1f} s", flush=True)
        out, peak = run_child([python, script, "--child", "purge", *common], env, args.timeout)
        purged = json.loads(out.strip().splitlines()[-1])
        purged["peak_kib"] = peak
    return {
        "backend": backend,
        "employees": employees,
        "employers": employers,
        "generated": generated,
        "generate_peak_kib": gen_peak,
        "dry": dry,
        "purge": purged,
    }


def report(results: list[dict]) -> None:
    header = ("backend", "employees", "generate s", "deleted", "purge s", "cpu s", "rows/s",
              "peak MiB", "start MiB", "dry run s", "dry peak MiB", "left")  # fmt: skip
    lines = []
    for r in results:
        purge, dry = r["purge"], r["dry"]
        deleted = sum(c["count"] for c in purge["result"]["categories"])
        lines.append((
            r["backend"], f"{r['employees']:,}", f"{r['generated']['seconds']:.1f}",
            f"{deleted:,}", f"{purge['seconds']:.1f}", f"{purge['cpu_seconds']:.1f}",
            f"{deleted / purge['seconds']:,.0f}", f"{purge['peak_kib'] / 1024:.0f}",
            f"{purge['before_kib'] / 1024:.0f}",
            f"{dry['seconds']:.1f}" if dry else "-",
            f"{dry['peak_kib'] / 1024:.0f}" if dry else "-",
            f"{sum(purge['left'].values()):,}",
        ))  # fmt: skip
    markdown_table(header, list(lines))
    print()
    for r in results:
        purge, generated = r["purge"], r["generated"]
        cats = ", ".join(
            f"{c['category']} {c['rule']} {c['count']:,}" for c in purge["result"]["categories"]
        )
        models = ", ".join(
            f"{name} {count - purge['left'][name]:,}" for name, count in generated["counts"].items()
        )
        print(
            f"- {r['backend']}, {r['employees']:,} employees (generated as of "
            f"{generated['generated_on']}, purged as of {purge['result']['as_of']}):"
        )
        print(f"    deleted per category and rule: {cats}")
        print(f"    deleted per model: {models}")
        print(
            f"    left of those models: {sum(purge['left'].values()):,}; held employees: "
            f"{purge['result']['held_employees']}; access log kept: "
            f"{purge['result']['access_log_kept']:,} rows (one per purged employee)"
        )
        print(f"    ending the open employments: {generated['close_seconds']:.1f} s; "
              f"ANALYZE: {generated['analyze_seconds']:.1f} s (neither in generate s)")  # fmt: skip
        dry = r["dry"]
        if dry and dry["result"]["categories"] != purge["result"]["categories"]:
            print(f"    NOTE: the dry run counted {dry['result']['categories']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--records", type=int, nargs="+", default=[100_000, 1_000_000],
        help="expired records to delete (about; the number of employees follows)",
    )  # fmt: skip
    parser.add_argument("--backend", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--rows-per-employee", type=float, default=ROWS_PER_EMPLOYEE)
    parser.add_argument("--employers", type=int, default=0, help="default: as benchmarks/seed.py")
    parser.add_argument("--years", type=int, default=5, help="history per employee")
    parser.add_argument(
        "--back-years", type=int, default=8, help="generate this many years in the past"
    )
    parser.add_argument("--batch-size", type=int, default=500, help="the command's --batch-size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-dry-run", dest="dry_run", action="store_false")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per child")
    parser.add_argument("--pg-admin-url", default=DEFAULT_PG_ADMIN_URL)
    parser.add_argument("--child", choices=("generate", "dry-run", "purge"), help=argparse.SUPPRESS)
    parser.add_argument("--employees", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child == "generate":
        child_generate(args)
        return 0
    if args.child in ("dry-run", "purge"):
        args.dry_run_child = args.child == "dry-run"
        child_purge(args)
        return 0

    import sqlite3

    pg = postgres_version(args.pg_admin_url) if "postgres" in args.backend else "-"
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL {pg}, "
        f"{os.cpu_count()} CPUs, years={args.years}, back-years={args.back_years}, "
        f"seed={args.seed}, batch-size={args.batch_size}"
    )
    results = []
    for backend in args.backend:
        for records in args.records:
            print(f"  {backend}: about {records:,} records ...", flush=True)
            try:
                result = measure(backend, records, args)
            except Exception as error:
                print(f"  {backend}: {records:,} records failed: {error}")
                continue
            purge = result["purge"]
            print(f"  {backend}: purge {purge['seconds']:.1f} s, peak "
                  f"{purge['peak_kib'] / 1024:.0f} MiB", flush=True)  # fmt: skip
            results.append(result)
    print()
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
