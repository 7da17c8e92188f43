"""The company doctor's medical file under retention (issue 16, R-RET-3, R-RET-4).

Sources of the terms, as ``docs/retention.md`` gives them:

- the occupational health service's own term (``POORTWACHTER_MEDICAL_FILE_YEARS``,
  default 20 years after the last change to the file: art. 7:454 lid 3 BW (WGBO), since
  1-1-2020 counted from the last change, as the KNMG advised before);
- R-RET-3 (eigenrisicodrager Ziektewet): the medical file at least 10 years, counted from
  1 January of the year after the last action on the file (seed 001, the AP's
  Beleidsregels 2016 as summarised there);
- R-RET-4 (eigenrisicodrager WGA): medical examination data at least for the WGA period,
  10 years from the start of the WGA benefit, which follows the 104 weeks of wage
  continuation (art. 7:629 BW, art. 23 WIA); first sick day 6-1-2025 + 104 weeks =
  4-1-2027 (day 1 is the first sick day, as ``absences.rules`` counts);
- R-RET-1: a legal hold stops every clock of the employee; a lifted hold moves the due
  date later by the days it was in force while the clock ran.

The dates below are worked out by hand.
"""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from poortwachter.absences.models import AbsenceCase
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core.actor import Actor
from poortwachter.medical import retention as medical_retention
from poortwachter.medical.models import (
    Consultation,
    FileOwner,
    MedicalAccessEvent,
    MedicalFile,
)
from poortwachter.organisations.models import Employee
from poortwachter.retention import rules, services
from poortwachter.retention.models import DeletionRecord, HoldKind, LegalHold
from poortwachter.retention.selectors import employee_status
from tests.factories import DepartmentFactory, EmployeeFactory, EmployerFactory, EmploymentFactory
from tests.retention.conftest import local

D = dt.date
SYSTEM = Actor.system("retention")
CANARY = "CANARY-BEWAAR-41c7 rugklachten na een val"
LAST_CHANGE = D(2026, 3, 10)  # the doctor's last entry in every file below
EMPLOYMENT_ENDS = D(2026, 6, 30)  # every employment below ends on this day
OPENED = D(2026, 2, 10)  # the files of the fixture were opened on this day


def purge_on(day: dt.date, *, dry_run: bool = False) -> services.PurgeResult:
    """The daily run on ``day``, run on that day."""
    with time_machine.travel(local(day.year, day.month, day.day, 3), tick=False):
        return services.purge(actor=SYSTEM, as_of=day, dry_run=dry_run)


def employed(employer, ended=EMPLOYMENT_ENDS) -> Employee:
    employee = EmployeeFactory(employer=employer)
    EmploymentFactory(
        employee=employee, employer=employer, department=DepartmentFactory(employer=employer),
        end_date=ended,
    )  # fmt: skip
    return employee


def medical_file(
    employee: Employee,
    doctor_id: int,
    last_change=LAST_CHANGE,
    *,
    opened=OPENED,
    employee_id=None,
) -> MedicalFile:
    """A file with one consultation, its last entry (synthetic content, encrypted)."""
    file = MedicalFile.objects.create(
        employee_id=employee_id or employee.pk, employer_id=employee.employer_id,
        opened_at=local(opened.year, opened.month, opened.day, 9), opened_by_id=doctor_id,
    )  # fmt: skip
    consult = Consultation(
        file=file, author_id=doctor_id, held_on=last_change, kind="spreekuur",
        created_at=local(last_change.year, last_change.month, last_change.day, 11),
    )  # fmt: skip
    consult.encrypt("notes", CANARY)
    consult.save()
    return file


def files_left() -> set[int]:
    return set(MedicalFile.objects.values_list("employee_id", flat=True))


def assert_every_file_has_an_owner() -> None:
    """No medical file without an employee: the employer side's record, or the identity
    the file keeps itself (name and date of birth, decrypted here)."""
    for file in MedicalFile.objects.all():
        if Employee.objects.filter(pk=file.employee_id).exists():
            continue
        owner = FileOwner.objects.get(file=file)
        assert owner.decrypt("name")
        assert owner.decrypt("date_of_birth") == "1985-05-17"


