"""The parts of the employee's own-data export (art. 15 AVG), registered by the apps that
hold the data.

The privacy app builds the export (``privacy.own_data``); it knows the account, the
employee record, the absence file and the access log itself. Every other app that keeps
rows about an employee registers a :class:`Section` from its own ``AppConfig.ready()``,
or excludes a model with a stated reason (the medical file: the company doctor's, asked
for from the doctor). ``tests/privacy/test_own_data_complete.py`` fails when a model that
refers to an employee is neither exported nor excluded, so a new model cannot be
forgotten.

A section's rows are built generically from the model's own fields (:func:`rows_of`), so
a field added later is exported without anyone remembering to add it: every concrete
field, a user as their name, another relation as its id, a file as its name, a stored
document as base64 (in the JSON only). The employer and employee columns are left out
(the record they belong to says it).
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.functional import Promise

Row = dict[str, Any]
Collect = Callable[[Sequence[int]], dict[int, list[Row]]]


@dataclass(frozen=True)
class Section:
    #: Stable key in the JSON document, e.g. ``"plan_versions"``.
    key: str
    #: Dutch heading in the PDF.
    title: str | Promise
    #: The models whose rows this section exports (for the completeness check).
    models: tuple[type[models.Model], ...]
    #: Employee ids to their rows; a bounded number of queries, whatever the rows.
    collect: Collect
    #: The row keys the PDF shows, with their headings: (key, heading).
    fields: tuple[tuple[str, str | Promise], ...]
    #: Per key with choices: code to Dutch label, for the PDF (the JSON keeps codes).
    choices: dict[str, dict[Any, str | Promise]] = field(default_factory=dict)


_SECTIONS: dict[str, Section] = {}
_EXCLUDED: dict[str, str] = {}
_COVERED: dict[str, str] = {}


def register(section: Section) -> Section:
    if section.key in _SECTIONS and _SECTIONS[section.key] != section:
        raise ValueError(f"own-data section {section.key!r} is registered twice")
    _SECTIONS[section.key] = section
    return section


def exclude(label: str, reason: str) -> None:
    """A model (``app_label.ModelName``) deliberately left out, and why."""
    _EXCLUDED[label] = reason


def cover(labels: Iterable[str], where: str) -> None:
    """Models the privacy app exports itself (``where``: the document's key)."""
    for label in labels:
        _COVERED[label] = where


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: s.key)


def excluded() -> dict[str, str]:
    return dict(_EXCLUDED)


def covered() -> dict[str, str]:
    """Every model label the export holds, with where; sections included."""
    found = dict(_COVERED)
    for section in _SECTIONS.values():
        for model in section.models:
            found[model._meta.label] = section.key
    return found


# --- rows from a model's own fields ------------------------------------------------------

_LEFT_OUT = {"employer", "employee"}
_PLAIN = (dt.date, Decimal, bool, int, float, str)  # datetimes are dates too


def _is_user(field: models.Field) -> bool:
    related = field.related_model
    return (
        related is not None
        and not isinstance(related, str)
        and (related._meta.label == settings.AUTH_USER_MODEL)
    )


def _person(user: Any) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.email


def _value(field: models.Field, obj: models.Model) -> Any:
    if field.is_relation:
        if _is_user(field):
            return _person(getattr(obj, field.name))
        return getattr(obj, field.attname)
    value = field.value_from_object(obj)
    if isinstance(field, models.FileField):
        return value.name if value else None
    if isinstance(field, models.BinaryField):  # a stored document: whole, for the JSON
        return base64.b64encode(bytes(value)).decode() if value is not None else None
    if value is None or isinstance(value, _PLAIN):
        return value
    return str(value)


def fields_of(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in _LEFT_OUT]


def rows_of(queryset: models.QuerySet[Any], owner: str) -> dict[int, list[Row]]:
    """The rows of ``queryset`` per employee id (``owner``: the path to it), every field
    as :func:`_value` gives it. One query (users joined)."""
    fields = fields_of(queryset.model)
    users = [f.name for f in fields if f.is_relation and _is_user(f)]
    rows: dict[int, list[Row]] = defaultdict(list)
    for obj in queryset.select_related(*users).annotate(own_data_owner=F(owner)).order_by("pk"):
        rows[obj.own_data_owner].append({f.name: _value(f, obj) for f in fields})
    return rows


def headings_of(model: type[models.Model]) -> tuple[tuple[str, str | Promise], ...]:
    """Every exported field of the model with its verbose name, for the PDF (a stored
    document only in the JSON)."""
    return tuple(
        (f.name, f.verbose_name) for f in fields_of(model) if not isinstance(f, models.BinaryField)
    )


def choices_of(model: type[models.Model]) -> dict[str, dict[Any, str | Promise]]:
    """The labels of the model's fields with choices, for the PDF."""
    return {f.name: dict(f.flatchoices) for f in fields_of(model) if f.choices}


def section_of(
    key: str, title: str | Promise, model: type[models.Model], collect: Collect,
    also: tuple[type[models.Model], ...] = (),
) -> Section:  # fmt: skip
    """A section exporting ``model`` (and covering ``also``) with every field."""
    return Section(
        key=key, title=title, models=(*also, model), collect=collect,
        fields=headings_of(model), choices=choices_of(model),
    )  # fmt: skip
