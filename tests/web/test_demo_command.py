"""`poortwachter demo --no-serve`: synthetic data and one account per role, idempotent."""

import json

from django.core.management import call_command

from poortwachter.accounts.models import RoleRequest, User
from poortwachter.accounts.policies import can_decide_role_request
from poortwachter.accounts.selectors import accounts_with_conflicting_duties, actor_for_user
from poortwachter.core.roles import Role
from poortwachter.devtools.demo import accounts_file
from poortwachter.organisations.models import Employee, Employer


def test_demo_prepares_accounts_for_every_role_and_is_idempotent(db, capsys, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    call_command("demo", no_serve=True)
    first = json.loads(accounts_file().read_text())
    assert accounts_file().stat().st_mode & 0o777 == 0o600
    employees = Employee.objects.count()
    call_command("demo", no_serve=True)
    assert Employee.objects.count() == employees
    assert json.loads(accounts_file().read_text()) == first
    out = capsys.readouterr().out
    assert "already present" in out
    # Where the demo's mail goes, and the address its links use (issue 19).
    assert f"E-mail (notifications, activation links) is written as files to {tmp_path}" in out
    assert "links in it point to http://127.0.0.1:8000." in out
    held = set(User.objects.values_list("role_assignments__role", flat=True))
    assert set(Role.values) <= held
    # No demo account is both medical and administrator or privacy officer (issue 18).
    assert accounts_with_conflicting_duties() == []
    assert all(e.is_synthetic for e in Employer.objects.all())
    assert User.objects.filter(is_synthetic=False).count() == 0
    with_factor = [a for a in first if a["totp_secret"]]
    assert len(with_factor) == len(first) - 1
    # One account shows the activation of a new account: link plus code, no password.
    [new] = [a for a in first if not a["totp_secret"]]
    assert new["password"] == ""
    assert "/activeren/" in new["note"]
    assert " met code " in new["note"]
    # Four eyes (R-ACC-1): the doctor's role was approved by a second person, and one
    # request waits for the privacy officer, who may decide it.
    doctor = User.objects.get(email=next(a["email"] for a in first if a["role"] == "doctor"))
    approved = doctor.role_assignments.get().role_request
    assert approved.decided_by.email.startswith("fg@")
    [waiting] = RoleRequest.objects.filter(outcome=RoleRequest.Outcome.PENDING)
    fg = User.objects.get(email=next(a["email"] for a in first if a["role"] == "privacy_officer"))
    assert can_decide_role_request(actor_for_user(fg), waiting)
    assert "Four eyes: " in out


def test_totp_command_refuses_real_accounts(db, world):
    import pytest
    from django.core.management.base import CommandError

    User.objects.filter(pk=world.hr.pk).update(is_synthetic=False)
    with pytest.raises(CommandError):
        call_command("totp", world.hr.email)
