"""The statistics report is cached without personal data and goes when its figures change
(issue 21, R-REP-1, R-SICK-5). ``statistics.cache`` keeps the finished, suppressed report
under a key with the employer's generation (``core.aggregates``); the services that change
the figures replace the generation once their transaction commits, which
``django_capture_on_commit_callbacks(execute=True)`` stands in for here."""

import datetime as dt
import json
import pickle

import pytest
from django.core.cache import caches

from poortwachter.absences.models import SickReport
from poortwachter.absences.services import leave_period_record, recovery_report
from poortwachter.core.aggregates import generation
from poortwachter.organisations.models import Employee
from poortwachter.organisations.services import department_create, employment_end
from poortwachter.retention.categories import delete_absence_admin
from poortwachter.statistics.cache import from_json, to_json
from poortwachter.statistics.periods import Period
from poortwachter.statistics.policies import StatisticsScope
from poortwachter.statistics.selectors import build_report
from tests.statistics.conftest import END, START

API = "/api/v1/statistics/"
PERIOD = {"from": START, "to": END}


def _absence(client) -> float:
    return client.get(API, PERIOD).json()["metrics"]["absence_percentage"]


def _stored() -> dict[str, object]:
    """What the statistics' (local-memory) cache holds, unpickled: key -> value (our own
    test cache, so unpickling is safe)."""
    raw = caches["statistics"]._cache.items()  # type: ignore[attr-defined]
    return {key: pickle.loads(value) for key, value in raw}  # noqa: S301


def _report_entries() -> list[str]:
    return [value for key, value in _stored().items() if ":statistics:" in key]


def test_a_second_read_comes_from_the_cache(stats, client_for):
    client = client_for("hr")
    before = _absence(client)
    assert len(_report_entries()) == 1
    # Changed behind the services' back (no generation bump): the cached figure stays,
    # which shows the second read did not compute.
    SickReport.objects.filter(employee=stats.e4, recovered_on__isnull=True).update(
        recovered_on=dt.date(2024, 3, 28)
    )
    assert _absence(client) == before


def test_a_recovery_shows_at_once(stats, client_for, actor_of, django_capture_on_commit_callbacks):
    client = client_for("hr")
    before = _absence(client)
    assert before == 5.87  # docs/statistics.md's worked example
    report = SickReport.objects.get(employee=stats.e4, recovered_on__isnull=True)
    with django_capture_on_commit_callbacks(execute=True):
        recovery_report(
            actor=actor_of("hr"), report=report, recovered_on=dt.date(2024, 3, 28),
            version=report.version,
        )  # fmt: skip
    # E4's open report (25-3 to 31-3, 7 days) now ends on 27-3: 4 weighted days fewer.
    assert _absence(client) == round(100 * (59.25 - 4) / 1008.9, 2)
    assert client.get("/statistieken/", {"van": START, "tot": END}).content.decode().count("5,48")


def test_a_refused_write_changes_nothing(stats, client_for, actor_of):
    client = client_for("hr")
    before_generation = generation(stats.employer.pk)
    report = SickReport.objects.get(employee=stats.e4, recovered_on__isnull=True)
    with pytest.raises(Exception):  # noqa: B017, PT011 - the service's own refusal
        recovery_report(
            actor=actor_of("hr"), report=report, recovered_on=dt.date(2024, 3, 1),
            version=report.version,
        )  # fmt: skip
    assert generation(stats.employer.pk) == before_generation
    assert _absence(client) == 5.87


def test_another_employers_write_leaves_the_cache_alone(
    stats, client_for, actor_of, django_capture_on_commit_callbacks
):
    client = client_for("hr")
    _absence(client)
    ours = generation(stats.employer.pk)
    theirs = generation(stats.world.other_employer.pk)
    entries = _report_entries()
    with django_capture_on_commit_callbacks(execute=True):
        leave_period_record(
            actor=actor_of("outsider"), employee=stats.world.other_employee,
            start=dt.date(2024, 2, 1), end=dt.date(2024, 3, 1),
        )  # fmt: skip
    assert generation(stats.world.other_employer.pk) != theirs
    assert generation(stats.employer.pk) == ours
    assert _report_entries() == entries
    with django_capture_on_commit_callbacks(execute=True):
        leave_period_record(
            actor=actor_of("hr"), employee=stats.e1, start=dt.date(2024, 2, 1),
            end=dt.date(2024, 3, 1),
        )  # fmt: skip
    assert generation(stats.employer.pk) != ours
    assert _absence(client) != 5.87  # E1's leave days leave the denominator


def test_the_cache_holds_no_personal_data(stats, client_for):
    client = client_for("hr")
    client.get(API, PERIOD)
    client.get("/statistieken/", {"van": START, "tot": END})
    client.get("/statistieken/export.csv", {"van": START, "tot": END})
    client.get(API, {**PERIOD, "department": stats.world.department.pk})
    entries = _report_entries()
    assert len(entries) == 2  # whole employer, Verpleging (page, CSV and API share one)
    people = Employee.objects.filter(employer=stats.employer)
    assert people.count() == 14
    for text in entries:
        data = json.loads(text)  # plain JSON, no pickled objects
        assert set(data) == {
            "employer_id", "employer_name", "scope_label", "department_id", "period",
            "min_group", "suppressed", "headline", "average_headcount", "ended_reports",
            "average_duration", "frequent_absentees", "week_classes", "vernet_classes",
            "departments", "months", "quarters",
        }  # fmt: skip
        for cell in [data["headline"], *data["departments"], *data["months"], *data["quarters"]]:
            assert set(cell) == {
                "key", "label", "suppressed", "employees", "absence_pct", "frequency",
                "new_reports", "zero_absence_pct",
            }  # fmt: skip
        for employee in people:
            for value in (employee.first_name, employee.last_name, employee.bsn, employee.email,
                          employee.personnel_number):  # fmt: skip
                assert value not in text
    # The generation tokens are the only other entries: the reports never reach the
    # default cache, where lockouts live.
    others = [k for k in _stored() if ":statistics:" not in k]
    assert others
    assert all(":figures-generation:" in k for k in others)
    default = caches["default"]._cache  # type: ignore[attr-defined]
    assert not [k for k in default if ":statistics:" in k or ":figures-generation:" in k]


def test_suppression_holds_in_a_cached_report(stats, client_for):
    client = client_for("hr")
    first = client.get(API, PERIOD).json()
    second = client.get(API, PERIOD).json()  # from the cache
    assert second == first
    departments = {d["label"]: d for d in second["departments"]}
    assert departments["Kantoor"]["suppressed"] is True  # 2 people
    assert departments["Keuken"]["suppressed"] is True  # complementary
    assert departments["Kantoor"]["absence_percentage"] is None
    assert departments["Verpleging"]["suppressed"] is False
    # A department too small on its own stays suppressed when read from the cache.
    office = {**PERIOD, "department": stats.office.pk}
    assert client.get(API, office).json()["suppressed"] is True
    assert client.get(API, office).json()["suppressed"] is True


def test_the_stored_report_is_the_computed_one(stats):
    scope = StatisticsScope(stats.employer, None, None, "hr")
    report = build_report(scope, Period.of(START, END))
    assert from_json(to_json(report)) == report


def test_labels_follow_the_readers_language(stats, client_for):
    client = client_for("hr")
    dutch = client.get(API, PERIOD, HTTP_ACCEPT_LANGUAGE="nl").json()
    english = client.get(API, PERIOD, HTTP_ACCEPT_LANGUAGE="en").json()
    assert dutch["months"][0]["label"] != english["months"][0]["label"]


@pytest.mark.parametrize("what", ["department", "employment_end", "retention", "retention_dry"])
def test_the_other_writes_that_change_figures_invalidate(
    stats, actor_of, django_capture_on_commit_callbacks, what
):
    employer = stats.employer
    before = generation(employer.pk)
    with django_capture_on_commit_callbacks(execute=True):
        if what == "department":
            department_create(actor=actor_of("employer_admin"), employer=employer, name="Receptie")
        elif what == "employment_end":
            employment = stats.e1.employments.get()
            employment_end(
                actor=actor_of("hr"), employment=employment, end_date=dt.date(2024, 3, 15)
            )
        else:
            delete_absence_admin([stats.e8.pk], dry_run=what == "retention_dry")
    changed = generation(employer.pk) != before
    assert changed is (what != "retention_dry")
    assert generation(stats.world.other_employer.pk)  # made on demand, untouched above


def test_a_lifetime_of_zero_turns_the_cache_off(stats, client_for, settings):
    settings.POORTWACHTER_STATS_CACHE_SECONDS = 0
    client = client_for("hr")
    before = _absence(client)
    SickReport.objects.filter(employee=stats.e4, recovered_on__isnull=True).update(
        recovered_on=dt.date(2024, 3, 28)
    )
    assert _absence(client) != before
    assert _report_entries() == []


def test_a_write_nobody_has_read_since_deletes_nothing(
    stats, client_for, actor_of, django_capture_on_commit_callbacks, monkeypatch
):
    """On the embedded default a DELETE on the database cache is a write transaction of
    its own after the service's: a write sends one only when a generation exists."""
    cache = caches["statistics"]
    deleted: list[list[str]] = []
    real_delete_many = cache.delete_many

    def spy(keys, version=None):
        deleted.append(list(keys))
        return real_delete_many(keys, version=version)

    monkeypatch.setattr(cache, "delete_many", spy)
    record = {"start": dt.date(2024, 2, 1), "end": dt.date(2024, 3, 1)}
    with django_capture_on_commit_callbacks(execute=True):
        leave_period_record(actor=actor_of("hr"), employee=stats.e1, **record)
    assert deleted == []
    client = client_for("hr")
    _absence(client)
    ours = generation(stats.employer.pk)
    with django_capture_on_commit_callbacks(execute=True):
        leave_period_record(
            actor=actor_of("hr"), employee=stats.e2, start=dt.date(2024, 4, 1),
            end=dt.date(2024, 4, 5),
        )  # fmt: skip
    assert len(deleted) == 1
    assert generation(stats.employer.pk) != ours
