"""Reads of organisation data. Every list an actor sees goes through a scope in
``policies``; these helpers compute structure, not access."""

from poortwachter.organisations.models import Department


def department_subtree_ids(root_ids: frozenset[int] | set[int]) -> frozenset[int]:
    """The departments and everything below them (a manager of a department also
    manages its sub-departments)."""
    employer_ids = Department.objects.filter(pk__in=root_ids).values("employer_id")
    edges = list(
        Department.objects.filter(employer_id__in=employer_ids).values_list("pk", "parent_id")
    )
    children: dict[int, list[int]] = {}
    for pk, parent_id in edges:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
    found, todo = set(root_ids), list(root_ids)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)
