"""In-process profile of every list of ``benchmarks/lists.py`` (issue 21): queries, SQL
time per query, Python time by component, and the time per request, on an installation
that already holds the dataset.

    # once: a scratch installation filled by lists.py's set-up child, its JSON saved
    python benchmarks/lists.py --child ... > setup.out
    # then, as often as needed, with the same environment (DATABASE_URL etc.):
    python benchmarks/profile_lists.py --setup setup.out --requests 50 [--profile 20]
        [--explain] [--only "hr absence"] [--json out.json]

Each list is opened through Django's test client with the whole middleware stack
(sessions, second factor, access log, the API's rate limit) by a signed-in account of its
role, a different account per list (the API allows 600 requests a minute per user). After
two warm-up requests the script times ``--requests`` requests and prints p50 and the
queries on both databases with their SQL time. ``--profile N`` runs N more under cProfile
and prints the functions with the most time of their own and the cumulative time of the
request's components; ``--explain`` prints EXPLAIN (ANALYZE, BUFFERS) of the list's
slowest statements (PostgreSQL).

Nothing here asserts a time: the script prints figures. The time per request is the
server's own (no HTTP, no load generator); on a shared machine compare runs side by side.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: Components of a request, by the file a function lives in (cumulative time).
COMPONENTS = {
    "middleware+view (whole request)": "django/core/handlers/base.py:_get_response",
    "SQL execute (driver)": "django/db/backends/utils.py:_execute",
    "ORM compile": "django/db/models/sql/compiler.py:as_sql",
    "model instantiation": "django/db/models/base.py:from_db",
    "template render": "django/template/loader.py:render_to_string",
    "DRF serializer data": "rest_framework/serializers.py:data",
    "response JSON": "rest_framework/renderers.py:render",
    "access log (audit_record)": "poortwachter/audit/services.py:audit_record",
    "paginator count": "django/core/paginator.py:count",
    "session load": "django/contrib/sessions/backends/db.py:load",
}


def _load_setup(path: str) -> dict:
    text = Path(path).read_text().strip().splitlines()[-1]
    return json.loads(text)


def _clients(setup: dict):
    from django.test import Client as DjangoClient

    from poortwachter.accounts.models import User
    from tests.helpers import sign_in

    by_role: dict[str, list] = {}
    for account in setup["accounts"]:
        by_role.setdefault(account["role"], []).append(account["email"])

    def client_for(role: str, index: int):
        emails = by_role[role]
        user = User.objects.get(email=emails[index % len(emails)])
        return sign_in(DjangoClient(HTTP_HOST="127.0.0.1"), user)

    return client_for


def _component_times(stats: pstats.Stats, n: int) -> dict[str, float]:
    found = {}
    for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        for label, key in COMPONENTS.items():
            path, func = key.split(":")
            if filename.endswith(path) and name == func:
                # Several functions share a name (Template.render, Node.render): the
                # outermost one, with the most cumulative time, is the component's.
                found[label] = max(found.get(label, 0.0), ct * 1000 / n)
    return found


def _explain(sql: str, alias: str) -> str:
    from django.db import connections

    with connections[alias].cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def _backend_cpu_ms() -> dict[str, float]:
    """CPU time (user + system) so far of each PostgreSQL backend serving this process,
    by alias, from /proc (the server runs on this machine): the database's share of a
    request, unaffected by other processes waiting for the cores."""
    from django.db import connections

    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for alias in ("default", "medical"):
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        connection.ensure_connection()
        pid = connection.connection.info.backend_pid
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[f"{alias}:{pid}"] = (int(fields[11]) + int(fields[12])) * 1000 / ticks
    return found


def profile_list(client, path: str, args) -> dict:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(path, secure=True)
        assert response.status_code == 200, (path, response.status_code)
    times = []
    before_db, before_cpu = _backend_cpu_ms(), time.process_time()
    for _ in range(args.requests):
        start = time.perf_counter()
        client.get(path, secure=True)
        times.append((time.perf_counter() - start) * 1000)
    python_cpu = (time.process_time() - before_cpu) * 1000 / args.requests
    after_db = _backend_cpu_ms()
    # A backend that changed (a new connection) is not counted.
    db_cpu = sum(after_db[k] - before_db[k] for k in after_db if k in before_db)
    db_cpu /= args.requests
    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections["medical"]) as medical,
    ):
        client.get(path, secure=True)
    queries = [("default", q) for q in default] + [("medical", q) for q in medical]
    result = {
        "path": path,
        "p50": statistics.median(times),
        "python_cpu": python_cpu,
        "db_cpu": db_cpu,
        "min": min(times),
        "queries": len(default),
        "medical": len(medical),
        "sql_ms": sum(float(q["time"]) for _a, q in queries) * 1000,
        "statements": [
            {"alias": a, "ms": float(q["time"]) * 1000, "sql": q["sql"]} for a, q in queries
        ],
    }
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.profile):
            client.get(path, secure=True)
        profiler.disable()
        stats = pstats.Stats(profiler)
        result["components"] = _component_times(stats, args.profile)
        rows = sorted(
            stats.stats.items(),  # type: ignore[attr-defined]
            key=lambda item: item[1][2],
            reverse=True,
        )
        result["top_own"] = [
            (f"{Path(f).name}:{line}:{name}", tt * 1000 / args.profile)
            for (f, line, name), (_cc, _nc, tt, _ct, _c) in rows[: args.top]
        ]
    if args.explain:
        slow = sorted(result["statements"], key=lambda s: s["ms"], reverse=True)[:2]
        result["plans"] = [
            {"ms": s["ms"], "sql": s["sql"], "plan": _explain(s["sql"], s["alias"])}
            for s in slow
            if s["sql"].lstrip().upper().startswith("SELECT")
        ]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", required=True, help="the set-up child's output")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--profile", type=int, default=0, help="requests under cProfile")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--sql", action="store_true", help="print every statement")
    parser.add_argument("--only", default="", help="lists whose 'role label' contains this")
    parser.add_argument("--json", default="", help="write the results here")
    args = parser.parse_args()

    import django

    django.setup()
    from benchmarks.lists import lists

    setup = _load_setup(args.setup)
    client_for = _clients(setup)
    results = []
    for number, (role, label, path) in enumerate(lists(setup)):
        name = f"{role} {label}"
        if args.only and args.only not in name:
            continue
        result = profile_list(client_for(role, number), path, args)
        result["list"] = name
        results.append(result)
        print(
            f"\n== {name}: p50 {result['p50']:.1f} ms (min {result['min']:.1f}); CPU per "
            f"request: Python {result['python_cpu']:.1f} ms, PostgreSQL {result['db_cpu']:.1f} ms; "
            f"queries {result['queries']}+{result['medical']}, SQL {result['sql_ms']:.1f} ms"
        )
        for each in sorted(result["statements"], key=lambda s: s["ms"], reverse=True):
            if args.sql or each["ms"] >= 1.0:
                print(f"  {each['ms']:7.2f} ms [{each['alias']}] {each['sql'][:220]}")
        for label_, ms in sorted(result.get("components", {}).items(), key=lambda x: -x[1]):
            print(f"  cum {ms:7.2f} ms  {label_}")
        for where, ms in result.get("top_own", []):
            print(f"  own {ms:7.2f} ms  {where}")
        for plan in result.get("plans", []):
            print(f"  -- plan of the {plan['ms']:.1f} ms statement:\n{plan['plan']}")
    print("\nlist | queries | SQL ms (one request) | p50 ms | CPU ms Python + PostgreSQL")
    for r in results:
        print(
            f"{r['list']} | {r['queries']}+{r['medical']} | {r['sql_ms']:.1f} | {r['p50']:.1f} | "
            f"{r['python_cpu']:.1f} + {r['db_cpu']:.1f}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
