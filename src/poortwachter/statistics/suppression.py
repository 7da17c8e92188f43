"""Small groups are never shown (R-REP-1, R-SICK-5).

**The threshold.** ``POORTWACHTER_STATS_MIN_GROUP`` (default 5) employees. It can be
raised, never lowered: a value below 5 stops the application at start-up, and every use
checks it again.

**Primary suppression.** A cell (a department, a month, a quarter, a CAS chapter) whose
group has fewer employees than the threshold shows no figure.

**Complementary suppression.** The cells of one breakdown add up to the total shown
beside them, so a single hidden cell could be recovered by subtraction. Rule: the cells
hidden in one breakdown together hold either nobody or at least the threshold. While
they hold between 1 and threshold - 1 people, the smallest cell still shown is hidden
too; if nothing is left to hide, the total is hidden as well.

**Scopes.** A department's own figures (the department filter, a manager's team) are
shown only when the department would be shown as a cell in the breakdown of its parent,
all the way up to the employer (or the manager's team): otherwise asking for the
department and for its parent and subtracting would give away the hidden cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FLOOR = 5
Key = TypeVar("Key", bound=Hashable)


def min_group() -> int:
    value = getattr(settings, "POORTWACHTER_STATS_MIN_GROUP", FLOOR)
    if isinstance(value, bool) or not isinstance(value, int) or value < FLOOR:
        raise ImproperlyConfigured(
            f"POORTWACHTER_STATS_MIN_GROUP must be a whole number of at least {FLOOR} "
            f"(got {value!r}): the threshold can only be raised."
        )
    return value


def hidden_cells(sizes: Mapping[Key, int], k: int) -> tuple[set[Key], bool]:
    """The cells to hide, and whether the total must be hidden too.

    ``sizes`` maps each cell to its group size (distinct employees). Empty cells (0)
    show nothing anyway and never count as hiding anyone."""
    total = sum(sizes.values())
    if total < k:
        return {c for c, n in sizes.items() if n > 0}, True
    hidden = {c for c, n in sizes.items() if 0 < n < k}
    mass = sum(sizes[c] for c in hidden)
    candidates = sorted((c for c, n in sizes.items() if n >= k), key=lambda c: (sizes[c], str(c)))
    while 0 < mass < k:
        if not candidates:
            return hidden, True
        cell = candidates.pop(0)
        hidden.add(cell)
        mass += sizes[cell]
    return hidden, False
