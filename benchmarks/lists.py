"""Page and API latency of the list views on a large dataset, and the number of SQL
queries per request (issue 9, benchmark 2).

    uv run python benchmarks/lists.py --backend sqlite postgres

For every backend: a fresh installation (``benchmarks/harness.py``), the synthetic dataset
(``--employees`` employees over ``--employers`` employers, five years of absence history),
and accounts issued through the product's own services, each with a TOTP second factor:
``--accounts`` HR officers of the largest employer (by current employments), as many
managers of its largest department, and as many company doctors who each serve the
``--served`` largest employers. Every client signs in once with its own account and its
own address, with password and code, as a person does; a fresh sign-in also opens the
medical window the doctor's files need.

The lists, as each role opens them (page 1, with realistic filters):

- manager: the team (``/team/``), the team's absence (``/team/verzuim/``), and the API's
  employees and sick reports;
- HR: employees filtered on the largest department and a name (``/werknemers/``), the
  absence overview of that department over all statuses (``/verzuim/overzicht/``), and the
  API's employees and sick reports;
- doctor: the work queue (``/bedrijfsarts/werkvoorraad/``), the medical files' caseload
  (``/bedrijfsarts/dossiers/``) and the API's sick reports and employees.

gunicorn runs the production config with production's Django settings. At each level of
``--clients`` (closed loop) the script prints requests/second, p50/p95/p99 in ms and
errors. Before the load, a child process counts the SQL queries of each list in-process
(Django's test client with the same settings, both databases, after one warm-up request)
on page 1 and on the last page, which holds fewer rows: equal counts mean the queries do
not grow with the rows shown (no N+1).

The load generator shares the machine's cores with the server: absolute figures are lower
than on a server of its own. The script prints figures; it never asserts them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

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

ROLES = ("manager", "hr", "doctor")
PAGE = re.compile(r"Pagina (\d+) van (\d+)")


def lists(setup: dict) -> list[tuple[str, str, str]]:
    """(role, label, path) of every list measured, page 1 with its filters."""
    department, term = setup["department"], setup["term"]
    hr_employees = urlencode({"q": term, "department": department})
    hr_absence = urlencode({"status": "all", "department": department})
    return [
        ("manager", "team", "/team/"),
        ("manager", "team absence", "/team/verzuim/"),
        ("manager", "API employees", "/api/v1/employees/"),
        ("manager", "API sick reports", "/api/v1/sick-reports/"),
        ("hr", "employees: name + dept", f"/werknemers/?{hr_employees}"),
        ("hr", "employees: all", "/werknemers/"),
        ("hr", "absence: all + dept", f"/verzuim/overzicht/?{hr_absence}"),
        ("hr", "absence: open", "/verzuim/overzicht/"),
        ("hr", "API employees", "/api/v1/employees/"),
        ("hr", "API sick reports", "/api/v1/sick-reports/"),
        ("doctor", "work queue", "/bedrijfsarts/werkvoorraad/"),
        ("doctor", "medical caseload", "/bedrijfsarts/dossiers/"),
        ("doctor", "API sick reports", "/api/v1/sick-reports/"),
        ("doctor", "API employees", "/api/v1/employees/"),
    ]


def with_page(path: str, page: int) -> str:
    return f"{path}{'&' if '?' in path else '?'}page={page}"


# --- inside the set-up child (Django configured) ----------------------------------------


def _shown(response) -> tuple[int, int]:
    """(rows on this page, number of pages) of a list page or an API list."""
    if response["Content-Type"].startswith("application/json"):
        data = json.loads(response.content)
        return len(data["results"]), max(1, -(-data["count"] // 50))
    html = response.content.decode()
    rows = sum(body.count("<tr") for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S))
    pages = PAGE.search(html)
    return rows, int(pages.group(2)) if pages else 1


def count_queries(users: dict, entries: list[tuple[str, str, str]]) -> list[dict]:
    """Queries per request on page 1 and on the last page, in-process, on both databases,
    through the whole middleware stack (sessions, second factor, access log)."""
    from django.db import connections
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from tests.helpers import sign_in

    clients = {}
    for role, user in users.items():
        clients[role] = sign_in(DjangoClient(HTTP_HOST="127.0.0.1"), user)

    def measure(client, path) -> dict:
        client.get(path, secure=True)  # warm-up: first-use caches are not the list's cost
        with (
            CaptureQueriesContext(connections["default"]) as default,
            CaptureQueriesContext(connections["medical"]) as medical,
        ):
            response = client.get(path, secure=True)
        rows, pages = _shown(response) if response.status_code == 200 else (0, 0)
        # The access log names the people a page showed in one INSERT, left out when the
        # page shows nobody (e.g. no one on it is sick): one statement, not one per row.
        subjects = sum('INSERT INTO "audit_accesseventsubject"' in q["sql"] for q in default)
        return {
            "status": response.status_code, "rows": rows, "pages": pages,
            "queries": len(default), "medical": len(medical), "subjects": subjects,
        }  # fmt: skip

    counted = []
    for role, label, path in entries:
        first = measure(clients[role], path)
        last = measure(clients[role], with_page(path, first["pages"])) if first["pages"] else {}
        counted.append({"role": role, "label": label, "first": first, "last": last})
    return counted


def child_setup(args: argparse.Namespace) -> None:
    """Inside Django: the dataset, the accounts, the filters and the query counts."""
    import django

    django.setup()
    from django.db import connections
    from django.db.models import Count

    from poortwachter.accounts.models import User
    from poortwachter.accounts.selectors import actor_for_user
    from poortwachter.core import clock
    from poortwachter.core.roles import Role
    from poortwachter.devtools.synthetic import generate
    from poortwachter.organisations.models import (
        Department,
        Employee,
        Employer,
        current_employments,
    )
    from poortwachter.organisations.services import doctor_assign

    generate(seed=1, employers=args.employers, employees=args.employees, years=5)
    by_size = list(
        current_employments()
        .values("employer_id")
        .annotate(size=Count("id"))
        .order_by("-size", "employer_id")[: args.served]
    )
    employer = Employer.objects.get(pk=by_size[0]["employer_id"])
    largest = (
        current_employments()
        .filter(employer=employer)
        .values("department_id")
        .annotate(size=Count("id"))
        .order_by("-size", "department_id")
        .first()
    )
    department = Department.objects.get(pk=largest["department_id"])
    # A name search as HR types it: the start of the department's most common last name.
    common = (
        Employee.objects.filter(
            pk__in=current_employments().filter(department=department).values("employee_id")
        )
        .values("last_name")
        .annotate(n=Count("id"))
        .order_by("-n", "last_name")
        .first()
    )
    term = common["last_name"][:4] if common else ""

    plan = []
    for index in range(args.accounts):
        plan.append((f"hr{index}", Role.HR, {"employer": employer}))
        plan.append(
            (f"manager{index}", Role.MANAGER, {"employer": employer, "department": department})
        )
        plan.append((f"arts{index}", Role.DOCTOR, {}))
    issued = issue_accounts(plan)
    admin = actor_for_user(User.objects.get(email__startswith="beheer@"))
    served = Employer.objects.filter(pk__in=[row["employer_id"] for row in by_size])
    for account in issued:
        if account["role"] == Role.DOCTOR:
            doctor = User.objects.get(email=account["email"])
            for each in served:
                doctor_assign(actor=admin, employer=each, doctor=doctor, since=clock.today())

    for alias in connections:
        if connections[alias].vendor == "postgresql":
            # What autovacuum does after a bulk load in production (this machine's test
            # server runs without it): planner statistics and the visibility map.
            with connections[alias].cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")

    setup = {
        "employer": employer.pk,
        "employer_size": by_size[0]["size"],
        "department": department.pk,
        "department_size": largest["size"],
        "served_employees": sum(row["size"] for row in by_size),
        "term": term,
        "accounts": issued,
    }
    first_of = {role: next(a for a in issued if a["role"] == role) for role in ROLES}
    users = {role: User.objects.get(email=a["email"]) for role, a in first_of.items()}
    setup["counts"] = count_queries(users, lists(setup))
    print(json.dumps(setup))


# --- the parent: server, clients, load ---------------------------------------------------


def _checker(path: str):
    def work(_index: int, client: Client, _sequence: int) -> bool | str:
        response = client.get(path)
        if response.status_code == 200:
            return True
        return f"{path}: {response.status_code} {response.headers.get('Location', '')}"

    return work


def _per_page(counted: dict) -> tuple[int, int]:
    """Queries on both databases, not counting the access log's one INSERT of the people
    shown (absent when a page shows nobody): what must not grow with the rows."""
    return counted["queries"] - counted["subjects"], counted["medical"]


def measure(backend: str, args: argparse.Namespace) -> tuple[list[tuple], list[tuple]]:
    load_rows: list[tuple] = []
    query_rows: list[tuple] = []
    with fresh_backend(backend, args.pg_admin_url) as env:
        install(env)
        argv = [
            sys.executable, __file__, "--child", "--employees", str(args.employees),
            "--employers", str(args.employers), "--accounts", str(max(args.clients)),
            "--served", str(args.served),
        ]  # fmt: skip
        out, _ = run_child(argv, env, 3600)
        setup = json.loads(out.strip().splitlines()[-1])
        print(
            f"\n{backend}: largest employer {setup['employer_size']:,} current employments; "
            f"department {setup['department_size']:,}; the doctors serve "
            f"{args.served} employers with {setup['served_employees']:,}; search {setup['term']!r}"
        )
        for row in setup["counts"]:
            first, last = row["first"], row["last"] or {}
            same = bool(last) and _per_page(first) == _per_page(last)
            query_rows.append((
                backend, row["role"], row["label"], first["status"],
                f"{first['rows']} of {first['pages']}p", f"{first['queries']}+{first['medical']}",
                last.get("rows", "-"), f"{last.get('queries', '-')}+{last.get('medical', '-')}",
                "yes" if same else "NO",
            ))  # fmt: skip
        accounts = [Account(**a) for a in setup["accounts"]]
        with Server(env, workers=args.workers) as server:
            for role in ROLES:
                # Signed in just before the role's lists: the medical window (15 minutes
                # since the second factor or the last medical page) is open for all.
                mine = [a for a in accounts if a.role == role]
                clients = signed_in_clients(server.url, mine[: max(args.clients)])
                entries = [e for e in lists(setup) if e[0] == role]
                for number, (_role, label, path) in enumerate(entries):
                    # Warm-up: every worker renders the page once.
                    for client in itertools.islice(itertools.cycle(clients), 2 * args.workers):
                        client.get(path)
                    for level in args.clients:
                        # One client alone is a different account for each list, so that
                        # no account nears the API's rate limit per user (600 a minute).
                        first = number % len(clients) if level == 1 else 0
                        chosen = clients[first : first + level]
                        per_client = max(args.requests // level, 3)
                        result = run_load(
                            f"{role} {label}", chosen, _checker(path), per_client=per_client
                        )
                        for sample in result.error_samples:
                            print(f"  {backend} {result.label} x{level}: {sample}")
                        load_rows.append((
                            backend, role, label, level, result.requests,
                            f"{result.per_second:.1f}", f"{result.p(50):.0f}",
                            f"{result.p(95):.0f}", f"{result.p(99):.0f}", result.errors,
                        ))  # fmt: skip
            server.note_memory()
            print(
                f"{backend}: largest worker peak {server.peak_worker_kib / 1024:.0f} MiB; "
                f"responses by status {server.status_counts()}"
            )
    return load_rows, query_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--clients", nargs="+", type=int, default=[1, 16])
    parser.add_argument("--requests", type=int, default=320, help="per level and list")
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--employers", type=int, default=100)
    parser.add_argument("--served", type=int, default=5, help="employers each doctor serves")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (2 x cores + 1)")
    parser.add_argument("--pg-admin-url", default=DEFAULT_PG_ADMIN_URL)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--accounts", type=int, default=16, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_setup(args)
        return
    print(f"Python {sys.version.split()[0]}; PostgreSQL {postgres_version(args.pg_admin_url)}")
    load_rows: list[tuple] = [
        ("backend", "role", "list", "clients", "requests", "req/s", "p50 ms", "p95 ms",
         "p99 ms", "errors"),
    ]  # fmt: skip
    query_rows: list[tuple] = [
        ("backend", "role", "list", "status", "page 1", "queries", "last page rows",
         "queries", "constant"),
    ]  # fmt: skip
    for backend in args.backend:
        loads, queries = measure(backend, args)
        load_rows.extend(loads)
        query_rows.extend(queries)
    print_results(
        f"SQL queries per request (main+medical database), {args.employees:,} employees",
        query_rows,
    )
    print(
        "constant: the same count on page 1 and on the last page, apart from the access "
        "log's single INSERT of the people a page names, left out when it names nobody."
    )
    print_results(f"List latency (closed loop), {args.employees:,} employees", load_rows)


if __name__ == "__main__":
    main()
