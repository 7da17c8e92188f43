"""Benchmark ``poortwachter stats`` on SQLite and PostgreSQL: one year of the largest
synthetic employer, and the same aggregate written as hand-written SQL in the same run.

    uv run python benchmarks/stats.py --employees 100000 --employers 1 --backend sqlite postgres

For every backend the script makes a fresh database (``benchmarks/seed.py``'s helpers),
migrates it, generates ``--employees`` employees over ``--employers`` employers with
``--years`` of absence history (``poortwachter seed``), and then, in one child process:

- runs ``poortwachter stats --employer <largest> --from --to --json`` as its own process
  (wall time, Django start-up included), ``--repeat`` times;
- times the whole report in-process (``selectors.build_report``: every metric, trends,
  department breakdown and suppression);
- times the absence percentage's sums through the ORM (``metrics.absence_totals``:
  four aggregate queries, seven when leave touches the period) and as one hand-written
  SQL statement per backend, checks that both give the same numbers, and prints the ratio ORM / SQL.

The period is the last twelve complete months. The script prints figures; it never
asserts them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.seed import (
    BACKENDS,
    DEFAULT_PG_ADMIN_URL,
    SETTINGS,
    postgres_env,
    postgres_version,
    run_child,
    sqlite_env,
)

REPO = Path(__file__).resolve().parent.parent

# --- hand-written SQL: the absence percentage's sums in one statement -------------------
#
# {D(x)} is the day number of a date (days since 2000-01-01), {GT}/{LT} the vendor's
# greatest/least, {F} its float type. Window bounds are integers the script computes.
HAND_SQL = """
WITH emp AS (
  SELECT e.employee_id, {D(e.start_date)} AS s,
         COALESCE({D(e.end_date)} + 1, {hi}) AS t,
         CAST(e.hours_per_week AS {F}) AS hours,
         {LT}(CAST(e.hours_per_week AS {F}) / {ft}, 1.0) AS ptf
  FROM organisations_employment e
  WHERE e.employer_id = {employer} AND e.start_date <= '{end}'
    AND (e.end_date IS NULL OR e.end_date >= '{start}')
), sick AS (
  SELECT emp.*, r.id AS rid, {D(r.first_sick_day)} AS rs,
         COALESCE({D(r.recovered_on)}, {hi}) AS rt
  FROM emp JOIN absences_sickreport r ON r.employee_id = emp.employee_id
  WHERE r.first_sick_day <= '{end}' AND (r.recovered_on IS NULL OR r.recovered_on > '{start}')
), part AS (
  SELECT sick.*, {D(p.from_date)} AS ps,
         COALESCE((SELECT {D(MIN(p2.from_date))} FROM absences_partialrecovery p2
                   WHERE p2.report_id = p.report_id AND p2.from_date > p.from_date), sick.rt) AS pt,
         {LT}(CAST(p.hours_per_week AS {F}) / sick.hours, 1.0) AS worked
  FROM sick JOIN absences_partialrecovery p ON p.report_id = sick.rid
  WHERE p.from_date <= '{end}'
), lv AS (
  SELECT l.employee_id, {D(l.start)} AS ls, {D(l."end")} + 1 AS lt
  FROM absences_leaveperiod l
  WHERE l.employer_id = {employer} AND l.start <= '{end}' AND l."end" >= '{start}'
)
SELECT
  (SELECT SUM({GT}(0, {LT}(t, {hi}) - {GT}(s, {lo})) * ptf) FROM emp) AS available,
  (SELECT COALESCE(SUM({GT}(0, {LT}(emp.t, lv.lt, {hi}) - {GT}(emp.s, lv.ls, {lo})) * ptf), 0)
     FROM emp JOIN lv ON lv.employee_id = emp.employee_id) AS leave,
  (SELECT COALESCE(SUM({GT}(0, {LT}(t, rt, {hi}) - {GT}(s, rs, {lo})) * ptf), 0) FROM sick) AS sick,
  (SELECT COALESCE(SUM({GT}(0, {LT}(sick.t, rt, lv.lt, {hi}) - {GT}(sick.s, rs, lv.ls, {lo}))
                   * ptf), 0)
     FROM sick JOIN lv ON lv.employee_id = sick.employee_id) AS sick_leave,
  (SELECT COALESCE(SUM({GT}(0, {LT}(t, rt, pt, {hi}) - {GT}(s, rs, ps, {lo})) * ptf * worked), 0)
     FROM part) AS partial,
  (SELECT COALESCE(SUM({GT}(0, {LT}(part.t, rt, pt, lv.lt, {hi})
                        - {GT}(part.s, rs, ps, lv.ls, {lo})) * ptf * worked), 0)
     FROM part JOIN lv ON lv.employee_id = part.employee_id) AS partial_leave
