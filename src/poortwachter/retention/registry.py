"""The categories the purge knows, registered by the apps that own the data.

An app registers a category with two functions: ``find`` says, per employee, which
retention clocks run for the data it holds; ``delete`` deletes (or, in a dry run,
counts) that data for a list of employees. The purge applies legal holds, decides what is
due, orders the deletions and records them, the same way for every category. The
re-integration file (R-RET-2) and the medical file (R-RET-3/4) register here from their
own apps when they exist; the medical app does so from its own ``ready()``, so nothing
employer-facing imports it (DESIGN.md boundary 1).

Contract of ``find(as_of, employee_ids)``:

- with ``employee_ids``: a clock list for *every* one of those employees that has data in
  the category (also when nothing is due), and no one else;
- with ``None``: at least every employee whose data here may be due by ``as_of`` (a
  cheap superset is fine: the purge asks again with the ids).

Contract of ``delete(employee_ids, *, dry_run)``: rows per employee that it deleted (or
would delete), children before parents, and nothing else. It runs inside the purge's
transaction and must not commit.

Optional ``candidates(as_of)``: the ids of a cheap superset of the employees whose data
here may be due by ``as_of``, without clocks, in increasing id order (it may yield them a
page at a time). The purge starts from these and decides in batches; a category without
it is asked ``find(as_of, None)`` instead.

Optional ``delete_units(units, *, dry_run)``, for a category whose records each have
their own term (the re-integration file of each case, R-RET-2): its clocks then name
their record (``Clock.unit``), and while the category as a whole is not yet due (the
latest clock decides, as for every category), the purge deletes the records whose own
clock is due, holds included: ``units`` maps each employee to those records' units.
Same return value and transaction rules as ``delete``.

``before`` names the categories that must wait for this one: for an employee, those are
due only when this category holds nothing for them or is due in the same run, and they
are deleted after it. Every category holds up the employee record by default, because
its rows refer to the employee.

``employer_side=False`` marks a category kept apart from the employer (the medical file,
R-MED-1): HR's retention page leaves it out, and the purge writes no employer-side access
event for it; its ``delete`` records each deletion in its own log. Its line in the
content-free ``DeletionRecord`` (category, rule, count) is written like any other.

Optional ``keep_owner(employee_ids)``, for data that outlives the employee record and
refers to the employee by a plain id (the medical file, issue 16): the purge calls it,
outside a dry run, with the employees of whom it is about to delete a whole category
(the employee record among them), before it deletes anything of them, so the category
can keep what it needs of the employer side (the owner's identity, dates its own term
depends on) while that still exists. It must be idempotent.
"""

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from typing import Any, TypeVar

from django.utils.functional import Promise

from poortwachter.retention.rules import Clock

EMPLOYEE_RECORD = "employee_record"

Find = Callable[[dt.date, Sequence[int] | None], dict[int, list[Clock]]]
Delete = Callable[..., dict[int, int]]
DeleteUnits = Callable[..., dict[int, int]]
Candidates = Callable[[dt.date], Iterable[int]]
KeepOwner = Callable[[Sequence[int]], None]


@dataclass(frozen=True)
class Category:
    code: str
    #: Dutch name shown to HR and in the command's output.
    label: str | Promise
    #: The requirement IDs the category's terms implement, for the docs and the page.
    requirements: str
    find: Find
    delete: Delete
    before: tuple[str, ...] = field(default=(EMPLOYEE_RECORD,))
    #: A cheap superset of the employees whose data may be due (ids only); see above.
    candidates: Candidates | None = None
    #: Deletes single records whose own term ended (``Clock.unit``); see above.
    delete_units: DeleteUnits | None = None
    #: ``False``: kept apart from the employer (see above).
    employer_side: bool = True
    #: Keeps what the category needs of the employer side before that goes; see above.
    keep_owner: KeepOwner | None = None


_CATEGORIES: dict[str, Category] = {}


def register(category: Category) -> Category:
    if category.code in _CATEGORIES and _CATEGORIES[category.code] != category:
        raise ValueError(f"retention category {category.code!r} is registered twice")
    _CATEGORIES[category.code] = category
    return category


def unregister(code: str) -> None:
    """For tests that register a category of their own."""
    _CATEGORIES.pop(code, None)


def in_deletion_order() -> list[Category]:
    """Every category, each before the ones named in its ``before`` (children before
    parents); ties in registration order."""
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for code, category in _CATEGORIES.items():
        sorter.add(code)
        for later in category.before:
            if later in _CATEGORIES and later != code:
                sorter.add(later, code)
    sorter.prepare()
    position = {code: index for index, code in enumerate(_CATEGORIES)}
    ordered: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=position.__getitem__)
        ordered.extend(ready)
        sorter.done(*ready)
    return [_CATEGORIES[code] for code in ordered]


def get(code: str) -> Category:
    return _CATEGORIES[code]


_T = TypeVar("_T")
_shared: ContextVar[dict[Hashable, Any] | None] = ContextVar("retention_shared", default=None)


@contextmanager
def deciding() -> Iterator[None]:
    """One decision over a batch of employees: within it, ``shared`` computes each value
    once, so categories on the same clocks (absence data, the employee record) read them
    once. Nothing outlives the block."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def shared(key: Hashable, compute: Callable[[], _T]) -> _T:
    """``compute()``, once per ``key`` within ``deciding()``; outside it, every time."""
    values = _shared.get()
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]
