"""Sick-report throughput and latency through the real HTTP stack, against a bare-Django
floor on the same server (issue 9, benchmark 1), and the web workers' peak memory
(benchmark 5).

    uv run python benchmarks/sickreport.py --backend sqlite postgres --clients 1 16 64

For every backend: a fresh installation (``benchmarks/harness.py``), one synthetic employer
with ``--employees`` employees and five years of absence history, a doctor assigned to it,
and one HR account with a TOTP second factor per client. gunicorn runs the production
config (``poortwachter.config.gunicorn``: sync workers, access log) with production's
Django settings; every client signs in with password and code, then at each concurrency
level:

- **sick report**: POST ``/verzuim/ziekmelden/<employee>/`` with a complete form for an
  employee who is at work (each employee once), expecting the redirect to the new report:
  the policy, the form, the text guard, the case logic, the access log and the
  notification to the doctor, in one transaction;
- **floor**: the same clients POST the same form to ``/bench/floor/``, a Django view on the
  same middleware that inserts one row and redirects (``benchmarks/floor``).

Closed loop (each client waits for its answer), ``--requests`` per level spread over the
clients. Prints requests/second, p50/p95/p99 in ms, errors, the ratio of the sick report to
the floor, the largest resident set a worker reached (sampled every 0.25 s and the
kernel's VmHWM), and the SQL statements one sick report and one floor POST cost on each
database (counted in-process before the load, through the same middleware). The access
log's sealer (``scheduler --frequent-only``) runs beside the server during the load, as
in production; afterwards the chain is sealed and checked (``verify-audit``). The load
generator runs on the same two cores as the server, so absolute figures are lower than on a
server of its own; the ratio is what to compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    Account,
    Client,
    Server,
    fresh_backend,
    install,
    issue_accounts,
    print_results,
    run_load,
    signed_in_clients,
)
from benchmarks.seed import BACKENDS, DEFAULT_PG_ADMIN_URL, postgres_version, run_child


def count_statements(user, employees: list[int]) -> dict:
    """SQL statements per request, in-process through the whole middleware stack, on
    both databases: one sick report and one floor POST, each after a warm-up request of
    its own kind (issue 21). Uses the first employees of ``employees`` (removed)."""
    from django.db import connections
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from tests.helpers import sign_in

    client = sign_in(DjangoClient(HTTP_HOST="127.0.0.1"), user)
    form = {**FORM, "first_sick_day": dt.date.today().isoformat()}

    def count(path: str) -> dict:
        with (
            CaptureQueriesContext(connections["default"]) as default,
            CaptureQueriesContext(connections["medical"]) as medical,
        ):
            response = client.post(path, form, secure=True)
        return {"status": response.status_code, "main": len(default), "medical": len(medical)}

    counted = {}
    for label, path in (("sick report", "/verzuim/ziekmelden/{}/"), ("floor", "/bench/floor/")):
        count(path.format(employees.pop(0)))  # warm-up: first-use caches, session refresh
        counted[label] = count(path.format(employees.pop(0)))
    return counted


def child_setup(employees: int, accounts: int) -> None:
    """Inside Django: the dataset, the accounts, the employees who can be reported and
    the statements per request."""
    import django

    django.setup()
    from poortwachter.absences.models import SickReport
    from poortwachter.accounts.models import User
    from poortwachter.accounts.selectors import actor_for_user
    from poortwachter.core import clock
    from poortwachter.core.roles import Role
    from poortwachter.devtools.synthetic import generate
    from poortwachter.organisations.models import Employer, current_employments
    from poortwachter.organisations.services import doctor_assign

    generate(seed=1, employers=1, employees=employees, years=5)
    employer = Employer.objects.get()
    plan = [(f"hr{index}", Role.HR, {"employer": employer}) for index in range(accounts)]
    plan.append(("arts", Role.DOCTOR, {}))
    issued = issue_accounts(plan)
    admin = User.objects.get(email__startswith="beheer@")
    doctor = User.objects.get(email=issued[-1]["email"])
    actor = actor_for_user(admin)
    doctor_assign(actor=actor, employer=employer, doctor=doctor, since=clock.today())
    sick = SickReport.objects.filter(recovered_on__isnull=True).values("employee_id")
    at_work = (
        current_employments()
        .filter(employer=employer)
        .exclude(employee_id__in=sick)
        .order_by("employee_id")
        .values_list("employee_id", flat=True)
        .distinct()
    )
    reportable = list(at_work)
    counts = count_statements(User.objects.get(email=issued[0]["email"]), reportable)
    print(json.dumps({"accounts": issued[:-1], "employees": reportable, "statements": counts}))


FORM = {
    "phone": "0612345678",
    "care_street": "Teststraat",
    "care_house_number": "1",
    "care_postcode": "1234 AB",
    "care_city": "Utrecht",
    "expected_duration": "unknown",
    "appointments_and_work": "Klantafspraak donderdag verzetten.",
    "safety_net_applies": "nee",
    "work_accident": "nee",
    "traffic_accident_third_party": "nee",
}


def describe(response, employee: int | None) -> str:
    """What came back instead of the redirect: status and the form's first error."""
    error = re.search(r'class="[^"]*error[^"]*"[^>]*>\s*([^<]{1,160})', response.text)
    detail = error.group(1).strip() if error else response.text[:120].replace("\n", " ")
    return f"employee {employee}: {response.status_code} {detail}"


