"""The dynamic scan of the running instance with Wapiti (R-SEC-2, issue 18): the
scanner crawls and attacks the site over HTTP, once per role, with a session cookie of
that role's scan account, and its JSON report becomes findings with severities.

Wapiti comes from Debian (``apt-get install wapiti``, ``make scanner``): the Wapiti
releases on PyPI do not install beside this project (3.1 and later pin cryptography
below 42.1 and 3.3 needs Python 3.12; 3.0.4 to 3.0.9 pin httpx and importlib-metadata
against semgrep's; 3.0.3 crashes on Python 3.11). Nothing here reads content: a finding
names the route, the parameter and the scanner's category, never a page's text."""

import json
import re
import shutil

# The scanner is a program of its own: started without a shell, arguments as a list.
import subprocess  # nosec B404
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from poortwachter.security.models import Severity

#: Wapiti's levels (wapitiCore.language.vulnerability) to ours.
LEVELS = {
    "4": Severity.HIGH,
    "3": Severity.HIGH,
    "2": Severity.MEDIUM,
    "1": Severity.LOW,
    "0": Severity.INFO,
}
#: Categories that are high whatever level Wapiti gives them (3.0.4 rates a reflected
#: XSS "medium"): injection, traversal and redirects reach data or sessions.
#: Names as in wapitiCore/definitions (stored XSS is "Cross Site Scripting" too).
HIGH_CATEGORIES = frozenset({
    "Cross Site Scripting", "SQL Injection", "Blind SQL Injection", "Command execution",
    "Path Traversal", "CRLF Injection", "XML External Entity", "Server Side Request Forgery",
    "Open Redirect", "Htaccess Bypass",
})  # fmt: skip
#: Never crawled: leaving the session, changing factors or passwords, and starting a
#: scan from the page (a scan must not start scans).
EXCLUDED = (
    "/accounts/logout/",
    "/accounts/2fa/*",
    "/accounts/password/*",
    "/accounts/reauthenticate/*",
    "/activeren/*",
    "/arbodienst/beveiliging/nieuw/",
)
#: How many routes one finding names (the rest are counted).
MAX_ROUTES = 20


@dataclass
class Issue:
    """One category of one role's scan, with the routes it was found on."""

    category: str
    severity: str
    role: str
    routes: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return "dast." + re.sub(r"[^a-z0-9]+", "_", self.category.lower()).strip("_")

    @property
    def key(self) -> str:
        """What a baseline entry matches: ``code|role`` (or ``code|*``)."""
        return f"{self.code}|{self.role}"


@dataclass
class ScanResult:
    ran: bool
    #: Why it did not run, as a code (``checks.REASONS`` words it).
    reason: str = ""
    roles: list[str] = field(default_factory=list)
    modules: str = ""
    seconds: float = 0.0
    issues: list[Issue] = field(default_factory=list)
    #: Roles whose scan did not run or did not finish, with why.
    problems: dict[str, str] = field(default_factory=dict)
    #: Roles no scan account holds, so the scan never signed in as them (issue 18).
    unscanned: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "ran": self.ran, "reason": self.reason, "roles": self.roles,
            "modules": self.modules, "seconds": round(self.seconds, 1),
            "problems": self.problems, "unscanned": self.unscanned, "scanner": "wapiti",
        }  # fmt: skip


#: Debian's Wapiti 3.0.4 compiles each ``-x`` exclusion as ``...\\Z(?ms)``, which Python
#: 3.11 refuses ("global flags not at the start"), so any exclusion ends the scan. When
#: the scanner is that Python script, it runs through this shim, which puts the flags first.
SHIM = """
import re, sys
from wapitiCore.net import crawler
def wildcard_translate(pattern):
    body = "".join(".*" if c == "*" else re.escape(c) for c in pattern)
    return re.compile("(?ms)" + body + r"\\Z")
crawler.wildcard_translate = wildcard_translate
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
"""


def scanner_binary() -> str | None:
    return shutil.which(settings.POORTWACHTER_DAST_SCANNER)


def scanner_command(binary: str) -> list[str]:
    """How to start the scanner: through the shim when it is a Python script."""
    with open(binary, "rb") as script:
        first = script.readline().decode("utf-8", "replace").strip()
    if first.startswith("#!") and "python" in first:
        return [first[2:].strip().split()[0], "-c", SHIM]
    return [binary]


def cookie_file(url: str, cookie: str) -> dict:
    """The session cookie (``name=value``) in Wapiti's JSON cookie file. Given as a file,
    not as a ``Cookie`` header: a header would replace the cookies the site sets during
    the scan, among them the CSRF cookie, and every form the scanner attacks would then
    stop at the CSRF check instead of reaching the code behind it."""
    name, _, value = cookie.partition("=")
    parts = urlsplit(url)
    host = parts.hostname or ""
    if re.fullmatch(r"[\d.]+", host):
        domain = host  # Wapiti keys IPv4 addresses as they are
    else:
        domain = "." + (host if "." in host else f"{host}.local")  # cookielib's local names
    attrs = {"value": value, "expires": None, "secure": parts.scheme == "https",
             "port": None, "version": 0}  # fmt: skip
    return {domain: {"/": {name: attrs}}}


