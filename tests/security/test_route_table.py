"""docs/security.md lists every route's authentication, second-factor and step-up
requirement as a table generated from the code (issue 18; R-SEC-1). This fails when the
file is out of date: run `poortwachter route-table --write`."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import get_resolver

from poortwachter.security import route_table

DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def test_docs_security_md_has_the_generated_route_table():
    text = DOCS.read_text(encoding="utf-8")
    assert route_table.replace_in(text) == text, (
        "docs/security.md is out of date: run `poortwachter route-table --write`"
    )


def test_the_table_has_every_route_of_the_resolver():
    routes = route_table.routes()
    names = {route.name for route in routes}
    assert {"accounts:unlock", "privacy:assignment_history", "medical:file", "healthz"} <= names
    assert len(routes) == len(list(route_table._walk(get_resolver().url_patterns)))
    documented = DOCS.read_text(encoding="utf-8").split(route_table.START)[1]
    for route in routes:
        assert f"| `{route.path}` |" in documented, route.path


def test_the_table_reads_gates_step_up_and_the_api_from_the_code():
    by_name = {route.name: route for route in route_table.routes()}
    assert by_name["medical:file"].step_up.startswith("medical window")
    assert by_name["medical:file"].gate == "`medical.is_medical`"
    assert by_name["privacy:event_list"].gate == "`privacy.can_review_access_log`"
    assert by_name["api:schema"].gate.startswith("UsesTheApi")
    assert "SecondFactorSessionAuthentication" in by_name["api:me"].authentication
    assert by_name["mfa_activate_totp"].step_up.startswith("fresh use")
    assert by_name["accounts:unlock"].authentication == "none"
    assert by_name["organisations:employee_list"].second_factor == "required (middleware)"


def test_the_check_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / "security.md"
    stale.write_text(f"# x\n\n{route_table.START}\n| old |\n{route_table.END}\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("route-table", check=True, file=str(stale))
    call_command("route-table", write=True, file=str(stale))
    call_command("route-table", check=True, file=str(stale))
