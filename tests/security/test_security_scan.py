"""The periodic security report (issue 8, R-SEC-2): `poortwachter security-scan` checks
the installation and keeps its report; the service administrator reads the history."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

from poortwachter.accounts.db import drop_separation_triggers, install_separation_triggers
from poortwachter.accounts.models import RoleAssignment
from poortwachter.audit.models import AccessEvent
from poortwachter.audit.sealer import seal_all
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


def test_an_account_with_a_medical_role_and_service_duties_is_flagged(world, client_for):
    """Issue 18, finding 3: an account made before the separation of duties (doctor and
    service administrator, or assistant and privacy officer) is in every weekly report,
    high, until the service splits it; ``check-separation-of-duties`` alone was easy to
    miss after an upgrade."""
    assert "accounts.conflicting_duties" not in _codes(_scan())
    drop_separation_triggers(connection)
    try:
        RoleAssignment.objects.create(user=world.doctor, role=Role.SERVICE_ADMIN)
        RoleAssignment.objects.create(user=world.assistant, role=Role.PRIVACY_OFFICER)
    finally:
        install_separation_triggers(connection)
    report = _scan()
    finding = _codes(report)["accounts.conflicting_duties"]
    assert finding["severity"] == "high"
    assert finding["ids"] == sorted([world.doctor.pk, world.assistant.pk])
    page = client_for("service_admin").get(
        reverse("security:report_detail", kwargs={"report_id": report["id"]})
    )
    assert "medische rol" in page.content.decode()


def test_a_broken_access_log_chain_is_flagged(world):
    first = audit_record(actor=Actor.system("test"), action="read")
    audit_record(actor=Actor.system("test"), action="read")
    seal_all()
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
    event = AccessEvent.objects.filter(purpose="security_report").latest("id")
    assert event.actor_role == "service_admin"


# --- Django's own checks, and who started a scan (issue 14) ------------------------------


def test_djangos_deployment_checks_are_findings_with_a_severity(world, settings):
    settings.DEBUG = True
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_REFERRER_POLICY = None  # a check the project never re-implemented
    codes = _codes(_scan())
    assert codes["check.security.W018"]["severity"] == "high"
    assert codes["check.security.W008"]["severity"] == "medium"
    assert codes["check.security.W022"]["severity"] == "medium"
    assert "Referrer-Policy" in codes["check.security.W022"]["text"]
    assert "settings.debug" not in codes  # no second, home-made copy of Django's check


def test_silenced_checks_stay_silent(world, settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.SILENCED_SYSTEM_CHECKS = [*settings.SILENCED_SYSTEM_CHECKS, "security.W008"]
    assert "check.security.W008" not in _codes(_scan())


@pytest.fixture
def failing_deploy_check():
    def check(app_configs, **kwargs):
        return [checks.Error("Something an app checks is wrong.", id="example.E001")]

    checks.register(check, deploy=True)
    yield
    checks.registry.registry.deployment_checks.discard(check)


def test_an_apps_own_check_error_is_high_and_shows_its_text(world, failing_deploy_check):
    out = StringIO()
    call_command("security-scan", stdout=out)
    assert "- [high] Something an app checks is wrong. (1)" in out.getvalue()


def test_the_projects_own_settings_rules_remain(world, settings):
    settings.SECURE_HSTS_SECONDS = 3600  # set, so Django is content; under a year
    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    codes = _codes(_scan())
    assert codes["settings.hsts"]["severity"] == "medium"
    assert codes["settings.allowed_hosts"]["severity"] == "high"
    assert codes["settings.password_hasher"]["severity"] == "medium"
    assert "check.security.W004" not in codes


def test_the_report_records_the_command_and_the_scheduler_as_starters(world, time_machine):
    assert SecurityReport.objects.get(pk=_scan()["id"]).started_by_label == "command"
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False)
    run_due()
    scheduled = SecurityReport.objects.get(trigger="scheduled")
    assert (scheduled.started_by_id, scheduled.started_by_label) == (None, "scheduler")
    assert scheduled.starter == "de planner (elke week)"


def test_the_report_page_names_the_administrator_who_started_the_scan(world, client_for):
    client = client_for("service_admin")
    response = client.post(reverse("security:report_new"))
    report = SecurityReport.objects.get()
    admin = report.started_by
    assert admin is not None
    assert admin.role_assignments.filter(role=Role.SERVICE_ADMIN).exists()
    label = admin.get_full_name() or admin.email
    assert report.started_by_label == label
    page = client.get(response["Location"]).content.decode()
    assert (
        f'Gestart door: <a href="{reverse("accounts:user_detail", args=[admin.pk])}">{label}</a>'
        in page
    )