@pytest.fixture
def files(world):
    """Five employees who left on 30-6-2026, each with a medical file last changed on
    10-3-2026, under a service that keeps its files 5 years (the setting: short, so each
    minimum shows within ten years)."""
    doctor_id = world.users["doctor"].pk
    plain = world.employer
    zw = EmployerFactory(own_risk_sickness_benefit=True)
    wga = EmployerFactory(own_risk_wga=True)
    people = {
        "normal": employed(plain), "zw": employed(zw), "wga": employed(wga),
        "held": employed(plain), "lifted": employed(plain),
    }  # fmt: skip
    for employee in people.values():
        medical_file(employee, doctor_id)
    # Sick from 6-1-2025, still sick when the 104 weeks end on 4-1-2027: the WGA period
    # can start then (R-RET-4).
    AbsenceCase.objects.create(employer=wga, employee=people["wga"], first_sick_day=D(2025, 1, 6))
    # A dispute from 1-6-2026, still going (R-RET-1).
    LegalHold.objects.create(
        employer=plain, employee=people["held"], kind=HoldKind.LABOUR_DISPUTE,
        reason="Procedure bij de kantonrechter.", placed_at=local(2026, 6, 1, 9),
    )  # fmt: skip
    # A dispute from 1-2-2028 to 11-5-2028: 100 days (2028 is a leap year: 29 + 31 + 30 +
    # 10), recorded here at once.
    LegalHold.objects.create(
        employer=plain, employee=people["lifted"], kind=HoldKind.BENEFIT_DISPUTE,
        reason="Deskundigenoordeel bij UWV.", placed_at=local(2028, 2, 1, 9),
        lifted_at=local(2028, 5, 11, 9), lift_reason="Uitspraak ontvangen.",
    )  # fmt: skip
    return {name: employee.pk for name, employee in people.items()}


@override_settings(POORTWACHTER_MEDICAL_FILE_YEARS=5)
def test_a_run_ten_years_on_leaves_no_file_without_an_employee_and_deletes_each_at_its_term(
    world, files
):
    everyone = set(files.values())
    # 30-6-2026 + 2 years (R-RET-1): the employer side forgets normal and wga, whose
    # files stay (5 years after 10-3-2026 is 10-3-2031) and keep their owner.
    assert purge_on(D(2028, 6, 29)).deleted == 0
    purge_on(D(2028, 6, 30))
    assert not Employee.objects.filter(pk__in=[files["normal"], files["wga"]]).exists()
    assert files_left() == everyone
    assert_every_file_has_an_owner()
    assert FileOwner.objects.get(file__employee_id=files["wga"]).wga_from == D(2027, 1, 4)
    # lifted: 30-6-2028 + 100 days of the hold = 8-10-2028.
    purge_on(D(2028, 10, 7))
    assert Employee.objects.filter(pk=files["lifted"]).exists()
    purge_on(D(2028, 10, 8))
    assert not Employee.objects.filter(pk=files["lifted"]).exists()
    assert FileOwner.objects.get(file__employee_id=files["lifted"]).holds == [
        ["2028-02-01", "2028-05-11"]
    ]
    assert_every_file_has_an_owner()

    # normal: the service's term, 10-3-2026 + 5 years = 10-3-2031.
    purge_on(D(2031, 3, 9))
    assert files_left() == everyone
    result = purge_on(D(2031, 3, 10))
    assert files_left() == everyone - {files["normal"]}
    assert [(c.category, c.rule) for c in result.categories] == [("medical_file", "WGBO/KNMG")]
    # wga would have gone too without the WGA period recorded before its case was
    # deleted; lifted: 10-3-2031 + the hold's 100 days = 18-6-2031.
    purge_on(D(2031, 6, 17))
    assert files["lifted"] in files_left()
    purge_on(D(2031, 6, 18))
    assert files["lifted"] not in files_left()
    # zw: the employer side keeps its data 5 years from 1-1-2027 (R-RET-3) = 1-1-2032.
    purge_on(D(2032, 1, 1))
    assert not Employee.objects.filter(pk=files["zw"]).exists()

    # Ten years on.
    assert purge_on(D(2036, 6, 1)).deleted == 0
    assert files_left() == {files["zw"], files["wga"], files["held"]}
    assert_every_file_has_an_owner()

    # zw: at least 10 years from 1-1-2027 (R-RET-3) = 1-1-2037.
    assert purge_on(D(2036, 12, 31)).deleted == 0
    result = purge_on(D(2037, 1, 1))
    assert files_left() == {files["wga"], files["held"]}
    assert [(c.category, c.rule) for c in result.categories] == [("medical_file", "R-RET-3")]
    # wga: the WGA period, 4-1-2027 + 10 years = 4-1-2037 (R-RET-4).
    assert purge_on(D(2037, 1, 3)).deleted == 0
    result = purge_on(D(2037, 1, 4))
    assert files_left() == {files["held"]}
    assert [(c.category, c.rule) for c in result.categories] == [("medical_file", "R-RET-4")]
    # held: the hold is still in force; nothing of the employee goes.
    assert Employee.objects.filter(pk=files["held"]).exists()
    assert result.held_employees == 1
    assert_every_file_has_an_owner()

    # Every deletion recorded without content: the run record holds codes and counts, the
    # medical log one event per file with the category and the number of rows, and the
    # employer's access log nothing about the medical file.
    records = DeletionRecord.objects.filter(category="medical_file")
    assert sorted(records.values_list("as_of", "rule", "count")) == [
        # the file, its consultation and its owner
        (D(2031, 3, 10), "WGBO/KNMG", 3),
        (D(2031, 6, 18), "WGBO/KNMG", 3),
        (D(2037, 1, 1), "R-RET-3", 3),
        (D(2037, 1, 4), "R-RET-4", 3),
    ]
    deleted = MedicalAccessEvent.objects.filter(action=Action.DELETE, purpose="retention")
    assert sorted(deleted.values_list("subject_employee_id", flat=True)) == sorted(
        files[name] for name in ("normal", "lifted", "zw", "wga")
    )
    assert {json.dumps(event.details, sort_keys=True) for event in deleted} == {
        '{"category": "medical_file", "rows": 3}'
    }
    assert not any("medical_file" in event.details for event in AccessEvent.objects.all())
    everything = json.dumps(
        [list(records.values()), list(deleted.values("details", "target_type"))], default=str
    )
    assert "CANARY" not in everything
    assert not Consultation.objects.exclude(file__employee_id=files["held"]).exists()


