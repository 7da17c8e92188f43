"""One ORM statement compiled once per shape instead of once per request (issue 21).

Django builds and compiles a queryset anew on every call: for the sick report's locked
statement (the reporter's scope from the policy plus eight subqueries) that is about 5 ms
of Python for SQL text that is the same on every request of the same kind. ``first_row``
keeps Django's own compilation and reuses it:

- the scope (a policy's queryset, narrowed to the row) is compiled by the ORM on every
  call, so the policy stays the one definition of who may see what; its SQL text is the
  cache key, its parameters are this request's;
- ``build(scope, value)`` adds what the statement reads beside the scope; the parts that
  depend on the request depend only on ``value`` (a date, say). The first call of a shape
  compiles ``build`` twice, with ``value`` and with ``other``, and keeps the SQL only if
  Django wrote the same text both times, the parameters that differ are exactly
  ``adapt(value)`` against ``adapt(other)`` (as Django adapts them), and the statement
  ends with the scope's own parameters. Anything else (a new kind of scope that adds
  parameters elsewhere, an empty scope) runs through the ORM as before, every time.

Rows are converted with the converters Django chose for the compiled columns, so the
values (dates, booleans) are those ``values_list(...).first()`` returns.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.transaction import TransactionManagementError

#: Shapes kept per process; more would mean scopes that differ in their SQL, not only in
#: their values (a manager of n departments is one shape per n); the oldest go first.
MAX_SHAPES = 64


@dataclass(frozen=True)
class _Compiled:
    sql: str
    head: tuple[Any, ...]  # the parameters before the scope's, with the value's placeholders
    value_at: tuple[int, ...]  # where in ``head`` the adapted value goes
    converters: tuple[tuple[int, tuple, Any], ...]  # (column, converters, expression)
    locks: bool


#: (name, database alias, vendor, the scope's SQL) -> the compiled statement, or None:
#: this shape does not qualify and runs through the ORM.
_shapes: dict[tuple[str, str, str, str], _Compiled | None] = {}


def _sliced(queryset: QuerySet) -> QuerySet:
    """What ``first()`` runs: its ordering (or the primary key's), one row."""
    return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]


def _compile(
    scope_params: tuple, build: Callable[[QuerySet, Any], QuerySet], scope: QuerySet,
    value: Any, other: Any, adapt: Callable[[Any], Any], using: str,
) -> _Compiled | None:  # fmt: skip
    first = _sliced(build(scope, value)).query.get_compiler(using)
    sql, params = first.as_sql()
    sql_other, params_other = _sliced(build(scope, other)).query.get_compiler(using).as_sql()
    params, params_other = tuple(params), tuple(params_other)
    if scope.query.annotation_select or scope.query.extra_select:
        return None  # parameters of the scope's own before the statement's: not its tail
    n, k = len(params), len(scope_params)
    if sql != sql_other or n != len(params_other) or n < k:
        return None
    if params[n - k :] != scope_params or params_other[n - k :] != scope_params:
        return None
    head = params[: n - k]
    value_at = tuple(i for i in range(n - k) if head[i] != params_other[i])
    mine, theirs = adapt(value), adapt(other)
    if mine == theirs or any(head[i] != mine or params_other[i] != theirs for i in value_at):
        return None
    fields = [column[0] for column in first.select[0 : first.col_count]]
    converters = tuple(
        (position, tuple(convs), expression)
        for position, (convs, expression) in first.get_converters(fields).items()
    )
    if first.has_composite_fields(fields):
        return None
    locks = bool(first.query.select_for_update)
    return _Compiled(sql, head, value_at, converters, locks)


def first_row(
    name: str, scope: QuerySet, build: Callable[[QuerySet, Any], QuerySet], *,
    value: Any, other: Any, adapt: str,
) -> tuple | None:  # fmt: skip
    """``build(scope, value).first()`` for a ``values_list`` queryset, with the SQL
    compiled once per shape of ``scope`` (see the module). ``other``: a second value
    whose adapted form differs from ``value``'s, to find where ``value`` goes;
    ``adapt``: the database operation that adapts ``value`` as Django does in a lookup
    (``"adapt_datefield_value"`` for a date)."""
    using = scope.db  # a locking scope (``select_for_update``) says the database written to
    connection = connections[using]
    adapter: Callable[[Any], Any] = getattr(connection.ops, adapt)
    try:
        scope_sql, scope_params = scope.query.get_compiler(using).as_sql()
    except EmptyResultSet:
        return build(scope, value).first()
    key = (name, using, connection.vendor, scope_sql)
    scope_params = tuple(scope_params)
    try:
        compiled = _shapes[key]
    except KeyError:
        compiled = _compile(scope_params, build, scope, value, other, adapter, using)
        if len(_shapes) >= MAX_SHAPES:
            del _shapes[next(iter(_shapes))]
        _shapes[key] = compiled
    if compiled is None:
        return build(scope, value).first()
    if compiled.locks and connection.get_autocommit():
        # A row lock outside a transaction is a mistake; Django's compiler refuses it
        # where the database has row locks, this on every database.
        raise TransactionManagementError(
            "select_for_update cannot be used outside of a transaction."
        )
    params = list(compiled.head)
    adapted = adapter(value)
    for i in compiled.value_at:
        params[i] = adapted
    params.extend(scope_params)
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    for position, convs, expression in compiled.converters:
        item = row[position]
        for converter in convs:
            item = converter(item, expression, connection)
        row[position] = item
    return tuple(row)


def clear() -> None:
    """Forget every compiled shape (tests)."""
    _shapes.clear()
