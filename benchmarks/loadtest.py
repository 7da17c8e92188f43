"""A bounded load test with locust: every role at once, in a realistic mix, against a
production-configured server on 127.0.0.1 (``make loadtest``).

    uv run --group load python benchmarks/loadtest.py [--backend sqlite|postgres]
        [--users 24] [--run-time 60s]

It installs a fresh copy (``benchmarks/harness.py``), builds the demo dataset
(``poortwachter.devtools.demo``: three employers, absence history, re-integration cases
with advices and tasks), issues extra accounts per role so that no two simulated people
share one, starts gunicorn with the production config and runs
``benchmarks/locustfile.py`` headless for ``--run-time``. Every simulated person signs
in with password and TOTP code, then browses as that role would (weights in the
locustfile). Prints locust's table and the workers' memory; exits non-zero when any
request failed. A load test, not a benchmark: compare runs on the same machine only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import REPO, Server, fresh_backend, install, issue_accounts
from benchmarks.seed import DEFAULT_PG_ADMIN_URL, run_child

#: Extra accounts per role beside the demo's own (one each): enough for --users 24.
EXTRA = {"employee": 12, "manager": 6, "hr": 6, "doctor": 4, "employer_admin": 2,
         "privacy_officer": 2}  # fmt: skip


def child_setup() -> None:
    """Inside Django: the demo, extra accounts, and the ids the scenario visits."""
    import django

    django.setup()
    from poortwachter.absences.models import SickReport
    from poortwachter.accounts.models import RoleAssignment, User
    from poortwachter.accounts.selectors import actor_for_user
    from poortwachter.core import clock
    from poortwachter.core.roles import Role
    from poortwachter.devtools.demo import build_demo
    from poortwachter.organisations.models import Department, Employer, current_employments

    demo = build_demo(seed=1, employees=3000)
    main = Employer.objects.order_by("pk").first()
    by_email = {account.email: account for account in demo}
    manager_email = next(a.email for a in demo if a.role == "manager")
    team = Department.objects.get(
        pk=RoleAssignment.objects.get(user__email=manager_email, role=Role.MANAGER).department_id
    )
    taken = set(
        RoleAssignment.objects.filter(employee__isnull=False).values_list("employee_id", flat=True)
    )
    people = [
        e.employee for e in current_employments().filter(employer=main).select_related("employee")
        .exclude(employee_id__in=taken).order_by("employee_id")[: EXTRA["employee"]]
    ]  # fmt: skip
    plan = [(f"werknemer{i}", Role.EMPLOYEE, {"employer": main, "employee": p})
            for i, p in enumerate(people)]  # fmt: skip
    plan += [(f"manager{i}", Role.MANAGER, {"employer": main, "department": team})
             for i in range(EXTRA["manager"])]  # fmt: skip
    plan += [(f"hr{i}", Role.HR, {"employer": main}) for i in range(EXTRA["hr"])]
    plan += [(f"beheer{i}", Role.EMPLOYER_ADMIN, {"employer": main})
             for i in range(EXTRA["employer_admin"])]  # fmt: skip
    plan += [(f"fg{i}", Role.PRIVACY_OFFICER, {}) for i in range(EXTRA["privacy_officer"])]
    plan += [(f"arts{i}", Role.DOCTOR, {}) for i in range(EXTRA["doctor"])]
    issued = issue_accounts(plan)
    from poortwachter.organisations.services import doctor_assign

    admin = User.objects.get(email=next(a.email for a in demo if a.role == "service_admin"))
    for account in issued:
        if account["role"] == Role.DOCTOR:
            doctor = User.objects.get(email=account["email"])
            doctor_assign(actor=actor_for_user(admin), employer=main, doctor=doctor,
                          since=clock.today())  # fmt: skip
    pools: dict[str, list[dict]] = {}
    for account in [*(vars(a) for a in by_email.values() if a.totp_secret), *issued]:
        role = {"hr_other_employer": "", "assistant": ""}.get(account["role"], account["role"])
        if role:
            pools.setdefault(role, []).append(
                {k: account[k] for k in ("email", "password", "totp_secret")}
            )
    sick = SickReport.objects.filter(recovered_on__isnull=True).values("employee_id")
    at_work = list(
        current_employments().filter(employer=main).exclude(employee_id__in=sick)
        .order_by("-employee_id").values_list("employee_id", flat=True)[:2000]
    )  # fmt: skip
    employees = list(
        current_employments().filter(employer=main).order_by("employee_id")
        .values_list("employee_id", flat=True)[:500]
    )  # fmt: skip
    print(json.dumps({"accounts": pools, "at_work": at_work, "employees": employees,
                      "employer": main.pk}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--spawn-rate", type=float, default=4)
    parser.add_argument("--run-time", default="60s")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--pg-admin-url", default=DEFAULT_PG_ADMIN_URL)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_setup()
        return
    with fresh_backend(args.backend, args.pg_admin_url) as env:
        install(env)
        out, _ = run_child([sys.executable, __file__, "--child"], env, 900)
        with (
            tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as scenario,
            Server(env, workers=args.workers) as server,
        ):
            scenario.write(out.strip().splitlines()[-1])
            scenario.close()
            os.chmod(scenario.name, 0o600)  # synthetic passwords, still kept private
            argv = [
                sys.executable, "-m", "locust", "-f", str(REPO / "benchmarks" / "locustfile.py"),
                "--headless", "--host", server.url, "--users", str(args.users),
                "--spawn-rate", str(args.spawn_rate), "--run-time", args.run_time,
                "--only-summary", "--stop-timeout", "10",
            ]  # fmt: skip
            locust_env = {**os.environ, "LOADTEST_SCENARIO": scenario.name}
            # argv: this interpreter and fixed arguments.
            result = subprocess.run(argv, env=locust_env, cwd=REPO, check=False)  # noqa: S603
            os.unlink(scenario.name)
            rss = ", ".join(f"{mib:.0f}" for mib in server.worker_rss_mib())
            print(
                f"\n{args.backend}: workers resident {rss} MiB, largest peak "
                f"{server.peak_worker_kib / 1024:.0f} MiB (sign-ins included); "
                f"responses by status {server.status_counts()}"
            )
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
