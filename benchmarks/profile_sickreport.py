"""In-process profile of one sick report against the floor (issue 21): CPU time per
request of each, their ratio, the statements, and where the sick report's time goes.

    python benchmarks/profile_sickreport.py [--backend sqlite|postgres] [--requests 200]
        [--profile 100] [--top 25]

A fresh installation per run (as ``sickreport.py``: production settings plus the floor
view), a synthetic employer, one HR account signed in with its second factor. Both views
are posted through Django's test client with the whole middleware stack, alternately, so
a busy machine slows both alike. CPU time is this process's (on SQLite that includes the
database); on PostgreSQL the server's CPU per request is added from /proc.

It measures what ``bench-sickreport``'s ratio is made of without HTTP, gunicorn or a load
generator, so a change can be compared side by side on a shared machine. Nothing asserts a
time: the script prints figures.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import fresh_backend, install, issue_accounts
from benchmarks.profile_lists import COMPONENTS, _backend_cpu_ms, _component_times
from benchmarks.seed import DEFAULT_PG_ADMIN_URL, run_child
from benchmarks.sickreport import FORM

EXTRA_COMPONENTS = {
    "sick report service": "poortwachter/absences/services.py:sick_report_create",
    "medical-text guard": "poortwachter/textguard/_guard.py:check",
    "form is_valid": "django/forms/forms.py:is_valid",
    "notifications": "poortwachter/notifications/services.py:notify_many",
    "timeline/tasks": "poortwachter/reintegration/sync.py:on_case_changed",
    "transaction commit": "django/db/backends/base/base.py:commit",
    "on_commit callbacks": "django/db/backends/base/base.py:run_and_clear_commit_hooks",
}


#: Functions whose inclusive CPU time ``--breakdown`` adds up (module, attribute), outermost
#: first. Wrapped at run time, so a call costs two clock reads, not cProfile's overhead.
BREAKDOWN = (
    ("poortwachter.absences.forms", "SickReportForm.is_valid", "form: fields, guard"),
    ("poortwachter.absences.policies", "get_reportable_employee_for", "policy: the employee"),
    ("poortwachter.absences.services", "_sick_report_store", "service: the transaction"),
    ("poortwachter.absences.events", "sick_reported", "events: notifications, tasks"),
    ("poortwachter.reintegration.sync", "tasks_open", "tasks of a new case"),
    ("poortwachter.notifications.services", "notify_many", "notifications"),
    ("poortwachter.audit.services", "audit_record", "access event"),
    ("django.db.models.sql.compiler", "SQLCompiler.as_sql", "all: compiling SQL (ORM)"),
    ("django.db.models.sql.compiler", "SQLInsertCompiler.as_sql", "all: compiling INSERTs (ORM)"),
    ("django.db.backends.utils", "CursorWrapper._execute", "all: executing SQL"),
    ("django.db.backends.base.base", "BaseDatabaseWrapper.commit", "all: commit"),
)


def _wrap(spent: dict[str, float]) -> None:
    """Replace each ``BREAKDOWN`` function by a timer around it (where it is looked up:
    the module's attribute, and the importing modules' names bound to it)."""
    import functools
    import importlib

    depth: dict[str, int] = {}
    for module_name, attribute, label in BREAKDOWN:
        owner = importlib.import_module(module_name)
        holder, _, name = attribute.rpartition(".")
        if holder:
            owner = getattr(owner, holder)
        original = getattr(owner, name)

        def timed(*a, __original=original, __label=label, **k):
            # Only the outermost call counts (a subquery compiles inside its query).
            if depth.get(__label):
                return __original(*a, **k)
            depth[__label] = 1
            start = time.process_time()
            try:
                return __original(*a, **k)
            finally:
                depth[__label] = 0
                spent[__label] = spent.get(__label, 0.0) + time.process_time() - start

        functools.update_wrapper(timed, original)
        setattr(owner, name, timed)
        for module in list(sys.modules.values()):
            ours = getattr(module, "__name__", "").startswith("poortwachter.")
            if ours and not holder and getattr(module, name, None) is original:
                setattr(module, name, timed)


def _budget(parts: dict[str, float], whole: float, floor, requests: int) -> None:
    """What the target leaves (issue 21: a sick report at 50 % of the floor's rate, so at
    most twice its CPU): the floor's own cost and the database's work on the sick
    report's statements are given; the rest is what the sick report's Python may spend on
    the form, the guard, the policy, the relapse check, the first tasks and building its
    statements. Measured with the same wrappers on the floor, in the same process."""
    database = ("all: executing SQL", "all: commit")
    report_db = sum(parts.get(label, 0.0) for label in database) * 1000 / requests
    for label in list(parts):
        parts[label] = 0.0
    before = time.process_time()
    for _ in range(requests):
        floor()
    floor_ms = (time.process_time() - before) * 1000 / requests
    floor_db = sum(parts.get(label, 0.0) for label in database) * 1000 / requests
    target = 2 * floor_ms
    left = target - floor_ms - (report_db - floor_db)
    spent = whole - floor_ms - (report_db - floor_db)
    print("  what a sick report at 50 % of the floor may cost (same wrappers):")
    print(f"    {target:6.2f} ms  in all (twice the floor's {floor_ms:.2f} ms)")
    print(f"    {report_db - floor_db:6.2f} ms  the database's work beyond the floor's")
    print(f"    {left:6.2f} ms  left for the sick report's own Python; it spends {spent:.2f}")


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.db import connections
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from poortwachter.absences.models import SickReport
    from poortwachter.accounts.models import User
    from poortwachter.core.roles import Role
    from poortwachter.devtools.synthetic import generate
    from poortwachter.organisations.models import Employer, current_employments
    from tests.helpers import sign_in

    generate(seed=1, employers=1, employees=args.employees, years=1)
    employer = Employer.objects.get()
    issued = issue_accounts([("hr0", Role.HR, {"employer": employer})])
    user = User.objects.get(email=issued[0]["email"])
    client = sign_in(DjangoClient(HTTP_HOST="127.0.0.1"), user)
    sick = SickReport.objects.filter(recovered_on__isnull=True).values("employee_id")
    reportable = iter(
        current_employments()
        .filter(employer=employer)
        .exclude(employee_id__in=sick)
        .order_by("employee_id")
        .values_list("employee_id", flat=True)
        .distinct()
    )
    form = {**FORM, "first_sick_day": dt.date.today().isoformat()}

    def report() -> None:
        response = client.post(f"/verzuim/ziekmelden/{next(reportable)}/", form, secure=True)
        assert "/verzuim/meldingen/" in response.headers.get("Location", ""), response.status_code

    def floor() -> None:
        response = client.post("/bench/floor/", form, secure=True)
        assert response.status_code == 302, response.status_code

    for _ in range(5):
        report()
        floor()
    spent = {"sick report": 0.0, "floor": 0.0}
    db = {"sick report": 0.0, "floor": 0.0}
    for _ in range(args.requests):
        for label, call in (("sick report", report), ("floor", floor)):
            before_db, before = _backend_cpu_ms(), time.process_time()
            call()
            spent[label] += time.process_time() - before
            after_db = _backend_cpu_ms()
            db[label] += sum(after_db[k] - before_db[k] for k in after_db if k in before_db) / 1000
    counted = {}
    for label, call in (("sick report", report), ("floor", floor)):
        with (
            CaptureQueriesContext(connections["default"]) as main,
            CaptureQueriesContext(connections["medical"]) as medical,
        ):
            call()
        counted[label] = (len(main), len(medical), [q["sql"][:160] for q in main])
    print(f"\n== {args.backend}: {args.requests} of each, CPU ms per request (Python + database)")
    for label in spent:
        python = spent[label] * 1000 / args.requests
        database = db[label] * 1000 / args.requests
        main_n, medical_n, _ = counted[label]
        print(f"  {label:12} {python:6.2f} + {database:5.2f} ms; statements {main_n}+{medical_n}")
    total = {label: spent[label] + db[label] for label in spent}
    print(f"  floor / sick report CPU: {total['floor'] / total['sick report']:.0%}")
    if args.sql:
        for sql in counted["sick report"][2]:
            print(f"    {sql}")
    if args.breakdown:
        parts: dict[str, float] = {}
        _wrap(parts)
        before = time.process_time()
        for _ in range(args.requests):
            report()
        whole = (time.process_time() - before) * 1000 / args.requests
        print(f"  breakdown of a sick report ({whole:.2f} ms CPU, inclusive times):")
        for _module, _attribute, label in BREAKDOWN:
            print(f"    {parts.get(label, 0.0) * 1000 / args.requests:6.2f} ms  {label}")
        _budget(parts, whole, floor, args.requests)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.profile):
            report()
        profiler.disable()
        stats = pstats.Stats(profiler)
        COMPONENTS.update(EXTRA_COMPONENTS)
        for label, ms in sorted(_component_times(stats, args.profile).items(), key=lambda x: -x[1]):
            print(f"  cum {ms:7.2f} ms  {label}")
        rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)  # type: ignore[attr-defined]
        for (f, line, name), (_cc, _nc, tt, _ct, _c) in rows[: args.top]:
            print(f"  own {tt * 1000 / args.profile:7.3f} ms  {Path(f).name}:{line}:{name}")
        if args.dump:
            stats.dump_stats(args.dump)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--employees", type=int, default=1500)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", type=int, default=0, help="sick reports under cProfile")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--breakdown", action="store_true", help="CPU of the main parts")
    parser.add_argument("--sql", action="store_true", help="print the sick report's statements")
    parser.add_argument("--dump", default="", help="write the cProfile stats here")
    parser.add_argument("--pg-admin-url", default=DEFAULT_PG_ADMIN_URL)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with fresh_backend(args.backend, args.pg_admin_url) as env:
        install(env)
        argv = [sys.executable, __file__, "--child", *sys.argv[1:]]
        out, _ = run_child(argv, env, 1800)
        print(out)


if __name__ == "__main__":
    main()
