"""Small SQL building blocks that render the same integer day arithmetic on SQLite and
PostgreSQL, so the statistics run as database aggregates on both.

Every date becomes a *day number*: whole days since 2000-01-01. Intervals are half open
(``[start, end)``), so the days two intervals share are ``least(ends) - greatest(starts)``
and never need a date type in the database. Constants that the code itself computes
(window bounds, the employer's full-time hours) are rendered as literals, not parameters:
a five-year window has hundreds of them, more than old SQLite builds accept as
parameters, and they are never user text (they are ``int`` or ``float`` by construction).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Expression, F, Field, FloatField, Func, IntegerField
from django.db.models.functions import Cast, Greatest, Least

EPOCH = dt.date(2000, 1, 1)
#: SQLite's julianday() of EPOCH: julianday('2000-01-01') = 2451544.5.
_SQLITE_EPOCH = 2451544.5


def day_number(day: dt.date) -> int:
    """The Python side of :class:`DayNumber`."""
    return (day - EPOCH).days


class Lit(Expression):
    """A numeric literal rendered into the SQL (only ``int`` and ``float`` accepted)."""

    def __init__(self, value: int | float) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError("Lit takes an int or a float")
        field: Field = IntegerField() if isinstance(value, int) else FloatField()
        super().__init__(output_field=field)
        self.value = value

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if isinstance(self.value, int):
            return str(int(self.value)), []
        return f"CAST({float(self.value)!r} AS {_float_type(connection)})", []

    def get_group_by_cols(self) -> list[Any]:
        return []


def _float_type(connection: Any) -> str:
    return "REAL" if connection.vendor == "sqlite" else "DOUBLE PRECISION"


class DayNumber(Func):
    """Whole days from 2000-01-01 to a date column or expression (NULL stays NULL)."""

    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection,
            template=f"CAST(julianday(%(expressions)s) - {_SQLITE_EPOCH} AS INTEGER)",
            **extra,
        )  # fmt: skip

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(%(expressions)s - DATE '2000-01-01')", **extra
        )


def days(field: str) -> DayNumber:
    return DayNumber(F(field))


def greatest(parts: Sequence[Any]) -> Any:
    return parts[0] if len(parts) == 1 else Greatest(*parts, output_field=IntegerField())


def least(parts: Sequence[Any]) -> Any:
    return parts[0] if len(parts) == 1 else Least(*parts, output_field=IntegerField())


def overlap(starts: Sequence[Any], ends: Sequence[Any]) -> Any:
    """Days shared by half-open intervals ``[starts[i], ends[i])`` (0 when disjoint).
    Callers pass non-NULL expressions: NULL ends are coalesced to the window end first."""
    return Greatest(Lit(0), least(ends) - greatest(starts), output_field=IntegerField())


def as_float(field: str) -> Cast:
    return Cast(F(field), FloatField())
