"""The synthetic data generator (R-DEV-1): every person, employer and employment in a demo
or test database comes from here, deterministically for a seed, and is marked synthetic.

The generator runs as a list of steps over one shared ``GeneratorState``; later features
add steps (absence history, re-integration cases) with ``register_step`` without touching
the ones before. Rows are written with ``bulk_create`` in batches, so 100,000 employees
take seconds of database time, not hours.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from faker import Faker

from poortwachter.core import clock
from poortwachter.core.bsn import bsn_sequence
from poortwachter.organisations.models import (
    Department,
    Employee,
    Employer,
    Employment,
    SyntheticDataset,
)

BATCH = 5_000
POOL = 800  # distinct names and streets drawn from Faker once, then sampled

DEPARTMENTS = {
    "Verkoop": ["Accountmanager", "Binnendienstmedewerker", "Teamleider verkoop"],
    "Logistiek": ["Orderpicker", "Chauffeur", "Planner", "Magazijnmedewerker"],
    "Productie": ["Operator", "Monteur", "Procesoperator", "Ploegleider"],
    "Klantenservice": ["Klantenservicemedewerker", "Teamleider klantenservice"],
    "Financiën": ["Boekhouder", "Controller", "Salarisadministrateur"],
    "ICT": ["Ontwikkelaar", "Systeembeheerder", "Servicedeskmedewerker"],
    "Zorg": ["Verpleegkundige", "Verzorgende IG", "Helpende", "Teamleider zorg"],
    "Facilitair": ["Medewerker facilitair", "Receptionist", "Schoonmaker"],
    "Personeelszaken": ["HR-adviseur", "Recruiter"],
    "Onderhoud": ["Onderhoudsmonteur", "Elektromonteur"],
}
SECTORS = ["Zorg", "Logistiek", "Techniek", "Handel", "Dienstverlening", "Bouw", "Onderwijs"]
LEGAL_FORMS = ["B.V.", "N.V.", "Stichting", "Coöperatie U.A."]
HOURS = [Decimal(h) for h in ("40", "38", "36", "32", "32", "28", "24", "20", "16", "12")]


@dataclass
class GeneratorState:
    seed: int
    employers: int
    employees: int
    years: int
    today: dt.date
    rng: random.Random
    faker: Faker
    created_employers: list[Employer] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


Step = Callable[[GeneratorState], None]
_STEPS: list[tuple[str, Step]] = []


def register_step(name: str) -> Callable[[Step], Step]:
    """Add a generation step; steps run in registration order."""

    def decorator(step: Step) -> Step:
        _STEPS.append((name, step))
        return step

    return decorator


def generate(*, seed: int, employers: int, employees: int, years: int) -> GeneratorState:
    if employers < 1 or employees < employers:
        raise ValueError("Need at least one employer and one employee per employer.")
    rng = random.Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    state = GeneratorState(seed, employers, employees, years, clock.today(), rng, faker)
    with transaction.atomic():
        SyntheticDataset.objects.create(
            seed=seed,
            parameters={"employers": employers, "employees": employees, "years": years},
        )
        for _name, step in _STEPS:
            step(state)
    return state


def _company_sizes(rng: random.Random, employers: int, employees: int) -> list[int]:
    """Long-tailed employer sizes that add up to ``employees`` (at least 1 each)."""
    weights = [math.exp(rng.gauss(0, 1.2)) for _ in range(employers)]
    total = sum(weights)
    sizes = [max(1, int(employees * w / total)) for w in weights]
    sizes[0] += employees - sum(sizes)
    if sizes[0] < 1:  # rounding took too much from the first: spread the deficit
        sizes = [1] * employers
        sizes[0] = employees - (employers - 1)
    return sizes


@register_step("organisations")
def _organisations(state: GeneratorState) -> None:
    rng, faker = state.rng, state.faker
    first_names = [faker.first_name() for _ in range(POOL)]
    last_names = [faker.last_name() for _ in range(POOL)]
    streets = [faker.street_name() for _ in range(POOL)]
    cities = [faker.city() for _ in range(POOL // 4)]
    bsns = bsn_sequence(10_000_000 + rng.randrange(0, 40_000_000))
    base = Employer.objects.count()
    for index, size in enumerate(_company_sizes(rng, state.employers, state.employees)):
        employer = Employer.objects.create(
            name=f"{faker.last_name()} {rng.choice(SECTORS)} {rng.choice(LEGAL_FORMS)}",
            kvk_number=f"{rng.randrange(10_000_000, 99_999_999)}",
            payroll_tax_number=f"{rng.randrange(100_000_000, 999_999_999)}L01",
            own_risk_sickness_benefit=rng.random() < 0.2,
            own_risk_wga=rng.random() < 0.3,
            is_synthetic=True,
        )
        state.created_employers.append(employer)
        departments = _departments(state, employer, size)
        _people(
            state,
            employer,
            departments,
            size,
            base + index,
            (first_names, last_names, streets, cities),
            bsns,
        )
    state.counts["employers"] = len(state.created_employers)


def _departments(state: GeneratorState, employer: Employer, size: int) -> list[Department]:
    wanted = max(2, min(len(DEPARTMENTS), size // 25 + 1))
    names = state.rng.sample(sorted(DEPARTMENTS), wanted)
    return Department.objects.bulk_create(
        [Department(employer=employer, name=name) for name in names]
    )


_PREFIX_WORDS = frozenset(
    {"van", "der", "den", "de", "het", "'t", "ter", "ten", "te", "in", "op", "uit", "aan", "bij"}
)


def split_prefix(last_name: str) -> tuple[str, str]:
    """Faker's Dutch surnames carry their tussenvoegsel ("van der Maes", "van 't Hout"):
    store it apart, as Dutch administrations do."""
    words = last_name.split(" ")
    count = 0
    while count < len(words) - 1 and words[count].lower() in _PREFIX_WORDS:
        count += 1
    return " ".join(words[:count]).lower(), " ".join(words[count:])


def email_local_part(*parts: str) -> str:
    """An address a mail server accepts: accents folded, only letters, digits and dots."""
    text = ".".join(part for part in parts if part)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    cleaned = re.sub(r"[^a-z0-9.]+", "", ascii_text)
    return re.sub(r"\.{2,}", ".", cleaned).strip(".")


def _person_dates(rng: random.Random, today: dt.date, horizon: dt.date):
    """Start, end and date of birth such that everyone starts work aged 18 to 60."""
    start = horizon - dt.timedelta(days=rng.randrange(0, 365 * 8))
    if rng.random() < 0.35:  # joined during the period
        start = horizon + dt.timedelta(days=rng.randrange(0, max(1, (today - horizon).days)))
    end = None
    if rng.random() < 0.12:  # left during the period
        end = start + dt.timedelta(days=rng.randrange(30, 365 * 3))
        end = end if end < today else None
    latest_birth = min(start - dt.timedelta(days=18 * 366), today - dt.timedelta(days=19 * 366))
    born = latest_birth - dt.timedelta(days=rng.randrange(0, 42 * 365))
    born = max(born, today - dt.timedelta(days=67 * 365))
    return start, end, born


def _people(state, employer, departments, size, employer_index, pools, bsns) -> None:
    rng, today = state.rng, state.today
    first_names, last_names, streets, cities = pools
    horizon = today - dt.timedelta(days=365 * state.years)
    employees: list[Employee] = []
    contracts: list[tuple[Department, dt.date, dt.date | None]] = []
    for number in range(1, size + 1):
        first = rng.choice(first_names)
        prefix, last = split_prefix(rng.choice(last_names))
        start, end, born = _person_dates(rng, today, horizon)
        contracts.append((rng.choice(departments), start, end))
        local = email_local_part(first, prefix, last, str(employer_index), str(number))
        employees.append(
            Employee(
                employer=employer,
                personnel_number=f"{number:06d}",
                first_name=first,
                name_prefix=prefix,
                last_name=last,
                bsn=next(bsns),
                date_of_birth=born,
                email=f"{local}@werknemer.example",
                phone=f"06{rng.randrange(10_000_000, 99_999_999)}",
                street=rng.choice(streets),
                house_number=str(rng.randrange(1, 250)),
                postcode=f"{rng.randrange(1000, 9999)}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}"
                f"{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
                city=rng.choice(cities),
                is_synthetic=True,
            )
        )
    created = Employee.objects.bulk_create(employees, batch_size=BATCH)
    employments = [
        Employment(
            employer=employer,
            employee=employee,
            department=department,
            job_title=rng.choice(DEPARTMENTS[department.name]),
            start_date=start,
            end_date=end,
            hours_per_week=rng.choice(HOURS),
        )
        for employee, (department, start, end) in zip(created, contracts, strict=True)
    ]
    Employment.objects.bulk_create(employments, batch_size=BATCH)
    state.counts["employees"] = state.counts.get("employees", 0) + len(created)
    state.counts["employments"] = state.counts.get("employments", 0) + len(employments)
