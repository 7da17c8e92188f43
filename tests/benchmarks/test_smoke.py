"""The benchmarks stay runnable: the sick-report benchmark, at its smallest, is also the
one test of the production stack end to end (gunicorn with the production config,
production settings with collectstatic's manifest, sign-in with password and TOTP, a sick
report and the floor view). It checks answers, never times."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.xdist_group("benchmarks")


def test_sick_report_benchmark_runs_on_the_production_stack():
    backend = "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    argv = [
        sys.executable, str(REPO / "benchmarks" / "sickreport.py"), "--backend", backend,
        "--clients", "1", "2", "--requests", "4", "--employees", "150", "--workers", "2",
    ]  # fmt: skip
    # argv: this interpreter and the project's own script with fixed arguments.
    result = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [
        line.split()
        for line in result.stdout.splitlines()
        if re.match(rf"\s*{backend}\s+\d+\s+(sick report|floor)", line)
    ]
    assert len(rows) == 4, result.stdout  # two levels x (sick report, floor)
    for row in rows:
        view_words = 2 if row[2] == "sick" else 1
        requests, errors = int(row[2 + view_words]), int(row[7 + view_words])
        assert requests > 0, row
        assert errors == 0, result.stdout
    assert "largest worker peak during the load" in result.stdout
