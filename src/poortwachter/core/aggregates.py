"""Generations of an employer's aggregate figures (issue 21).

The statistics report is cached (``statistics.cache``) under a key that holds the
employer's current *generation*: a random token kept in Django's cache. Every service
that changes what the figures are made of (sick reports, recoveries, partial recoveries,
published advices, leave, employments, departments; imports and retention deletions)
calls :func:`figures_changed`, which removes the token once the transaction commits (a
look-up, and a DELETE only if a token exists). The next reader makes a new token, finds
no report under it, and computes one afresh from the committed data.

A new random token (never ``n + 1``) means an evicted or lost generation can never bring
back an older entry: a missing token is always replaced by a fresh one. Removing it
*after* the commit means no reader can store a figure from before the change under the
new token (a reader that computed in between stored it under the old one, which nobody
asks for any more). If a process died between its commit and the removal, the entries' lifetime
(``POORTWACHTER_STATS_CACHE_SECONDS``) bounds how long an old figure could be shown.

This module lives in ``core`` so that every app below ``statistics`` can call it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction

_KEY = "poortwachter:figures-generation:{employer_id}"
#: The cache alias of the statistics reports and their generations (settings ``CACHES``).
CACHE = "statistics"


def figures_cache() -> BaseCache:
    """The statistics' own cache (``default`` where a deployment configured none)."""
    return caches[CACHE if CACHE in settings.CACHES else "default"]


def generation(employer_id: int) -> str:
    """The employer's current generation token (made on first use)."""
    key = _KEY.format(employer_id=employer_id)
    token = figures_cache().get(key)
    if token is None:
        figures_cache().add(key, uuid.uuid4().hex, timeout=None)
        token = figures_cache().get(key) or uuid.uuid4().hex  # an unusable cache: never reuse
    return str(token)


def figures_changed(*employer_ids: int | None) -> None:
    """Invalidate the employers' cached figures once the current transaction commits (at
    once outside a transaction; not at all if it rolls back)."""
    ids = sorted({pk for pk in employer_ids if pk is not None})
    if ids:
        transaction.on_commit(lambda: _bump(ids))


def _bump(employer_ids: list[int]) -> None:
    # Deleting the token is enough: the next reader makes a fresh random one, never an old
    # one back. Only tokens that exist are deleted: on the embedded default (the database
    # cache on SQLite) a DELETE is a write transaction of its own after the service's, with
    # the one write lock and a flush to disk, on every sick report, recovery and leave
    # entry; a read is neither. Most writes find no token (nobody read the figures since the
    # last change). Safe: a reader fetches or makes its token *before* computing, so a
    # token made after this look-up belongs to a computation that sees this commit, and one
    # made before it is found here and deleted.
    cache = figures_cache()
    present = cache.get_many([_KEY.format(employer_id=pk) for pk in employer_ids])
    if present:
        cache.delete_many(list(present))
