"""The project's semgrep rules (issue 8) catch what they are meant to catch, and the
product itself has no finding. `make check` runs the same scan on every build."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEMGREP = [
    str(Path(sys.executable).parent / "semgrep"),
    "--config", str(ROOT / ".semgrep"), "--metrics=off", "--disable-version-check",
    "--quiet", "--json",
]  # fmt: skip

BAD = {
    "src/poortwachter/shop/views.py": (
        "from poortwachter.medical.models import Diagnosis\n"
        "def view(request):\n"
        "    return Employee.objects.all()\n"
    ),
    "src/poortwachter/api/orders.py": (
        "def read(actor, order_id):\n"
        "    audit_record(actor=actor, action='read')\n"
        "    if actor.has_role('hr'):\n"
        "        return orders.filter(pk=order_id).first()\n"
    ),
    "src/poortwachter/shop/services.py": (
        "from django.utils.safestring import mark_safe\n"
        "def f(cursor, name, text):\n"
        "    cursor.execute(f\"SELECT * FROM t WHERE name = '{name}'\")\n"
        "    return mark_safe(text)\n"
    ),
    "src/poortwachter/shop/templates/shop/page.html": "<p>{{ text|safe }}</p>\n",
}
EXPECTED = {
    "views-fetch-through-a-policy",
    "views-record-no-access-events",
    "views-decide-no-access",
    "raw-sql-with-string-formatting",
    "mark-safe-on-non-literal",
    "no-safe-filter-in-templates",
    "no-medical-import-from-employer-apps",
}


def _scan(cwd: Path) -> set[str]:
    result = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [*SEMGREP, "src"], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    findings = json.loads(result.stdout)["results"]
    return {f["check_id"].rsplit(".", 1)[-1] for f in findings}


@pytest.fixture(scope="module")
def semgrep_available():
    if shutil.which(SEMGREP[0]) is None:
        pytest.fail("semgrep is a dev dependency; run `make setup`")


def test_each_rule_catches_its_pattern(tmp_path, semgrep_available):
    for name, text in BAD.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    # semgrep lists its targets through git, as in the project's own checkout.
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)  # noqa: S603, S607
    assert _scan(tmp_path) == EXPECTED


def test_the_product_has_no_finding(semgrep_available):
    assert _scan(ROOT) == set()


SCAN = "-m dast -s tests/security/test_dast_scan.py"


def _make_plan(target: str) -> str:
    """The commands ``make TARGET`` would run, without running them."""
    make = shutil.which("make")
    assert make, "make is missing"
    return subprocess.run(  # noqa: S603 - a fixed target of this repository's Makefile
        [make, "-n", target], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def test_ci_runs_the_dynamic_scan():
    """Issue 18 (R-SEC-2): CI runs Wapiti against a live test server and fails on a new
    high finding. Both ways in reach the scan: `make ci`, and `.ci/run`, which calls
    `make scan` when CI=true; the normal legs leave the dast tests out."""
    assert SCAN in _make_plan("ci")
    assert SCAN in _make_plan("scan")
    ci_leg = (ROOT / ".ci" / "run").read_text("utf-8").split('if [ "${CI:-}" = "true" ]', 1)
    assert len(ci_leg) == 2
    assert "make scan" in ci_leg[1]