@contextmanager
def sealer(env: dict[str, str]):
    """The access log's sealer beside the server, as in production (issue 21):
    ``scheduler --frequent-only`` seals every 5 s and writes the checkpoints to a
    directory of its own. Yields that environment, for checking the chain afterwards."""
    with tempfile.TemporaryDirectory(prefix="bench-checkpoints-") as directory:
        env = {**env, "POORTWACHTER_AUDIT_CHECKPOINT_DIR": directory}
        argv = [sys.executable, "-m", "poortwachter", "scheduler", "--frequent-only"]
        # The argv is this interpreter and fixed arguments: no outside input.
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
        try:
            yield env
        finally:
            proc.terminate()
            proc.wait(timeout=60)


def chain_check(env: dict[str, str]) -> str:
    """Seal what is left, then ``verify-audit --json``: the chain after the load."""
    python = [sys.executable, "-m", "poortwachter"]
    run_child([*python, "seal-audit"], env, 600)
    out, _ = run_child([*python, "verify-audit", "--json"], env, 600)
    report = json.loads(out)["chains"]["toegangslog"]
    return (
        f"intact {report['intact']}, {report['checked']} events sealed and checked, "
        f"{report['offhost_checked']} checkpoints off the host, {report['unsealed']} unsealed"
    )


def measure(backend: str, args: argparse.Namespace) -> tuple[list[tuple], list[tuple]]:
    rows: list[tuple] = []
    with fresh_backend(backend, args.pg_admin_url) as env:
        install(env)
        argv = [sys.executable, __file__, "--child", "--employees", str(args.employees),
                "--accounts", str(max(args.clients))]  # fmt: skip
        out, _ = run_child(argv, env, 900)
        setup = json.loads(out.strip().splitlines()[-1])
        accounts = [Account(**row) for row in setup["accounts"]]
        employees = iter(setup["employees"])
        statements = [
            (backend, label, row["status"], row["main"], row["medical"])
            for label, row in setup["statements"].items()
        ]
        lock = threading.Lock()
        form = {**FORM, "first_sick_day": dt.date.today().isoformat()}

        def sick_report(_index: int, client: Client, _sequence: int) -> bool | str:
            with lock:
                employee = next(employees)
            response = client.post(f"/verzuim/ziekmelden/{employee}/", form)
            if "/verzuim/meldingen/" in response.headers.get("Location", ""):
                return True
            return describe(response, employee)

        def floor(_index: int, client: Client, _sequence: int) -> bool | str:
            response = client.post("/bench/floor/", form)
            return response.status_code == 302 or describe(response, None)

        with Server(env, workers=args.workers) as server, sealer(env) as sealed_env:
            clients = signed_in_clients(server.url, accounts[: max(args.clients)])
            # Warm-up: every worker imports its templates and opens its connection.
            for client in itertools.islice(itertools.cycle(clients), 4 * args.workers):
                sick_report(0, client, 0)
                floor(0, client, 0)
            server.note_memory()
            sign_in_peak = server.peak_worker_kib / 1024
            server.reset_peaks()
            for level in args.clients:
                per_client = max(args.requests // level, 3)
                chosen = clients[:level]
                ours = run_load("sick report", chosen, sick_report, per_client=per_client)
                bare = run_load("floor", chosen, floor, per_client=per_client)
                for result in (ours, bare):
                    for sample in result.error_samples:
                        print(f"  {backend} {result.label} x{level}: {sample}")
                ratio = ours.per_second / bare.per_second if bare.per_second else float("nan")
                for result in (ours, bare):
                    rows.append((
                        backend, level, result.label, result.requests,
                        f"{result.per_second:.1f}", f"{result.p(50):.0f}", f"{result.p(95):.0f}",
                        f"{result.p(99):.0f}", result.errors,
                        f"{ratio:.0%}" if result is ours else "",
                    ))  # fmt: skip
            server.note_memory()
            rss = ", ".join(f"{mib:.0f}" for mib in server.worker_rss_mib())
            pss = ", ".join(f"{mib:.0f}" for mib in server.worker_pss_mib())
            print(
                f"\n{backend}: {args.workers} gunicorn workers (preloaded), after the load:\n"
                f"  resident (RSS) per worker {rss} MiB; proportional (PSS) {pss} MiB; "
                f"master {server.master_rss_mib():.0f} MiB\n"
                f"  largest worker peak during the load {server.peak_worker_kib / 1024:.0f} MiB; "
                f"during the sign-ins (Argon2) {sign_in_peak:.0f} MiB\n"
                f"  responses by status {server.status_counts()}"
            )
            print(f"  access log (sealer beside the server): {chain_check(sealed_env)}")
    return rows, statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--clients", nargs="+", type=int, default=[1, 16, 64])
    parser.add_argument("--requests", type=int, default=640, help="per level and view")
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (2 x cores + 1)")
    parser.add_argument("--pg-admin-url", default=DEFAULT_PG_ADMIN_URL)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--accounts", type=int, default=64, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_setup(args.employees, args.accounts)
        return
    print(f"Python {sys.version.split()[0]}; PostgreSQL {postgres_version(args.pg_admin_url)}")
    rows: list[tuple] = [
        ("backend", "clients", "view", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms",
         "errors", "of floor"),
    ]  # fmt: skip
    statements: list[tuple] = [("backend", "view", "status", "main db", "medical db")]
    for backend in args.backend:
        measured, counted = measure(backend, args)
        rows.extend(measured)
        statements.extend(counted)
    print_results("Sick reports against the bare-Django floor (closed loop)", rows)
    print_results("SQL statements per request (in-process, after a warm-up)", statements)


if __name__ == "__main__":
    main()
