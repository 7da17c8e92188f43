"""Small groups are never shown (R-REP-1, R-SICK-5).

**The threshold.** ``POORTWACHTER_STATS_MIN_GROUP`` (default 5) employees. It can be
raised, never lowered: a value below 5 stops the application at start-up, and every use
checks it again.

**Primary suppression.** A cell (a department, a month, a quarter, a CAS chapter) whose
group has fewer employees than the threshold shows no figure.

**Complementary suppression.** The cells of one breakdown add up to the total shown
beside them, so a single hidden cell could be recovered by subtraction. Rule: the cells
hidden in one breakdown together hold either nobody or at least the threshold *distinct
people*. While they hold between 1 and threshold - 1 people, the smallest cell still
shown is hidden too; if nothing is left to hide, the total is hidden as well. People are
counted once however many cells they are in (``members``): a department of five where
one person leaves on 31 March has four people in each later quarter, and those three
quarters together are still four people, not twelve, so the first quarter is hidden too
(before issue 16 the year minus the first quarter gave away the other four).

**Nested breakdowns** (months inside quarters): within every shown quarter the months
hidden hold nobody or at least the threshold, or the quarter minus its shown months
would give them away (``nested_hidden``).

**Overlapping breakdowns** (the duration classes in weeks and Vernet's, shown side by
side with their total): one class minus another (1-14 days minus 1-6 days) describes the
reports of a range neither shows (7-14 days). Classes are hidden, smallest first, until
no range that the shown classes and the total pin down holds 1 to threshold - 1 people
(``overlapping_hidden``, issue 16).

**Scopes.** A department's own figures (the department filter, a manager's team) are
shown only when the department would be shown as a cell in the breakdown of its parent,
all the way up to the employer (or the manager's team): otherwise asking for the
department and for its parent and subtracting would give away the hidden cell. Its
months and quarters follow a stricter rule across reports (``selectors._time_shown``,
issue 16).

**Periods** (issue 16, docs/statistics.md rule 10). Any dates can be asked for, so two
reports of one group over periods a day apart subtract into the people of that day. A
group (the scope, a department cell, the hidden cells together) is therefore shown only
when on every day of the period it employs nobody or at least the threshold
(``hidden_cells(small=...)``, ``selectors._Tree.small``): whatever days two or more shown
reports leave after subtracting, each lay in a shown period, so their people are nobody
or at least the threshold.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence, Set
from fractions import Fraction
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FLOOR = 5
Key = TypeVar("Key", bound=Hashable)
Atom = TypeVar("Atom", bound=Hashable)


def min_group() -> int:
    value = getattr(settings, "POORTWACHTER_STATS_MIN_GROUP", FLOOR)
    if isinstance(value, bool) or not isinstance(value, int) or value < FLOOR:
        raise ImproperlyConfigured(
            f"POORTWACHTER_STATS_MIN_GROUP must be a whole number of at least {FLOOR} "
            f"(got {value!r}): the threshold can only be raised."
        )
    return value


def hidden_cells(
    sizes: Mapping[Key, int],
    k: int,
    members: Mapping[Key, Set[int]] | None = None,
    *,
    hidden: Set[Key] = frozenset(),
    small: Callable[[Iterable[Key]], bool] | None = None,
) -> tuple[set[Key], bool]:
    """The cells to hide, and whether the total must be hidden too.

    ``sizes`` maps each cell to its group size (distinct employees). Empty cells (0)
    show nothing anyway and never count as hiding anyone. ``members``: each cell's
    people, when cells can share people (months, quarters, departments someone moved
    between); then hidden cells are counted by their distinct people. Without it the
    cells are disjoint (CAS chapters: each person once). ``hidden``: cells already
    hidden for another reason (the nested rule). ``small``: whether a set of cells is too
    small on some day of the period (``selectors._Tree.small``, issue 16 across
    periods): a cell it finds small is hidden, and the hidden cells together must not be
    small either; then a total it finds small hides every cell and itself."""

    def too_small(cells: Iterable[Key]) -> bool:
        return small is not None and small(list(cells))

    def people(cells: Iterable[Key]) -> int:
        cells = list(cells)
        if members is None:
            return sum(sizes[c] for c in cells)
        return len(set().union(*(members[c] for c in cells))) if cells else 0

    present = [c for c, n in sizes.items() if n > 0]
    if people(sizes) < k or too_small(present):
        return set(present), True
    found = {c for c, n in sizes.items() if 0 < n < k} | {c for c in hidden if sizes[c] > 0}
    found |= {c for c in present if c not in found and too_small([c])}
    candidates = sorted(
        (c for c, n in sizes.items() if n >= k and c not in found),
        key=lambda c: (sizes[c], str(c)),
    )
    while 0 < people(found) < k or too_small(found):
        if not candidates:
            return found, True
        found.add(candidates.pop(0))
    return found, False


def nested_hidden(
    parents: Mapping[Key, Iterable[Key]],
    parent_sizes: Mapping[Key, int],
    child_sizes: Mapping[Key, int],
    members: Mapping[Key, Set[int]],
    k: int,
) -> tuple[set[Key], set[Key]]:
    """(hidden parents, hidden children) of two nested breakdowns of one total (months
    in quarters): each is suppressed on its own, and within every shown parent the
    hidden children hold nobody or at least ``k`` people; else the parent's smallest
    shown child is hidden too, or, with none left, the parent. Repeated until stable."""
    hidden_parents, _ = hidden_cells(parent_sizes, k, members)
    hidden_children, _ = hidden_cells(child_sizes, k, members)
    while True:
        changed = False
        for parent, children in parents.items():
            if parent in hidden_parents:
                continue
            kids = [c for c in children if child_sizes[c] > 0]
            inside = {c for c in kids if c in hidden_children}
            people = set().union(*(members[c] for c in inside)) if inside else set()
            if 0 < len(people) < k:
                shown = sorted((c for c in kids if c not in inside),
                               key=lambda c: (child_sizes[c], str(c)))  # fmt: skip
                if shown:
                    hidden_children.add(shown[0])
                else:
                    hidden_parents.add(parent)
                changed = True
        if not changed:
            return hidden_parents, hidden_children
        hidden_parents, _ = hidden_cells(parent_sizes, k, members, hidden=hidden_parents)
        hidden_children, _ = hidden_cells(child_sizes, k, members, hidden=hidden_children)


def overlapping_hidden(
    classes: Mapping[Key, Set[Atom]], atom_people: Mapping[Atom, Set[int]], k: int
) -> set[Key]:
    """The classes to hide of breakdowns that overlap, all shown beside their total.

    ``classes`` maps each class to the atoms (smallest ranges) it is made of; every
    breakdown covers all atoms. A set of atoms is *pinned down* when its count follows
    from the shown classes and the total by adding and subtracting (its indicator lies in
    their linear span). Classes of 1 to ``k`` - 1 people are hidden; then, while some
    pinned-down set holds 1 to ``k`` - 1 people, the smallest class still shown is hidden
    too. The total itself stays (it is the scope's figure)."""
    atoms = sorted(atom_people, key=str)

    def people(cell_atoms: Iterable[Atom]) -> set[int]:
        return set().union(*(atom_people[a] for a in cell_atoms))

    sizes = {name: len(people(cover)) for name, cover in classes.items()}
    hidden = {name for name, n in sizes.items() if 0 < n < k}
    small = [
        subset
        for size in range(1, len(atoms))
        for subset in itertools.combinations(atoms, size)
        if 0 < len(people(subset)) < k
    ]
    while True:
        shown = [name for name in classes if name not in hidden]
        vectors = [[1] * len(atoms)] + [
            [1 if a in classes[name] else 0 for a in atoms] for name in shown
        ]
        rank = _rank(vectors)
        leak = any(
            _rank([*vectors, [1 if a in subset else 0 for a in atoms]]) == rank for subset in small
        )
        candidates = sorted((n for n in shown if sizes[n] > 0), key=lambda n: (sizes[n], str(n)))
        if not leak or not candidates:
            return hidden
        hidden.add(candidates[0])


def _rank(rows: Sequence[Sequence[int]]) -> int:
    """The rank of a small integer matrix, exactly (fractions, Gaussian elimination)."""
    matrix = [[Fraction(v) for v in row] for row in rows]
    rank, columns = 0, len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[rank][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank
