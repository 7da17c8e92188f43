"""Issue 20, "done when": a 10,000-line synthetic file with twenty kinds of mistakes.
The preview names each mistake, the import writes exactly the accepted lines, a second
run changes nothing, and a failure half-way leaves nothing written (R-SEC-3, R-DEV-1,
R-RET-1). The file is made once per module; each test gets a fresh database."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils.html import escape

from poortwachter.audit.models import AccessEvent
from poortwachter.core.actor import Actor
from poortwachter.core.bsn import bsn_sequence
from poortwachter.devtools.import_files import MISTAKES, Existing, employee_file
from poortwachter.imports import services
from poortwachter.imports.models import ImportRow, Outcome, RunStatus
from poortwachter.organisations.models import Employee, Employment
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    EmployerFactory,
    EmploymentFactory,
    UserFactory,
    grant,
)
from tests.helpers import sign_in

ROWS = 10_000
ACTOR = Actor.system("test")

#: What the preview says for each kind of mistake (a part of the Dutch reason).
REASONS = {
    "missing_first_name": "Voornaam: Dit verplichte veld is leeg.",
    "invalid_bsn": "BSN: Dit is geen geldig BSN",
    "impossible_date": "Geboortedatum: Dit is geen geldige datum",
    "unreadable_date": "Datum in dienst: Dit is geen geldige datum",
    "two_digit_year": "Geboortedatum: Schrijf het jaartal voluit",
    "end_before_start": "Datum uit dienst: De einddatum ligt voor de ingangsdatum.",
    "hours_out_of_range": "Uren per week: Vul een aantal uren per week in",
    "hours_not_a_number": "Uren per week: Dit is geen getal.",
    "hours_two_decimals": "Uren per week: Gebruik hooguit één cijfer achter de komma.",
    "unknown_department": "Afdeling: Deze afdeling bestaat niet bij deze werkgever.",
    "duplicate_personnel_number": "Personeelsnummer: Dit personeelsnummer staat meer dan eens",
    "duplicate_bsn": "BSN: Dit BSN staat meer dan eens in het bestand.",
    "too_young": "Geboortedatum: Controleer de geboortedatum",
    "bad_email": "E-mailadres: Dit is geen geldig e-mailadres.",
    "too_long": "Achternaam: Deze waarde is te lang.",
    "medical_job_title": "Functie: Deze tekst lijkt gezondheidsgegevens te noemen",
    "number_and_bsn_of_two_people": "horen bij twee verschillende werknemers",
    "bsn_of_another_number": "Dit BSN hoort bij een werknemer met een ander personeelsnummer.",
    "number_with_another_bsn": "Bij dit personeelsnummer hoort een ander BSN.",
    "earlier_employment": "Deze werknemer heeft een later dienstverband",
}


@pytest.fixture(scope="module")
def existing_people():
    bsns = bsn_sequence(59_000_000)
    return [Existing(f"E-{n}", next(bsns)) for n in range(1, 6)]


@pytest.fixture(scope="module")
def content(existing_people):
    made = employee_file(ROWS, existing=existing_people)
    assert set(made.mistakes) == set(MISTAKES) == set(REASONS)
    assert len(MISTAKES) == 20
    data = made.csv_bytes()
    assert len(data.decode("utf-8-sig").splitlines()) == ROWS + 1  # the heading line
    return made, data


@pytest.fixture
def employer(db, existing_people):
    employer = EmployerFactory()
    for name in ("Verpleging", "Keuken"):
        DepartmentFactory(employer=employer, name=name)
    for person in existing_people:
        employee = EmployeeFactory(
            employer=employer, personnel_number=person.personnel_number, bsn=person.bsn
        )
        EmploymentFactory(employee=employee, start_date=dt.date(2020, 1, 1))
    return employer


def _checked(employer, data):
    run = services.run_create(
        actor=ACTOR,
        employer=employer,
        filename="export.csv",
        content=data,
        create_departments=False,
    )
    return services.run_check(actor=ACTOR, run=run)


def _snapshot(employer):
    return (
        sorted(
            Employee.objects.filter(employer=employer).values_list(
                "personnel_number", "first_name", "last_name", "email", "updated_at"
            )
        ),
        sorted(
            Employment.objects.filter(employer=employer).values_list(
                "employee__personnel_number",
                "start_date",
                "end_date",
                "hours_per_week",
                "updated_at",
            )
        ),
    )


def _refused_page(client, employer, run) -> str:
    """The preview page HR reads, on its "geweigerd" tab."""
    hr = UserFactory()
    grant(hr, "hr", employer=employer)
    url = reverse("imports:run", args=[employer.pk, run.pk]) + "?uitkomst=refused"
    return sign_in(client, hr).get(url).content.decode()


def test_the_preview_lists_each_mistake_the_import_writes_exactly_the_rest_and_again_nothing(
    employer, content, existing_people, client
):
    made, data = content
    run = _checked(employer, data)
    assert run.status == RunStatus.CHECKED
    refused = {
        row.line: [f"{label}: {message}" if label else message for label, message in row.reasons]
        for row in ImportRow.objects.filter(run=run, outcome=Outcome.REFUSED)
    }
    assert set(refused) == made.refused_lines
    for kind, lines in made.mistakes.items():
        for line in lines:
            assert any(REASONS[kind] in reason for reason in refused[line]), (kind, refused[line])
    # The page shows every refused line with its reason (20 kinds on 22 lines).
    page = _refused_page(client, employer, run)
    assert page.count('<td data-label="Regel">') == len(made.refused_lines)
    for kind, lines in made.mistakes.items():
        assert escape(REASONS[kind]) in page, kind
        for line in lines:
            assert f'<td data-label="Regel">{line}</td>' in page, (kind, line)
    accepted = ROWS - len(made.refused_lines)
    assert run.counts["new"] == accepted
    assert run.counts["refused"] == len(made.refused_lines)
    assert Employee.objects.filter(employer=employer).count() == 5  # nothing written yet

    run = services.run_import(actor=ACTOR, run=services.run_start(actor=ACTOR, run=run))
    assert run.status == RunStatus.DONE
    assert run.counts["employees_created"] == accepted
    assert Employee.objects.filter(employer=employer).count() == accepted + 5
    refused_numbers = {made.rows[line - 2][0] for line in made.refused_lines}
    written = set(
        Employee.objects.filter(employer=employer).values_list("personnel_number", flat=True)
    )
    existing = {p.personnel_number for p in existing_people}
    assert written == {r[0] for r in made.rows} - refused_numbers | existing
    assert Employment.objects.filter(employer=employer).count() == accepted + 5
    # The access log: one summary event with counts, one event per person, no content.
    summary = AccessEvent.objects.get(target_type="imports.importrun", action="create")
    assert summary.details["employees_created"] == accepted
    assert AccessEvent.objects.filter(details__import_run=run.pk).count() == accepted
    assert run.content == b""

    # The same file again: every accepted line is unchanged, nothing is written.
    before = _snapshot(employer)
    second = _checked(employer, data)
    assert (second.counts["new"], second.counts["changed"]) == (0, 0)
    assert second.counts["unchanged"] == accepted
    assert second.counts["refused"] == len(made.refused_lines)
    second = services.run_import(actor=ACTOR, run=services.run_start(actor=ACTOR, run=second))
    assert second.status == RunStatus.DONE
    assert second.counts["employees_created"] == second.counts["employees_changed"] == 0
    assert second.counts["employments_created"] == second.counts["employments_changed"] == 0
    assert _snapshot(employer) == before


def test_a_failure_half_way_leaves_nothing_written(employer, content):
    _made, data = content
    run = _checked(employer, data)
    before = _snapshot(employer)
    events = AccessEvent.objects.count()
    with mock.patch.object(
        services.Employment.objects, "bulk_create", side_effect=RuntimeError("disk full")
    ):
        run = services.run_import(actor=ACTOR, run=services.run_start(actor=ACTOR, run=run))
    assert run.status == RunStatus.FAILED
    assert run.error == "RuntimeError"
    assert _snapshot(employer) == before
    # Only the failure itself is in the log, not the people that were about to be written.
    assert AccessEvent.objects.count() == events + 1