def test_the_service_term_is_twenty_years_after_the_last_change_by_default(settings):
    """Default: 10-3-2026 + 20 years = 10-3-2046 (WGBO/KNMG); the eigenrisicodrager terms
    end earlier here and do not decide (10 years from 1-1-2027; WGA 4-1-2037)."""
    assert settings.POORTWACHTER_MEDICAL_FILE_YEARS == 20
    clocks = medical_retention.file_clocks(
        LAST_CHANGE, own_risk=True, own_risk_wga=True, wga_from=D(2027, 1, 4)
    )
    assert rules.decide(clocks, []) == rules.Term("WGBO/KNMG", D(2046, 3, 10))
    assert [c.due_on for c in clocks] == [D(2046, 3, 10), D(2037, 1, 1), D(2037, 1, 4)]


@override_settings(POORTWACHTER_MEDICAL_FILE_YEARS=5)
def test_the_dry_run_lists_medical_counts_without_content(world, files, capsys):
    """On 10-3-2031 only normal's file is due (5 years after 10-3-2026); its employee
    record went on 30-6-2028 (R-RET-1), after the file kept its owner. The dry run counts
    the file's rows (file, consultation, owner) and shows no content."""
    purge_on(D(2028, 6, 30))
    with time_machine.travel(local(2028, 7, 1, 9), tick=False):
        call_command("retention", "--as-of", "2031-03-10", "--dry-run", "--json")
    output = capsys.readouterr().out
    assert json.loads(output)["categories"] == [
        {"category": "medical_file", "rule": "WGBO/KNMG", "count": 3},
        # lifted's record, employment and lifted hold: 30-6-2028 + 100 days = 8-10-2028
        {"category": "employee_record", "rule": "R-RET-1", "count": 3},
    ]
    assert "CANARY" not in output
    assert files_left() == set(files.values())  # a dry run deletes nothing
    with time_machine.travel(local(2028, 7, 1, 9), tick=False):
        call_command("retention", "--as-of", "2031-03-10", "--dry-run")
    assert "Medisch dossier (bedrijfsarts) (WGBO/KNMG): 3 zou worden verwijderd" in (
        capsys.readouterr().out
    )


def test_hr_sees_no_medical_file_on_the_retention_page(world, files):
    """HR's page lists the employer-side categories only: not even whether a medical file
    exists, let alone when the doctor last wrote in it (R-MED-1)."""
    employee = Employee.objects.get(pk=files["normal"])
    codes = [row.code for row in employee_status(employee, D(2026, 12, 1))]
    assert "medical_file" not in codes
    assert "employee_record" in codes


def test_a_file_goes_at_its_own_term_while_the_employee_is_still_employed(world):
    """Default term, 20 years after the last change (art. 7:454 lid 3 BW): a file last
    changed on 10-3-2006 goes on 10-3-2026, while its employee still works there; a file
    left without its employee record before this change (last change 1-6-2005) goes on
    1-6-2025. The employer's access log records neither."""
    doctor_id = world.users["doctor"].pk
    employee = world.own_employee
    medical_file(employee, doctor_id, D(2006, 3, 10), opened=D(2006, 1, 10))
    gone = Employee.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    medical_file(employee, doctor_id, D(2005, 6, 1), opened=D(2005, 5, 1), employee_id=gone)
    assert purge_on(D(2025, 5, 31)).deleted == 0
    purge_on(D(2025, 6, 1))
    assert files_left() == {employee.pk}
    assert purge_on(D(2026, 3, 9)).deleted == 0
    result = purge_on(D(2026, 3, 10))
    assert [(c.category, c.rule, c.count) for c in result.categories] == [
        ("medical_file", "WGBO/KNMG", 2)  # the file and its consultation
    ]
    assert files_left() == set()
    assert Employee.objects.filter(pk=employee.pk).exists()
    assert not AccessEvent.objects.filter(purpose="retention").exists()
    assert set(
        MedicalAccessEvent.objects.filter(action=Action.DELETE).values_list(
            "subject_employee_id", flat=True
        )
    ) == {employee.pk, gone}
