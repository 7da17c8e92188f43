"""``poortwachter retention``: Dutch output, a stable JSON shape, clear errors, and on a
synthetic dataset ten years on nothing left past its term except what a hold keeps."""

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from poortwachter.audit.models import AccessEvent
from poortwachter.core import clock
from poortwachter.devtools.synthetic import generate
from poortwachter.organisations.models import Employee, Employment
from poortwachter.retention import services
from poortwachter.retention.selectors import decide_for
from tests.retention.conftest import ABSENCE_ROWS, local

DUE = dt.date(2026, 3, 31)


def _run(*args, **options) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out, **options)
    return out.getvalue()


def test_json_has_a_stable_shape(world, former):
    former(ended=dt.date(2024, 3, 31))
    data = json.loads(_run("--as-of", "2026-03-31", "--dry-run", "--json"))
    assert set(data) == {"as_of", "dry_run", "categories", "held_employees", "access_log_kept"}
    assert data["as_of"] == "2026-03-31"
    assert data["dry_run"] is True
    assert data["categories"] == [
        {"category": "absence_admin", "rule": "R-RET-1", "count": ABSENCE_ROWS},
        {"category": "employee_record", "rule": "R-RET-1", "count": 4},
    ]
    assert data["held_employees"] == 0
    assert data["access_log_kept"] == AccessEvent.objects.count()


def test_human_output_is_dutch_and_says_when_nothing_is_left(world, former):
    former(ended=dt.date(2024, 3, 31))
    first = _run(as_of="2026-03-31")
    assert "Bewaartermijnen per 31-03-2026." in first
    assert f"Verzuimgegevens (administratief) (R-RET-1): {ABSENCE_ROWS} verwijderd" in first
    second = _run(as_of="2026-03-31")
    assert "al eerder een run gestart" in second
    assert "Niets (meer) te verwijderen." in second
    assert "Toegangslog:" in second


def test_as_of_defaults_to_today(world):
    assert json.loads(_run("--json"))["as_of"] == clock.today().isoformat()


@pytest.mark.parametrize("value", ["31-03-2026", "2026-02-30", "gisteren"])
def test_a_bad_date_is_refused_in_dutch(db, value):
    with pytest.raises(CommandError, match="Ongeldige datum voor --as-of"):
        _run("--as-of", value)


def test_a_future_date_needs_a_dry_run(world):
    with pytest.raises(CommandError, match="alleen tot en met vandaag"):
        _run("--as-of", (clock.today() + dt.timedelta(days=1)).isoformat())


def test_a_bad_date_exits_non_zero():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "poortwachter.config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-m", "poortwachter", "retention", "--as-of", "2026-13-01"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "Ongeldige datum" in done.stderr


FROZEN = local(2026, 3, 2, 12)
TEN_YEARS_ON = local(2036, 3, 2, 12)


def test_ten_years_on_nothing_is_kept_past_its_term_but_what_a_hold_keeps(db, actor_of_hr):
    """A small synthetic dataset (R-DEV-1), a third of its people gone: ten years later
    every former employee's data is gone, except one under a legal hold; current
    employees keep theirs, and the access log loses nothing."""
    with time_machine.travel(FROZEN, tick=False):
        generate(seed=5, employers=2, employees=30, years=3)
        employments = list(Employment.objects.filter(end_date__isnull=True).order_by("pk"))
        for employment in employments[::3]:
            employment.end_date = dt.date(2025, 12, 31)
            employment.save()
        former_ids = set(
            Employee.objects.exclude(employments__end_date__isnull=True).values_list(
                "pk", flat=True
            )
        )
        held = Employee.objects.get(pk=min(former_ids))
        services.legal_hold_place(
            actor=actor_of_hr(held.employer), employee=held, kind="benefit_dispute",
            reason="Bezwaar tegen een beslissing van UWV.",
        )  # fmt: skip
    current_ids = set(Employee.objects.values_list("pk", flat=True)) - former_ids
    log = set(AccessEvent.objects.values_list("pk", flat=True))
    with time_machine.travel(TEN_YEARS_ON, tick=False):
        data = json.loads(_run(as_of=TEN_YEARS_ON.date(), json=True))
        remaining = set(Employee.objects.values_list("pk", flat=True))
        assert remaining == current_ids | {held.pk}
        assert data["held_employees"] == 1
        assert services.find_due(TEN_YEARS_ON.date()).due == {}
        decisions = decide_for(sorted(remaining), TEN_YEARS_ON.date())
        assert not any(decision.due for decision in decisions.values())
    assert log <= set(AccessEvent.objects.values_list("pk", flat=True))
    assert len(former_ids) >= 8
