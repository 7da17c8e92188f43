"""``poortwachter import-employees`` (issue 20): the same check and import as the page,
as the system, with --dry-run and --json (R-DEV-1: the synthetic sample files)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from poortwachter.audit.models import AccessEvent
from poortwachter.imports.models import ImportRun
from poortwachter.organisations.models import Employee
from tests.factories import DepartmentFactory, EmployerFactory

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "import" / "visma.csv"


@pytest.fixture
def employer(db):
    employer = EmployerFactory()
    DepartmentFactory(employer=employer, name="Verpleging")
    DepartmentFactory(employer=employer, name="Keuken")
    return employer


def _run(*args):
    out = StringIO()
    call_command("import-employees", *args, stdout=out)
    return out.getvalue()


def test_dry_run_writes_nothing_and_keeps_no_file(employer):
    result = json.loads(_run("--employer", str(employer.pk), str(SAMPLE), "--dry-run", "--json"))
    assert (result["dry_run"], result["counts"]["new"]) == (True, 5)
    assert not Employee.objects.filter(employer=employer).exists()
    assert ImportRun.objects.get(pk=result["run"]).content == b""


def test_import_then_again_changes_nothing(employer):
    first = json.loads(_run("--employer", str(employer.pk), str(SAMPLE), "--json"))
    assert first["counts"]["employees_created"] == 5
    assert Employee.objects.filter(employer=employer).count() == 5
    event = AccessEvent.objects.get(target_type="imports.importrun", action="create")
    assert event.actor_label == "system:import-employees"
    second = _run("--employer", str(employer.pk), str(SAMPLE))
    assert "unchanged\t5" in second
    assert Employee.objects.filter(employer=employer).count() == 5


def test_unknown_employer_or_file(employer, tmp_path):
    with pytest.raises(CommandError, match="Onbekende werkgever"):
        _run("--employer", "999999", str(SAMPLE))
    with pytest.raises(CommandError, match="bestaat niet"):
        _run("--employer", str(employer.pk), str(tmp_path / "geen.csv"))
