"""The demo installation: synthetic employers and one account per role.

Every account is issued through the same services a real service administrator uses,
so the demo obeys the issuance rules (R-ACC-1). Passwords and TOTP secrets are random
per installation and written only to ``demo-accounts.json`` in the data directory.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from poortwachter.absences.models import SickReport
from poortwachter.accounts.allauth_internals import TOTP, RecoveryCodes, generate_totp_secret
from poortwachter.accounts.bootstrap import service_admin_bootstrap
from poortwachter.accounts.models import Activation, User
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.accounts.services import activation_issue, role_request_decide, user_create
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.devtools.agenda_demo import demo_agenda
from poortwachter.devtools.reintegration_history import demo_reintegration
from poortwachter.devtools.synthetic import generate
from poortwachter.organisations.models import (
    Department,
    Employee,
    Employer,
    SyntheticDataset,
    current_employments,
)
from poortwachter.organisations.services import doctor_assign

DOMAIN = "demo.example"


@dataclass
class DemoAccount:
    role: str
    email: str
    password: str
    totp_secret: str
    note: str


def accounts_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-accounts.json"


def load_accounts() -> list[DemoAccount] | None:
    path = accounts_file()
    if not path.exists():
        return None
    return [DemoAccount(**row) for row in json.loads(path.read_text(encoding="utf-8"))]


def _save_accounts(accounts: list[DemoAccount]) -> None:
    path = accounts_file()
    path.write_text(json.dumps([asdict(a) for a in accounts], indent=2), encoding="utf-8")
    path.chmod(0o600)


def synthetic_credentials(user: User, *, with_factor: bool) -> tuple[str, str]:
    """A random password and, with ``with_factor``, a TOTP secret for a synthetic
    account (the demo and the benchmarks sign in with them)."""
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.is_synthetic = True
    user.save(update_fields=["password", "is_synthetic"])
    if not with_factor:
        return password, ""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return password, secret


def _largest_department(employer: Employer) -> Department:
    department = (
        Department.objects.filter(employer=employer)
        .annotate(size=Count("employments"))
        .order_by("-size", "pk")
        .first()
    )
    assert department is not None, "the generator gives every employer departments"
    return department


def _first_employee(employments) -> Employee:
    """Someone at work today (no open sick report), so the demo can report them sick."""
    still_sick = SickReport.objects.filter(recovered_on__isnull=True).values("employee_id")
    employment = (
        employments.exclude(employee_id__in=still_sick)
        .select_related("employee")
        .order_by("employee_id")
        .first()
    )
    assert employment is not None, "the generator gives every department employees"
    return employment.employee


@transaction.atomic
def build_demo(*, seed: int = 1, employees: int = 300) -> list[DemoAccount]:
    state = generate(seed=seed, employers=3, employees=employees, years=5)
    main, other = state.created_employers[0], state.created_employers[1]
    admin = service_admin_bootstrap(
        email=f"beheer@arbodienst.{DOMAIN}",
        first_name="Bea",
        last_name="Beheer",
        password=None,
        synthetic=True,
    )
    actor = actor_for_user(admin)
    department = _largest_department(main)
    team_member = _first_employee(current_employments().filter(department=department))
    newcomer = _first_employee(
        current_employments().filter(employer=main).exclude(employee=team_member)
    )

    def issue(email, first, last, role, **scope) -> User:
        return user_create(
            actor=actor,
            email=f"{email}@{DOMAIN}",
            first_name=first,
            last_name=last,
            role=role,
            send_invitation=False,
            **scope,
        )

    # A second administrator from the command line (as `create-service-admin` makes one):
    # the roles that decide four-eyes requests need a second person themselves (R-ACC-1).
    second_admin = service_admin_bootstrap(
        email=f"beheer2@arbodienst.{DOMAIN}",
        first_name="Bram",
        last_name="Beheer",
        password=None,
        synthetic=True,
    )

    def approved(user: User, by: User) -> User:
        assert user.filed_role_request is not None
        role_request_decide(
            actor=actor_for_user(by), role_request=user.filed_role_request, approve=True
        )
        return user

    # Four eyes: Bea requests the service's privacy officer, Bram approves.
    privacy_officer = approved(issue("fg", "Fenna", "Privacy", Role.PRIVACY_OFFICER), second_admin)

    def issue_medical(email, first, last, role) -> User:
        """Four eyes (R-ACC-1): Bea requests the role, Fenna approves it."""
        return approved(issue(email, first, last, role), privacy_officer)

    # One request waits, so the demo shows the page "Aanvragen vier ogen".
    waiting = issue("arts.nieuw", "Nina", "Nieuwe-Arts", Role.DOCTOR)
    waiting.is_synthetic = True
    waiting.save(update_fields=["is_synthetic"])
    plan = [
        ("service_admin", admin, "", True),
        ("service_admin", second_admin, "second person for Bea's requests (four eyes)", True),
        ("doctor", issue_medical("arts", "Daan", "Dokter", Role.DOCTOR), "", True),
        ("assistant", issue_medical("poh", "Anna", "Assistent", Role.ASSISTANT), "", True),
        (
            "privacy_officer",
            privacy_officer,
            f"approves or refuses the waiting request for a doctor role of {waiting.email} "
            "(Aanvragen vier ogen)",
            True,
        ),
        (
            "employer_admin",
            issue("beheer.werkgever", "Wim", "Werkgeverbeheer", Role.EMPLOYER_ADMIN, employer=main),
            main.name,
            True,
        ),
        ("hr", issue("hr", "Hanna", "Personeelszaken", Role.HR, employer=main), main.name, True),
        (
            "manager",
            issue("manager", "Mark", "Leiding", Role.MANAGER, employer=main, department=department),
            f"{main.name} – {department.name}",
            True,
        ),
        (
            "employee",
            issue(
                "werknemer",
                team_member.first_name,
                team_member.last_name,
                Role.EMPLOYEE,
                employer=main,
                employee=team_member,
            ),
            f"{team_member.full_name}, {department.name}",
            True,
        ),
        (
            "hr_other_employer",
            issue("hr.ander", "Otto", "Anderbedrijf", Role.HR, employer=other),
            other.name,
            True,
        ),
        (
            "employee_without_second_factor",
            issue(
                "nieuw",
                newcomer.first_name,
                newcomer.last_name,
                Role.EMPLOYEE,
                employer=main,
                employee=newcomer,
            ),
            "",
            False,
        ),
    ]
    first_of: dict[str, User] = {}
    for role, user, _note, _factor in plan:
        first_of.setdefault(role, user)
    doctor = first_of["doctor"]
    for employer in state.created_employers[:2]:
        doctor_assign(actor=actor, employer=employer, doctor=doctor, since=clock.today())
    # Long-term cases with an advice, a plan of action and tasks, so the dashboards of HR
    # and the doctor show deadlines from the start.
    demo_reintegration(doctor=doctor, hr=first_of["hr"], employers=state.created_employers[:2])
    demo_agenda(doctor=doctor, employer=main, first=team_member.pk)
    accounts = []
    for role, user, note, with_factor in plan:
        if not with_factor:
            # Claimed as a real one is: link plus code, never by password (issue 18).
            user.is_synthetic = True
            user.save(update_fields=["is_synthetic"])
            issued = activation_issue(actor=actor, user=user, purpose=Activation.Purpose.NEW)
            note = f"activeren: {issued.url} met code {issued.code}"
            accounts.append(DemoAccount(role, user.email, "", "", note))
            continue
        password, secret = synthetic_credentials(user, with_factor=with_factor)
        accounts.append(DemoAccount(role, user.email, password, secret, note))
    _save_accounts(accounts)
    return accounts


def ensure_demo(*, seed: int = 1) -> tuple[list[DemoAccount], bool]:
    """Build the demo once; on later runs reuse it. Returns (accounts, created)."""
    if SyntheticDataset.objects.exists() or Employer.objects.exists():
        accounts = load_accounts()
        if accounts is None:
            raise RuntimeError(
                f"The database has data but {accounts_file()} is missing; use a fresh "
                "POORTWACHTER_DATA_DIR for the demo."
            )
        return accounts, False
    return build_demo(seed=seed), True


def mail_destination() -> str:
    """Where the demo's e-mail goes, and the address its links use (issue 19)."""
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend == "console":
        where = "printed in this terminal by the process that sends it (the task worker)"
    elif backend == "filebased":
        where = f"written as files to {getattr(settings, 'EMAIL_FILE_PATH', '')}"
    else:
        where = f"sent by {settings.EMAIL_BACKEND}"
    return (
        f"E-mail (notifications, activation links) is {where}; "
        f"links in it point to {settings.POORTWACHTER_BASE_URL}."
    )
