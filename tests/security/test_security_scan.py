"""The periodic security report (issue 8, R-SEC-2): `poortwachter security-scan` checks
the installation and keeps its report; the service administrator reads the history."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import QuerySet
from django.urls import reverse

from poortwachter.accounts.models import RoleAssignment
from poortwachter.audit.models import AccessEvent
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.roles import Role
from poortwachter.scheduling import registry
from poortwachter.scheduling.services import run_due
from poortwachter.security.models import SecurityReport
from tests.audit_support import append_only_triggers_off
from tests.factories import EmployeeFactory, EmploymentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _scan(*args) -> dict:
    out = StringIO()
    call_command("security-scan", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def _codes(report: dict) -> dict[str, dict]:
    return {f["code"]: f for f in report["findings"]}


def test_a_planted_account_without_a_second_factor_is_flagged(world):
    planted = UserFactory(email="zonder-factor@test.example")
    report = _scan()
    finding = _codes(report)["accounts.no_second_factor"]
    assert finding["severity"] == "high"
    assert finding["ids"] == [planted.pk]  # the personas all have a factor
    assert report["summary"]["high"] >= 1
    assert report["packages"]["django"].startswith("5.2")
    assert SecurityReport.objects.get(pk=report["id"]).trigger == "command"
    with pytest.raises(CommandError):
        call_command("security-scan", "--fail-on", "high", stdout=StringIO())


def test_dormant_and_mixed_accounts_are_flagged(world):
    hr = world.hr
    hr.last_login = clock.now() - dt.timedelta(days=120)
    hr.save(update_fields=["last_login"])
    RoleAssignment.objects.create(user=world.employee, role=Role.ASSISTANT)
    codes = _codes(_scan())
    assert hr.pk in codes["accounts.dormant"]["ids"]
    assert codes["accounts.mixed_sides"]["ids"] == [world.employee.pk]


def test_a_broken_access_log_chain_is_flagged(world):
    first = audit_record(actor=Actor.system("test"), action="read")
    audit_record(actor=Actor.system("test"), action="read")
    with append_only_triggers_off():
        QuerySet.update(AccessEvent.objects.filter(pk=first.pk), purpose="anders")
    finding = _codes(_scan())["audit.chain_broken"]
    assert (finding["severity"], finding["detail"]) == ("high", "toegangslog")


def test_a_retention_backlog_is_flagged(world):
    leaver = EmployeeFactory(employer=world.employer)
    EmploymentFactory(
        employee=leaver, employer=world.employer, department=world.department,
        start_date=dt.date(2015, 1, 1), end_date=clock.today() - dt.timedelta(days=3 * 365),
    )  # fmt: skip
    assert _codes(_scan())["retention.backlog"]["ids"] == [leaver.pk]


def test_an_old_medical_key_is_flagged(world, monkeypatch):
    from poortwachter.medical import keys

    class Old:
        def current_key_id(self):
            return "k-20240101-abcdef12"

    monkeypatch.setattr(keys, "get_key_provider", lambda: Old())
    assert _codes(_scan())["keys.old"]["severity"] == "medium"


def test_a_clean_part_of_the_installation_reports_nothing_for_it(world):
    codes = _codes(_scan())
    for code in ("accounts.no_second_factor", "accounts.mixed_sides", "audit.chain_broken",
                 "retention.backlog", "keys.old", "accounts.superuser"):  # fmt: skip
        assert code not in codes


def test_the_scan_runs_once_a_week(world, time_machine):
    assert {job.name: job.every for job in registry.jobs()}["security-scan"] == "weekly"
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False)  # Monday
    assert "security-scan" in [o.job for o in run_due()]
    time_machine.move_to(dt.datetime(2026, 11, 29, 9, tzinfo=dt.UTC), tick=False)  # Sunday
    assert "security-scan" not in [o.job for o in run_due()]
    time_machine.move_to(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), tick=False)  # Monday
    assert "security-scan" in [o.job for o in run_due()]
    assert SecurityReport.objects.filter(trigger="scheduled").count() == 2


def test_the_service_administrator_reads_the_history(world, client_for):
    UserFactory(email="zonder-factor@test.example")
    client = client_for("service_admin")
    response = client.post(reverse("security:report_new"))
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "Actieve accounts zonder tweede factor." in detail.content.decode()
    listing = client.get(reverse("security:report_list"))
    assert listing.status_code == 200
    event = AccessEvent.objects.filter(purpose="security_report").latest("seq")
    assert event.actor_role == "service_admin"
