"""The statistics report, cached (issue 21).

What is cached is the finished, suppressed :class:`~poortwachter.statistics.selectors.Report`
and nothing else: figures of groups of at least the threshold, group labels (department
names, months), the employer's name; never a row about a person, never an id of one (the
suppression runs before anything is stored, so a cached report suppresses exactly as a
fresh one). It is stored as plain JSON text, so what the cache holds can be read and
checked (``tests/statistics/test_report_cache.py`` does).

The key holds everything the report depends on: the employer and its figures' generation
(``core.aggregates``: replaced after every write that changes them), the period, the
scope (department asked for, a manager's team), the threshold, the employer's full-time
hours, the language of the labels, and the version of the code that computes it (a hash
of the statistics modules' source, so a deploy never serves a report computed by older
code). Entries live ``POORTWACHTER_STATS_CACHE_SECONDS`` (default one hour) at most; 0
turns the cache off.

Every read is still logged (``services.statistics_read``): the cache saves the
computing, not the access event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

import poortwachter
from poortwachter.core.aggregates import figures_cache, generation
from poortwachter.statistics import metrics, periods, selectors, suppression
from poortwachter.statistics.periods import Period
from poortwachter.statistics.policies import StatisticsScope
from poortwachter.statistics.selectors import Cell, Report, build_report

DEFAULT_SECONDS = 3600


def _code_version() -> str:
    digest = hashlib.sha256(poortwachter.__version__.encode())
    for module in (metrics, periods, selectors, suppression):
        digest.update(Path(str(module.__file__)).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


def report_key(scope: StatisticsScope, period: Period) -> str:
    parts = {
        "employer": scope.employer.pk,
        "fulltime_hours": str(scope.employer.fulltime_hours),
        "name": scope.employer.name,
        "roots": sorted(scope.root_ids) if scope.root_ids is not None else None,
        "department": scope.department.pk if scope.department is not None else None,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "min_group": suppression.min_group(),
        "language": get_language(),
        "code": CODE_VERSION,
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return f"poortwachter:statistics:{scope.employer.pk}:{generation(scope.employer.pk)}:{digest}"


def cached_report(scope: StatisticsScope, period: Period) -> Report:
    """``build_report``, from the cache when the figures have not changed since (a
    lifetime of 0 seconds turns the cache off)."""
    if _seconds() <= 0:
        return build_report(scope, period)
    key = report_key(scope, period)
    stored = figures_cache().get(key)
    if isinstance(stored, str):
        return from_json(stored)
    report = build_report(scope, period)
    figures_cache().set(key, to_json(report), timeout=_seconds())
    return report


def _seconds() -> int:
    return int(getattr(settings, "POORTWACHTER_STATS_CACHE_SECONDS", DEFAULT_SECONDS))


def to_json(report: Report) -> str:
    data = dataclasses.asdict(report)
    period = report.period
    data["period"] = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    return json.dumps(data, ensure_ascii=False)


def from_json(text: str) -> Report:
    data: dict[str, Any] = json.loads(text)
    data["period"] = Period.of(
        dt.date.fromisoformat(data["period"]["start"]), dt.date.fromisoformat(data["period"]["end"])
    )
    data["headline"] = Cell(**data["headline"])
    for name in ("departments", "months", "quarters"):
        data[name] = [Cell(**cell) for cell in data[name]]
    for name in ("week_classes", "vernet_classes"):
        data[name] = [tuple(row) for row in data[name]]
    return Report(**data)
