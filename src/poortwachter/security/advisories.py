"""The dependency audit against a local mirror of an advisory database (R-SEC-2, issue
18): every installed Python distribution is checked against OSV records of the PyPI
ecosystem (the format of osv.dev, GitHub's advisory database and PyPA's advisory-db).

The mirror is a directory of OSV ``*.json`` files, or the ``all.zip`` that osv.dev
publishes per ecosystem (``https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip``),
named by ``POORTWACHTER_ADVISORY_DB``. Without one the audit does not run, and says so:
this installation does not reach the internet for it."""

import importlib.metadata
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from packaging.version import InvalidVersion, Version

from poortwachter.security.models import Severity

#: GitHub's severities (``database_specific.severity``) to ours; others count as medium.
SEVERITIES = {
    "CRITICAL": Severity.HIGH,
    "HIGH": Severity.HIGH,
    "MODERATE": Severity.MEDIUM,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
}


@dataclass
class Advisory:
    package: str
    version: str
    advisory: str
    severity: str
    fixed: str = ""


@dataclass
class AuditResult:
    ran: bool
    #: Why it did not run, as a code (``checks.REASONS`` words it), and the particulars.
    reason: str = ""
    detail: str = ""
    source: str = ""
    packages: int = 0
    records: int = 0
    advisories: list[Advisory] = field(default_factory=list)

    def summary(self) -> dict:
        return {"ran": self.ran, "reason": self.reason, "detail": self.detail,
                "source": self.source,
                "packages": self.packages, "records": self.records}  # fmt: skip


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> dict[str, str]:
    return {
        normalise(dist.metadata["Name"]): dist.version
        for dist in importlib.metadata.distributions()
        if dist.metadata["Name"]
    }


def _records(source: Path) -> Iterator[dict]:
    if source.is_dir():
        for path in sorted(source.rglob("*.json")):
            yield json.loads(path.read_text("utf-8"))
    else:
        with zipfile.ZipFile(source) as archive:
            for name in archive.namelist():
                if name.endswith(".json"):
                    yield json.loads(archive.read(name))


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def affects(affected: dict, version: str) -> tuple[bool, str]:
    """Whether one ``affected`` entry of an OSV record covers ``version``; and the first
    fixed version it names."""
    fixed = ""
    hit = version in (affected.get("versions") or [])
    current = _version(version)
    for entry in affected.get("ranges") or []:
        if entry.get("type") != "ECOSYSTEM" or current is None:
            continue
        inside = False
        for event in entry.get("events") or []:
            if "introduced" in event:
                start = event["introduced"]
                bound = Version("0") if start == "0" else _version(start)
                if bound is not None and current >= bound:
                    inside = True
            elif "fixed" in event:
                bound = _version(event["fixed"])
                fixed = fixed or event["fixed"]
                if bound is not None and current >= bound:
                    inside = False
            elif "last_affected" in event:
                bound = _version(event["last_affected"])
                if bound is not None and current > bound:
                    inside = False
        hit = hit or inside
    return hit, fixed


def severity_of(record: dict) -> str:
    named = (record.get("database_specific") or {}).get("severity", "")
    return SEVERITIES.get(str(named).upper(), Severity.MEDIUM)


def audit(source_setting: str | None) -> AuditResult:
    if not source_setting:
        return AuditResult(ran=False, reason="no_mirror")
    source = Path(source_setting)
    if not source.exists():
        return AuditResult(ran=False, reason="mirror_missing", detail=str(source))
    packages = installed()
    result = AuditResult(ran=True, source=str(source), packages=len(packages))
    try:
        for record in _records(source):
            result.records += 1
            for entry in record.get("affected") or []:
                package = entry.get("package") or {}
                if package.get("ecosystem") != "PyPI":
                    continue
                name = normalise(package.get("name", ""))
                if name not in packages:
                    continue
                hit, fixed = affects(entry, packages[name])
                if hit:
                    result.advisories.append(
                        Advisory(
                            name, packages[name], record.get("id", "?"), severity_of(record), fixed
                        )
                    )
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        return AuditResult(ran=False, reason="mirror_unreadable", detail=str(error)[:200])
    return result
