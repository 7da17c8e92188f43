"""Run the scan and keep its report: the installation's own checks, the dependency
audit against an advisory mirror and, weekly or on the command line, the dynamic scan
of the running instance (R-SEC-2, issue 18)."""

import time
from importlib import import_module

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

from poortwachter.accounts.allauth_internals import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    AUTHENTICATION_METHODS_USER_SESSION_KEY,
    user_id_to_str,
)
from poortwachter.accounts.middleware import EPOCH, SEEN, STARTED
from poortwachter.accounts.models import User
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.roles import Role
from poortwachter.security import advisories, dast
from poortwachter.security.checks import Finding, package_versions, run_checks
from poortwachter.security.models import SecurityReport, Severity

#: Who started a scan that no person started, by its trigger.
SYSTEM_STARTERS = {"command": "command", "scheduled": "scheduler"}
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def security_scan(
    *, trigger: str, actor: Actor | None = None, dynamic: bool = False
) -> SecurityReport:
    """Check the installation and keep the report, with who started it: ``actor``'s
    user for a scan from the page, else the command line or the scheduler. The dynamic
    scan runs only when ``dynamic`` (the weekly job, ``security-scan --dynamic``): it
    takes minutes, too long for a page."""
    findings = run_checks()
    audit = advisories.audit(settings.POORTWACHTER_ADVISORY_DB)
    findings += audit_findings(audit)
    result = dynamic_scan() if dynamic else dast.ScanResult(ran=False, reason="not_requested")
    findings += scan_findings(result)

    def count(severity: str) -> int:
        return sum(1 for f in findings if f.severity == severity)

    person = actor is not None and not actor.is_system
    return SecurityReport.objects.create(
        created_at=clock.now(),
        trigger=trigger,
        started_by_id=actor.user_id if person and actor else None,
        started_by_label=(
            actor.label if person and actor else SYSTEM_STARTERS.get(trigger, trigger)
        ),
        high=count(Severity.HIGH),
        medium=count(Severity.MEDIUM),
        low=count(Severity.LOW),
        findings=[f.as_dict() for f in findings],
        packages=package_versions(),
        scans={"dast": result.summary(), "deps": audit.summary()},
    )


def audit_findings(audit: advisories.AuditResult) -> list[Finding]:
    if not audit.ran:
        return [Finding("deps.not_run", Severity.INFO, detail=audit.reason)]
    found = []
    for a in audit.advisories:
        detail = f"{a.package} {a.version}: {a.advisory}"
        found.append(Finding("deps.advisory", a.severity, detail=detail + _fixed(a.fixed)))
    return found


def _fixed(version: str) -> str:
    return f" (>= {version})" if version else ""


def scan_findings(result: dast.ScanResult) -> list[Finding]:
    if not result.ran:
        return [Finding("dast.not_run", Severity.INFO, detail=result.reason)]
    found = [
        Finding(
            issue.code, issue.severity, len(issue.routes),
            detail=f"{issue.role}: " + "; ".join(issue.routes[: dast.MAX_ROUTES]),
            text=f"Wapiti: {issue.category}",
        )
        for issue in result.issues
    ]  # fmt: skip
    found += [
        Finding("dast.role_not_scanned", Severity.MEDIUM, detail=f"{role}: {why}")
        for role, why in sorted(result.problems.items())
    ]
    if result.unscanned:
        count, roles = len(result.unscanned), ", ".join(result.unscanned)
        found.append(Finding("dast.roles_not_scanned", Severity.MEDIUM, count, detail=roles))
    return found


def dynamic_scan() -> dast.ScanResult:
    """Wapiti against ``POORTWACHTER_DAST_URL``, once per scan account (one per role),
    each with a session made for the scan and ended after it."""
    url = settings.POORTWACHTER_DAST_URL
    if not url:
        return dast.ScanResult(ran=False, reason="no_url")
    users, missing = scan_accounts(settings.POORTWACHTER_DAST_ACCOUNTS)
    if not users:
        return dast.ScanResult(ran=False, reason="no_accounts", problems=missing)
    if dast.scanner_binary() is None:
        return dast.ScanResult(ran=False, reason="no_scanner")
    sessions = {role: scan_session(user) for role, user in users.items()}
    try:
        cookies = {role: f"{settings.SESSION_COOKIE_NAME}={key}" for role, key in sessions.items()}
        result = dast.scan(url, cookies)
    finally:
        end_scan_sessions(sessions.values())
    result.problems.update(missing)
    result.unscanned = roles_without_scan_account(users.values())
    return result


def roles_without_scan_account(users) -> list[str]:
    """The roles none of the scan accounts holds: the scan signs in as each role
    (issue 18, R-SEC-2), and the report names those it could not."""
    held = set().union(*(actor_for_user(user).roles for user in users))
    return sorted(set(Role.values) - held)


def scan_accounts(emails: list[str]) -> tuple[dict[str, User], dict[str, str]]:
    """The configured scan accounts by role: active, with a factor. Others are named
    with the reason they are left out."""
    users, missing = {}, {}
    for email in emails:
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None or not Authenticator.objects.filter(user=user).exists():
            missing[email] = "no active account with a second factor"
            continue
        role = actor_for_user(user).primary_role
        label, n = role, 1
        while label in users:  # a second account of the same role
            n += 1
            label = f"{role}-{n}"
        users[label] = user
    return users, missing


def scan_session(user: User) -> str:
    """A session for the scanner as signing in leaves it (password and the account's own
    factor), recorded in the access log. Only the scan makes these, for the accounts the
    setting names; they end when the scan does."""
    factor = Authenticator.objects.filter(user=user).order_by("pk").first()
    if factor is None:  # scan_accounts keeps only accounts with a factor
        raise ValueError("a scan account needs a second factor")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    now = time.time()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": factor.type, "id": factor.pk},
    ]
    store[AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    store[STARTED] = now
    store[SEEN] = now
    store[EPOCH] = user.session_epoch
    store.create()
    audit_record(
        actor=Actor.system("security-scan"), action=Action.SIGN_IN, subject_user_id=user.pk,
        purpose="security_scan", details={"session": "dynamic scan"},
    )  # fmt: skip
    return store.session_key or ""


def end_scan_sessions(keys) -> None:
    engine = import_module(settings.SESSION_ENGINE)
    for key in keys:
        engine.SessionStore(session_key=key).delete()