"""


def hand_sql(vendor: str, employer: int, fulltime: float, start: dt.date, end: dt.date) -> str:
    import re

    from poortwachter.statistics.sql import day_number

    if vendor == "sqlite":
        day, gt, lt, flt = "CAST(julianday({x}) - 2451544.5 AS INTEGER)", "MAX", "MIN", "REAL"
    else:
        day, gt, lt, flt = "({x} - DATE '2000-01-01')", "GREATEST", "LEAST", "DOUBLE PRECISION"
    text = re.sub(r"\{D\(([^{}]*?\)?)\)\}", lambda m: day.replace("{x}", m.group(1)), HAND_SQL)
    values = {
        "GT": gt, "LT": lt, "F": flt, "ft": repr(float(fulltime)), "employer": int(employer),
        "start": start.isoformat(), "end": end.isoformat(),
        "lo": day_number(start), "hi": day_number(end) + 1,
    }  # fmt: skip
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def _best(function, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def child(repeat: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count

    from poortwachter.core import clock
    from poortwachter.organisations.models import Employer
    from poortwachter.statistics import metrics
    from poortwachter.statistics.periods import default_period
    from poortwachter.statistics.policies import StatisticsScope
    from poortwachter.statistics.selectors import build_report

    employer = Employer.objects.annotate(n=Count("employees")).order_by("-n").first()
    assert employer is not None
    period = default_period(clock.today())
    argv = [sys.executable, "-m", "poortwachter", "stats", "--employer", str(employer.pk),
            "--from", period.start.isoformat(), "--to", period.end.isoformat(),
            "--json"]  # fmt: skip
    command = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, cwd=REPO)  # noqa: S603
        command.append(time.perf_counter() - started)
    scope = StatisticsScope(employer, None, None, "system")
    report_s, report = _best(lambda: build_report(scope, period), repeat)
    mscope = metrics.Scope(employer.pk, float(employer.fulltime_hours))
    orm_s, (absent, available) = _best(lambda: metrics.absence_totals(mscope, period), repeat)
    sql = hand_sql(
        connection.vendor, employer.pk, float(employer.fulltime_hours), *(period.start, period.end)
    )

    def run_sql():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()

    sql_s, row = _best(run_sql, repeat)
    a, lv, s, sl, p, pl = (float(v or 0) for v in row)
    print(json.dumps({
        "employees": employer.employees.count(), "from": period.start.isoformat(),
        "to": period.end.isoformat(), "command_s": min(command), "report_s": report_s,
        "orm_s": orm_s, "sql_s": sql_s,
        "orm_pct": 100 * absent / available, "sql_pct": 100 * (s - sl - p + pl) / (a - lv),
        "absence_pct": report.headline.absence_pct, "frequency": report.headline.frequency,
    }))  # fmt: skip


def measure(backend: str, args: argparse.Namespace) -> dict:
    fresh = sqlite_env() if backend == "sqlite" else postgres_env(args.pg_admin_url)
    with fresh as extra:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, **extra}
        # The command's repeated runs must compute the report, not read it from the
        # statistics cache (issue 21), or "best of" would time a cache read.
        env["POORTWACHTER_STATS_CACHE_SECONDS"] = "0"
        if backend == "sqlite":
            env.pop("DATABASE_URL", None)
        python = sys.executable
        run_child([python, "-m", "poortwachter", "migrate", "-v", "0", "--skip-checks"], env, 900)
        started = time.perf_counter()
        run_child(
            [python, "-m", "poortwachter", "seed", "--employers", str(args.employers),
             "--employees", str(args.employees), "--years", str(args.years),
             "--seed", str(args.seed)],
            env, args.timeout,
        )  # fmt: skip
        print(f"  {backend}: seeded in {time.perf_counter() - started:.0f} s", flush=True)
        if backend == "postgres":
            run_child([python, "-c", "import django; django.setup(); from django.db import "
                       "connection; connection.cursor().execute('ANALYZE')"], env, 900)  # fmt: skip
        out, _peak = run_child(
            [python, str(Path(__file__).resolve()), "--child", "--repeat", str(args.repeat)],
            env, args.timeout,
        )  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--employers", type=int, default=1)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the best counts")
    parser.add_argument("--backend", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--pg-admin-url", default=DEFAULT_PG_ADMIN_URL)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.repeat)
        return 0
    import sqlite3

    pg = postgres_version(args.pg_admin_url) if "postgres" in args.backend else "-"
    print(f"SQLite {sqlite3.sqlite_version}, PostgreSQL {pg}, {os.cpu_count()} CPUs, "
          f"{args.employees:,} employees / {args.employers} employer(s), "
          f"years={args.years}")  # fmt: skip
    header = ("backend", "employees", "stats cmd s", "report s", "ORM %-sums s", "SQL s",
              "ORM/SQL", "absence %", "check")  # fmt: skip
    lines = []
    for backend in args.backend:
        print(f"  {backend} ...", flush=True)
        r = measure(backend, args)
        same = abs(r["orm_pct"] - r["sql_pct"]) < 1e-6
        lines.append((backend, f"{r['employees']:,}", f"{r['command_s']:.2f}",
                      f"{r['report_s']:.2f}", f"{r['orm_s']:.2f}", f"{r['sql_s']:.2f}",
                      f"{r['orm_s'] / r['sql_s']:.2f}", f"{r['absence_pct']}",
                      "same" if same else f"DIFFERS {r['orm_pct']} vs {r['sql_pct']}"))  # fmt: skip
        print(f"  {backend}: {r}", flush=True)
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for line in lines:
        print("| " + " | ".join(line) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
