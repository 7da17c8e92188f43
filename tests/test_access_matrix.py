"""docs/access-matrix.md is the specification: every cell there is a test here, and
every route of the product must appear there (DESIGN.md boundary 4).

The personas' world and the objects the routes name are built once per module
(tests/shared_world.py); every cell runs in its own savepoint on top of it and is rolled
back, so no cell sees another's writes."""

import inspect
import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from poortwachter.accounts import policies as account_policies
from poortwachter.audit.policies import events_visible_to
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import Actor
from poortwachter.core.roles import Role
from poortwachter.organisations import policies as org_policies
from tests.medical.conftest import CANARIES
from tests.shared_world import row_counts

MATRIX = Path(__file__).resolve().parent.parent / "docs" / "access-matrix.md"
OUR_NAMESPACES = {
    "web",
    "imports",
    "integrations",
    "organisations",
    "accounts",
    "audit",
    "api",
    "absences",
    "privacy",
    "retention",
    "medical",
    "reintegration",
    "security",
    "statistics",
    "notifications",
}
OUR_TOP_LEVEL = {"healthz"}
#: Methods that never change data and need no row: HEAD is GET without a body, OPTIONS
#: describes the route.
SAFE_UNLISTED_METHODS = {"HEAD", "OPTIONS"}
#: Planted in Eva's medical file (tests/medical/conftest.py); bare codes left out.
MEDICAL_CANARIES = [c for c in CANARIES.values() if c.startswith("CANARY-")]


def _table(heading: str) -> list[list[str]]:
    text = MATRIX.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


POLICY_ROWS = _table("Policy decisions")
ROUTE_HEADER = [
    "anonymous", "employee", "manager", "hr", "employer_admin", "doctor", "assistant",
    "service_admin", "privacy_officer", "outsider",
]  # fmt: skip
ROUTE_ROWS = _table("Routes")


def _decide(decision: str, actor: Actor, world, own: bool) -> bool:
    employer = world.employer if own else world.other_employer
    if match := re.fullmatch(r"issue role (\w+)", decision):
        role = match.group(1)
        employer_id = None if role in ("doctor", "assistant", "service_admin") else employer.pk
        if role in ("doctor", "assistant", "service_admin") and own:
            raise AssertionError("service-side roles have no own-employer cell")
        return account_policies.can_issue_role(actor, role, employer_id)
    if match := re.fullmatch(r"reset credentials of (\w+)", decision):
        target = world.users[match.group(1)]
        return account_policies.can_manage_user(
            actor, target.pk, account_policies.grants_of(target)
        )
    if decision == "see employee records":
        if not own:
            subject = world.other_employee
        elif actor.has_role(Role.EMPLOYEE):
            subject = world.own_employee
        elif actor.has_role(Role.MANAGER):
            subject = world.night_employee  # sub-department counts as the team
        else:
            subject = world.kitchen_employee
        return org_policies.employees_visible_to(actor).filter(pk=subject.pk).exists()
    if decision == "see access log":
        audit_record(actor=Actor.system("test"), action="read", employer_id=employer.pk)
        return events_visible_to(actor).filter(employer_id=employer.pk).exists()
    if decision == "create employer":
        return org_policies.can_create_employer(actor)
    if decision == "manage departments":
        return org_policies.can_manage_structure(actor, employer.pk)
    if decision == "manage people":
        return org_policies.can_manage_people(actor, employer.pk)
    if decision == "assign doctor":
        return org_policies.can_assign_doctor(actor)
    raise AssertionError(f"unknown decision {decision!r} in the matrix")


def _policy_cells():
    for decision, persona, own, other in POLICY_ROWS:
        single = decision in ("create employer", "assign doctor")
        if single:
            yield pytest.param(decision, persona, True, persona == "service_admin",
                               id=f"{decision}-{persona}")  # fmt: skip
            continue
        for is_own, cell in ((True, own), (False, other)):
            if cell in ("yes", "no"):
                side = "own" if is_own else "other"
                yield pytest.param(decision, persona, is_own, cell == "yes",
                                   id=f"{decision}-{persona}-{side}")  # fmt: skip


@pytest.fixture
def world(shared_world):
    return shared_world


@pytest.mark.parametrize(("decision", "persona", "own", "expected"), list(_policy_cells()))
def test_policy_decision_matches_matrix(world, actor_of, decision, persona, own, expected):
    assert _decide(decision, actor_of(persona), world, own) is expected


def _route_cells():
    for route, method, *statuses in ROUTE_ROWS:
        assert len(statuses) == len(ROUTE_HEADER), route
        for persona, status in zip(ROUTE_HEADER, statuses, strict=True):
            yield pytest.param(route, method, persona, int(status),
                               id=f"{method} {route} as {persona}")  # fmt: skip


