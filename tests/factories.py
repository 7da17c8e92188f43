"""factory_boy factories: synthetic people only (R-DEV-1)."""

import datetime as dt
import secrets
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress

from poortwachter.accounts.allauth_internals import TOTP, generate_totp_secret
from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.core.bsn import bsn_sequence
from poortwachter.organisations.models import Department, Employee, Employer, Employment

#: One password for every synthetic test user, made anew for each test run.
PASSWORD = secrets.token_urlsafe(18) + "-Aa1"

#: Valid, distinct BSNs. Faker's Dutch ``ssn`` draws from about 165,000 numbers, so a
#: test with fifty people in one employer hit the unique (employer, BSN) constraint now
#: and then (a CI run failed on it); a sequence cannot repeat.
_BSNS = bsn_sequence(31_000_000)

#: Characters HTML escapes. Faker's Dutch names include "van 't Wel", which a page shows
#: as "van &#x27;t Wel": tests that look for a person's name on a page failed now and then
#: (two full runs on 5 December). Test people get names without them; escaping has tests
#: of its own (tests/security_live, the replayed cross-site scripting patterns).
_ESCAPED = frozenset("'\"&<>")


def _plain_name(kind: str) -> str:
    fake = factory.Faker._get_faker(locale="nl_NL")
    while _ESCAPED & set(name := getattr(fake, kind)()):
        pass
    return name


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Werkgever {n} B.V.")
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n}")
    is_synthetic = True


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Sequence(lambda n: f"Afdeling {n}")


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    employer = factory.SubFactory(EmployerFactory)
    personnel_number = factory.Sequence(lambda n: f"{n:06d}")
    first_name = factory.LazyFunction(lambda: _plain_name("first_name"))
    last_name = factory.LazyFunction(lambda: _plain_name("last_name"))
    bsn = factory.LazyFunction(lambda: next(_BSNS))
    date_of_birth = dt.date(1985, 5, 17)
    email = factory.Sequence(lambda n: f"werknemer{n}@werknemer.example")
    phone = "0612345678"
    is_synthetic = True


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    employee = factory.SubFactory(EmployeeFactory)
    employer = factory.SelfAttribute("employee.employer")
    department = factory.SubFactory(DepartmentFactory, employer=factory.SelfAttribute("..employer"))
    job_title = "Medewerker"
    start_date = dt.date(2020, 1, 1)
    hours_per_week = Decimal("32")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@test.example")
    first_name = factory.LazyFunction(lambda: _plain_name("first_name"))
    last_name = factory.LazyFunction(lambda: _plain_name("last_name"))
    is_synthetic = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def enrol_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def grant(user: User, role: str, **scope) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, **scope)