def wapiti_command(*, binary: str, url: str, cookie: str, report: Path, workdir: Path) -> list[str]:
    cookies = workdir / "cookies.json"
    cookies.write_text(json.dumps(cookie_file(url, cookie)), encoding="utf-8")
    command = [
        *scanner_command(binary), "-u", url, "--scope", "folder",
        "-m", settings.POORTWACHTER_DAST_MODULES,
        "-f", "json", "-o", str(report), "-c", str(cookies),
        "--max-scan-time", str(settings.POORTWACHTER_DAST_MAX_SECONDS),
        "--max-attack-time", str(settings.POORTWACHTER_DAST_MAX_ATTACK_SECONDS),
        "-d", str(settings.POORTWACHTER_DAST_DEPTH),
        "--max-links-per-page", "30", "--max-files-per-dir", "15",
        "-S", settings.POORTWACHTER_DAST_FORCE,
        "--flush-session", "--store-session", str(workdir / "session"),
        "--store-config", str(workdir / "config"),
        "--no-bugreport", "-v", "0", "-t", "10",
        # Attacking the CSRF token only meets the CSRF check; keep it intact so the
        # attacks on the other fields reach the code behind the form.
        "--skip", "csrfmiddlewaretoken",
    ]  # fmt: skip
    for pattern in EXCLUDED:
        command += ["-x", url.rstrip("/") + pattern]
    return command


def budget_seconds() -> int:
    """How long one role's scan may take before it is stopped: the crawl, each module's
    attack time, and a minute for slow answers and the report."""
    modules = len(settings.POORTWACHTER_DAST_MODULES.split(","))
    return (
        settings.POORTWACHTER_DAST_MAX_SECONDS
        + modules * settings.POORTWACHTER_DAST_MAX_ATTACK_SECONDS
        + 60
    )


def parse_report(data: dict, role: str) -> list[Issue]:
    """Wapiti's JSON report: vulnerabilities and anomalies by category, each entry with
    method, path, parameter and level."""
    issues: list[Issue] = []
    for section in ("vulnerabilities", "anomalies"):
        for category, entries in (data.get(section) or {}).items():
            by_level: dict[str, Issue] = {}
            for entry in entries or []:
                severity = LEVELS.get(str(entry.get("level")), Severity.MEDIUM)
                if category in HIGH_CATEGORIES:
                    severity = Severity.HIGH
                issue = by_level.setdefault(severity, Issue(category, severity, role))
                route = f"{entry.get('method', 'GET')} {entry.get('path', '')}"
                if entry.get("parameter"):
                    route += f" ({entry['parameter']})"
                if route not in issue.routes:
                    issue.routes.append(route)
            issues.extend(by_level.values())
    return issues


def scan(url: str, cookies: dict[str, str], *, runner=subprocess.run) -> ScanResult:
    """Scan ``url`` once per role in ``cookies`` (role -> Cookie header value)."""
    binary = scanner_binary()
    modules = settings.POORTWACHTER_DAST_MODULES
    if binary is None:
        return ScanResult(ran=False, modules=modules, reason="no_scanner")
    result = ScanResult(ran=True, roles=sorted(cookies), modules=modules)
    started = time.monotonic()
    for role, cookie in sorted(cookies.items()):
        with tempfile.TemporaryDirectory(prefix="poortwachter-dast-") as tmp:
            workdir = Path(tmp)
            report = workdir / "report.json"
            command = wapiti_command(
                binary=binary, url=url, cookie=cookie, report=report, workdir=workdir
            )
            budget = budget_seconds()
            try:
                done = runner(command, capture_output=True, timeout=budget, check=False)
            except subprocess.TimeoutExpired:
                result.problems[role] = f"stopped after {budget} s"
                continue
            if not report.exists():
                tail = (done.stderr or b"")[-300:].decode("utf-8", "replace").strip()
                result.problems[role] = f"no report (exit {done.returncode}): {tail}"
                continue
            result.issues += parse_report(json.loads(report.read_text("utf-8")), role)
    result.seconds = time.monotonic() - started
    return result


def new_high(issues: Iterable[Issue], accepted: Iterable[str]) -> list[Issue]:
    """High issues whose ``code|role`` (or ``code|*``) is not in the accepted baseline."""
    known = set(accepted)
    return [
        i
        for i in issues
        if i.severity == Severity.HIGH and i.key not in known and f"{i.code}|*" not in known
    ]
