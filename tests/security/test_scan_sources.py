"""The weekly report's two outside sources (R-SEC-2, issue 18): the dependency audit
against an advisory mirror and the dynamic scan with Wapiti. Each says when it did not
run and why; findings arrive with severities; scan sessions end with the scan. The scan
itself against a live server is tests/security/test_dast_scan.py (``make scan``)."""

import importlib.metadata
import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command

from poortwachter.audit.models import AccessEvent, Action
from poortwachter.security import advisories, dast, services
from poortwachter.security.models import SecurityReport

pytestmark = pytest.mark.django_db

DJANGO = importlib.metadata.version("django")


def _osv(ident: str, events: list[dict], *, severity: str = "HIGH", versions=()) -> dict:
    return {
        "id": ident,
        "database_specific": {"severity": severity},
        "affected": [{
            "package": {"ecosystem": "PyPI", "name": "Django"},
            "ranges": [{"type": "ECOSYSTEM", "events": events}],
            "versions": list(versions),
        }],
    }  # fmt: skip


@pytest.fixture
def mirror(tmp_path) -> Path:
    records = [
        _osv("PLANTED-HIT", [{"introduced": "0"}, {"fixed": "999.0"}]),
        _osv("PLANTED-FIXED", [{"introduced": "0"}, {"fixed": "1.0"}]),
        _osv("PLANTED-LAST", [{"introduced": "1.0"}, {"last_affected": DJANGO}], severity="LOW"),
        _osv("PLANTED-LIST", [], severity="MODERATE", versions=[DJANGO]),
    ]
    for record in records:
        (tmp_path / f"{record['id']}.json").write_text(json.dumps(record))
    return tmp_path


def test_the_audit_finds_installed_versions_in_the_mirror(mirror):
    result = advisories.audit(str(mirror))
    assert result.ran
    found = {(a.advisory, a.severity) for a in result.advisories}
    assert found == {("PLANTED-HIT", "high"), ("PLANTED-LAST", "low"), ("PLANTED-LIST", "medium")}
    assert result.records == 4


def test_the_audit_reads_osv_dev_zip_files(mirror, tmp_path_factory):
    archive = tmp_path_factory.mktemp("zip") / "all.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in mirror.glob("*.json"):
            out.write(path, path.name)
    assert len(advisories.audit(str(archive)).advisories) == 3


@pytest.mark.parametrize(
    ("setting", "reason"), [("", "no_mirror"), ("/nonexistent/osv", "mirror_missing")]
)
def test_without_a_mirror_the_audit_says_it_did_not_run(setting, reason):
    result = advisories.audit(setting)
    assert not result.ran
    assert result.reason == reason


def test_the_report_carries_advisories_with_severities(world, settings, mirror):
    settings.POORTWACHTER_ADVISORY_DB = str(mirror)
    report = services.security_scan(trigger="command")
    details = {f["detail"]: f["severity"] for f in report.findings if f["code"] == "deps.advisory"}
    assert details[f"django {DJANGO}: PLANTED-HIT (>= 999.0)"] == "high"
    assert report.scans["deps"]["ran"]


def test_the_command_names_each_advisory(world, settings, mirror):
    settings.POORTWACHTER_ADVISORY_DB = str(mirror)
    out = StringIO()
    call_command("security-scan", stdout=out)
    assert f"django {DJANGO}: PLANTED-HIT (>= 999.0)" in out.getvalue()


def test_a_report_says_plainly_what_did_not_run(world, settings, client_for):
    settings.POORTWACHTER_ADVISORY_DB = ""
    report = services.security_scan(trigger="command")
    codes = {f["code"]: f for f in report.findings}
    assert codes["dast.not_run"]["detail"] == "not_requested"
    assert codes["deps.not_run"]["detail"] == "no_mirror"
    page = client_for("service_admin").get(f"/arbodienst/beveiliging/{report.pk}/")
    text = page.content.decode()
    assert "De dynamische scan (Wapiti) is niet uitgevoerd." in text
    assert "POORTWACHTER_ADVISORY_DB" in text
    assert "security-scan --dynamic" in text


@pytest.mark.parametrize(
    ("url", "accounts", "scanner", "reason"),
    [
        ("", ["hr@test.example"], "wapiti", "no_url"),
        ("http://127.0.0.1:9/", [], "wapiti", "no_accounts"),
        ("http://127.0.0.1:9/", ["niemand@test.example"], "wapiti", "no_accounts"),
        ("http://127.0.0.1:9/", ["hr@test.example"], "geen-scanner-hier", "no_scanner"),
    ],
)
def test_the_dynamic_scan_says_why_it_did_not_run(world, settings, url, accounts, scanner, reason):
    settings.POORTWACHTER_DAST_URL = url
    settings.POORTWACHTER_DAST_ACCOUNTS = accounts
    settings.POORTWACHTER_DAST_SCANNER = scanner
    report = services.security_scan(trigger="scheduled", dynamic=True)
    assert report.scans["dast"]["ran"] is False
    assert report.scans["dast"]["reason"] == reason
    assert not Session.objects.exists()


REPORT = {
    "vulnerabilities": {
        "Cross Site Scripting": [
            {"method": "GET", "path": "/zoek/", "parameter": "q", "level": "2"},
            {"method": "POST", "path": "/zoek/", "parameter": "q", "level": "2"},
        ],
        "Content Security Policy Configuration": [{"method": "GET", "path": "/", "level": "1"}],
    },
    "anomalies": {"Internal Server Error": [{"method": "GET", "path": "/x/", "level": "3"}]},
}