@pytest.mark.parametrize(("route", "method", "persona", "expected"), list(_route_cells()))
def test_route_status_matches_matrix(
    placeholders, counts_of_the_world, client_for, route, method, persona, expected
):
    path = route.format(**placeholders)
    client = client_for(persona)
    if method != "GET":
        # The world is shared: no earlier cell's write (allowed or not) may still be there.
        assert row_counts() == counts_of_the_world, "an earlier cell's write leaked"
    refused = expected in (401, 403, 404, 405) or persona == "anonymous"
    refused_write = method != "GET" and refused
    before = row_counts() if refused_write else None
    response = getattr(client, method.lower())(path, content_type="application/json")
    assert response.status_code == expected, response.content[:300]
    if refused_write:
        assert row_counts() == before, f"a refused {method} {route} still changed data"
    if persona not in ("doctor", "assistant"):
        # R-MED-1: whatever the route answers, nothing of the medical file is in it.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode(errors="replace")
        leaked = [c for c in MEDICAL_CANARIES if c in text]
        assert not leaked, f"{route} showed medical content to {persona}: {leaked}"


def _our_urls(patterns=None, namespace=None):
    """(view name, view callback) of every route of the product."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in OUR_NAMESPACES:
                yield from _our_urls(pattern.url_patterns, pattern.namespace)
        elif isinstance(pattern, URLPattern) and namespace in OUR_NAMESPACES:
            yield f"{namespace}:{pattern.name}", pattern.callback
        elif isinstance(pattern, URLPattern) and pattern.name in OUR_TOP_LEVEL:
            yield pattern.name, pattern.callback


def _our_url_names():
    for name, _callback in _our_urls():
        yield name


def _declared_methods(callback) -> set[str] | None:
    """The methods a view takes: a class-based view's (DRF's ``allowed_methods``: the
    handlers it defines), or a function view's ``require_http_methods`` list (also behind
    ``require_GET``/``require_POST``), found in the closures of its decorator chain.
    ``None``: the view does not say, so it answers every method."""
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None:
        handlers = {m for m in view_class.http_method_names if hasattr(view_class, m)}
        return {m.upper() for m in handlers} - SAFE_UNLISTED_METHODS
    function = callback
    while function is not None:
        if inspect.isfunction(function):
            methods = inspect.getclosurevars(function).nonlocals.get("request_method_list")
            if methods is not None:
                return set(methods) - SAFE_UNLISTED_METHODS
        function = getattr(function, "__wrapped__", None)
    return None


def test_every_route_of_the_product_is_in_the_matrix(placeholders):
    covered = set()
    for route, *_rest in ROUTE_ROWS:
        match = resolve(route.format(**placeholders))
        covered.add(match.view_name)
    missing = set(_our_url_names()) - covered
    assert not missing, f"routes missing from docs/access-matrix.md: {sorted(missing)}"


def test_every_method_a_route_takes_is_in_the_matrix(placeholders):
    """A route that takes GET and POST needs a POST row too, or its writes escape the
    "a refused write changes nothing" check of every cell above."""
    listed = defaultdict(set)
    for route, method, *_rest in ROUTE_ROWS:
        listed[resolve(route.format(**placeholders)).view_name].add(method)
    missing, undeclared = [], []
    for name, callback in _our_urls():
        methods = _declared_methods(callback)
        if methods is None:
            undeclared.append(name)
            continue
        missing += [f"{method} {name}" for method in sorted(methods - listed[name])]
    # A page that does not say which methods it takes answers POST as it answers GET.
    assert not undeclared, f"views that take every method (declare them): {undeclared}"
    assert not missing, f"methods missing from docs/access-matrix.md: {missing}"


def test_the_method_finder_sees_every_kind_of_view():
    """The finder above reads decorators and view classes; check it on one of each."""
    views = dict(_our_urls())
    assert _declared_methods(views["absences:report_sick"]) == {"GET", "POST"}
    assert _declared_methods(views["absences:recovery"]) == {"POST"}
    assert _declared_methods(views["statistics:dashboard"]) == {"GET"}
    assert _declared_methods(views["api:sick_report_list"]) == {"GET", "POST"}
    assert _declared_methods(views["api:grant_detail"]) == {"DELETE"}
    assert _declared_methods(views["organisations:team"]) == {"GET"}

    def undeclared(request):
        return None

    assert _declared_methods(login_required(undeclared)) is None


def test_matrix_names_only_real_personas():
    assert {row[1] for row in POLICY_ROWS} <= set(ROUTE_HEADER) - {"anonymous"}


def _normalised(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_every_api_operation_is_in_the_matrix():
    """Every operation of the OpenAPI schema (path and method) has a matrix row."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    listed = {(_normalised(route), method) for route, method, *_rest in ROUTE_ROWS}
    missing = sorted(
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
        and (_normalised(path), method.upper()) not in listed
    )
    assert not missing, f"API operations missing from docs/access-matrix.md: {missing}"