def test_wapiti_findings_become_ours_with_severities():
    issues = {(i.code, i.severity): i for i in dast.parse_report(REPORT, "hr")}
    xss = issues["dast.cross_site_scripting", "high"]  # high whatever Wapiti's level
    assert xss.routes == ["GET /zoek/ (q)", "POST /zoek/ (q)"]
    assert ("dast.content_security_policy_configuration", "low") in issues
    assert ("dast.internal_server_error", "high") in issues
    assert dast.new_high(issues.values(), ["dast.internal_server_error|hr"]) == [xss]
    assert dast.new_high(issues.values(), ["dast.cross_site_scripting|*",
                                           "dast.internal_server_error|*"]) == []  # fmt: skip


def test_the_session_goes_to_wapiti_as_a_cookie_file_it_reads():
    assert dast.cookie_file("https://staging.example.nl/", "__Host-sessionid=abc") == {
        ".staging.example.nl": {"/": {"__Host-sessionid": {
            "value": "abc", "expires": None, "secure": True, "port": None, "version": 0}}}
    }  # fmt: skip
    assert list(dast.cookie_file("http://localhost:8000/", "sessionid=abc")) == [".localhost.local"]


def test_each_role_is_scanned_with_its_own_session_that_ends_with_the_scan(
    world, settings, tmp_path
):
    """Through a stand-in for Wapiti: the command it gets, and the sessions around it."""
    settings.POORTWACHTER_DAST_URL = "http://127.0.0.1:9/"
    settings.POORTWACHTER_DAST_ACCOUNTS = [world.hr.email, world.doctor.email]
    settings.POORTWACHTER_DAST_SCANNER = "true"  # any program; the runner stands in
    seen = {}

    def runner(command, **kwargs):
        jar = json.loads(Path(command[command.index("-c") + 1]).read_text())
        assert list(jar) == ["127.0.0.1"]
        [key] = [c["value"] for c in jar["127.0.0.1"]["/"].values()]
        seen[key] = Session.objects.get(session_key=key).get_decoded()["_auth_user_id"]
        assert "http://127.0.0.1:9/accounts/logout/" in command
        Path(command[command.index("-o") + 1]).write_text(json.dumps(REPORT))
        return type("Done", (), {"returncode": 0, "stderr": b""})()

    original = dast.scan
    settings_scan = lambda url, cookies: original(url, cookies, runner=runner)  # noqa: E731
    services.dast.scan = settings_scan  # type: ignore[assignment]
    try:
        report = services.security_scan(trigger="command", dynamic=True)
    finally:
        services.dast.scan = original  # type: ignore[assignment]
    assert sorted(seen.values()) == sorted([str(world.hr.pk), str(world.doctor.pk)])
    assert not Session.objects.filter(session_key__in=seen).exists()
    assert report.scans["dast"]["ran"]
    assert sorted(report.scans["dast"]["roles"]) == ["doctor", "hr"]
    assert report.high >= 2  # the XSS and the 500, for each role
    assert AccessEvent.objects.filter(
        action=Action.SIGN_IN, purpose="security_scan", subject_user_id=world.hr.pk
    ).exists()
    assert SecurityReport.objects.get(pk=report.pk).scans["deps"]["ran"] is False


def _scan_with_stand_in(monkeypatch) -> None:
    """Wapiti replaced by a runner that writes an empty report for each role."""

    def runner(command, **kwargs):
        Path(command[command.index("-o") + 1]).write_text(json.dumps({"vulnerabilities": {}}))
        return type("Done", (), {"returncode": 0, "stderr": b""})()

    original = dast.scan
    monkeypatch.setattr(
        services.dast, "scan", lambda url, cookies: original(url, cookies, runner=runner)
    )


@pytest.mark.parametrize(
    ("personas", "unscanned"),
    [
        (["hr", "doctor"], ["assistant", "employee", "employer_admin", "manager",
                            "privacy_officer", "service_admin"]),
        (["employee", "manager", "hr", "employer_admin", "doctor", "assistant",
          "service_admin", "privacy_officer"], []),
    ],
)  # fmt: skip
def test_the_report_names_the_roles_the_dynamic_scan_did_not_sign_in_as(
    world, settings, monkeypatch, client_for, personas, unscanned
):
    """Issue 18 (R-SEC-2): the scan signs in as each role; when the scan accounts leave
    a role out, the report says plainly which roles were not scanned, as a finding and
    on the page, rather than a clean scan of fewer roles."""
    settings.POORTWACHTER_DAST_URL = "http://127.0.0.1:9/"
    settings.POORTWACHTER_DAST_ACCOUNTS = [world.users[p].email for p in personas]
    settings.POORTWACHTER_DAST_SCANNER = "true"
    _scan_with_stand_in(monkeypatch)
    report = services.security_scan(trigger="scheduled", dynamic=True)
    assert report.scans["dast"]["ran"]
    assert report.scans["dast"]["unscanned"] == unscanned
    found = [f for f in report.findings if f["code"] == "dast.roles_not_scanned"]
    page = client_for("service_admin").get(f"/arbodienst/beveiliging/{report.pk}/")
    text = page.content.decode()
    if unscanned:
        assert found == [{"code": "dast.roles_not_scanned", "severity": "medium",
                          "count": len(unscanned), "detail": ", ".join(unscanned)}]  # fmt: skip
        assert "Niet gescand als" in text
        assert "Privacyfunctionaris / auditor" in text
    else:
        assert found == []
        assert "Niet gescand als" not in text
