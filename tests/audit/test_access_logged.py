"""Every page and endpoint that reads personal data writes an access event with the
NEN 7513 minimum fields (issue 6, SECURITY.md G9): what, when, which employee (or for
lists: which employees were shown), which user, which role, from where, outcome and
purpose. The routes come from docs/access-matrix.md, so a new route is covered as soon
as it is listed."""

import pytest

from poortwachter.audit.models import AccessEvent
from poortwachter.medical.models import MedicalAccessEvent
from tests.test_access_matrix import ROUTE_HEADER, ROUTE_ROWS

#: Routes that show no personal data of an employee or another user, with the reason.
NO_PERSONAL_DATA = {
    "/healthz": "health check",
    "/": "redirect or workspace chooser",
    "/account/": "the signed-in user's own account settings",
    "/api/schema/": "the API description",
    "/api/v1/me/": "the signed-in user's own roles",
    "/arbodienst/werkgevers/": "organisations, not people",
    "/bedrijfsarts/": "the employers a doctor serves, with head counts",
    "/arbodienst/beveiliging/": "dates and counts of security reports",
    "/arbodienst/werkgevers/{employer}/": "an organisation and its doctors' assignments",
    "/werkgever/{employer}/afdelingen/": "departments, not people",
    "/werkgever/{other_employer}/afdelingen/": "departments, not people",
    "/werkgever/{employer}/werknemers/nieuw/": "an empty form",
    "/werkgever/{other_employer}/werknemers/nieuw/": "an empty form",
    "/api/v1/employers/": "organisations, not people",
    "/verzuim/tekstcontrole/": "checks typed text, stores and shows nothing",
    "/api/v1/text-check/": "checks typed text, stores and shows nothing",
    # Issue 19: a user's own notifications are a generic label per kind and a link; the
    # page behind the link logs its own read.
    "/meldingen/": "the user's own notifications: a label and a link, no one's data",
    "/api/v1/notifications/": "the user's own notifications: a kind and a link",
    "/account/meldingen/": "the user's own notification settings",
    # Issue 20: the upload form and the counts of past runs; a run's lines are logged.
    "/werkgever/{employer}/werknemers/importeren/": "an upload form and past runs' counts",
    "/werkgever/{other_employer}/werknemers/importeren/": "an upload form and past runs' counts",
    # Issue 20: an employer's connections and webhooks are configuration, not people; the
    # delivery log shows event types and statuses, never a payload; the payroll export's
    # page is an empty form (the download itself is an "export" event).
    "/werkgever/{employer}/koppelingen/": "the employer's connections, not people",
    "/werkgever/{employer}/koppelingen/nieuw/": "an empty form",
    "/werkgever/{employer}/koppelingen/{client_own}/sleutel/": "an empty form",
    "/werkgever/{employer}/koppelingen/webhooks/nieuw/": "an empty form",
    "/werkgever/{employer}/koppelingen/webhooks/{webhook_own}/": "delivery times and statuses",
    "/werkgever/{employer}/verzuimperiodes/": "an empty form",
    "/werkgever/{other_employer}/verzuimperiodes/": "an empty form",
}

#: Exports of the access log itself: the event records the filter that chose the rows.
LOG_EXPORTS = {"/privacy/toegangslog/export.csv"}


def _read_cells():
    for route, method, *statuses in ROUTE_ROWS:
        if method != "GET" or route in NO_PERSONAL_DATA:
            continue
        for persona, status in zip(ROUTE_HEADER, statuses, strict=True):
            if status == "200" and persona != "anonymous":
                yield pytest.param(route, persona, id=f"{route} as {persona}")


@pytest.fixture
def world(shared_world):
    """The world and the routes' objects, built once for this module."""
    return shared_world


@pytest.mark.parametrize(("route", "persona"), list(_read_cells()))
def test_reading_personal_data_writes_a_complete_access_event(
    world, placeholders, client_for, route, persona
):
    path = route.format(**placeholders)
    client = client_for(persona)
    # The medical module keeps its own log, in its own database (R-MED-1).
    medical = route.startswith(("/bedrijfsarts/dossiers/", "/bedrijfsarts/spreekuur/"))
    log = MedicalAccessEvent if medical else AccessEvent
    before = log.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(path, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200
    events = list(log.objects.filter(id__gt=before))
    assert events, f"{route} read personal data without an access event"
    user = world.users[persona]
    for event in events:
        assert event.action
        assert event.occurred_at is not None
        assert event.actor_user_id == user.pk
        assert event.actor_role not in ("", "none")
        assert event.request_id
        assert event.remote_addr == "198.51.100.7"
        assert event.outcome == "success"
        assert event.purpose
        shown = event.details.get("employee_ids")
        concerns = (
            route in LOG_EXPORTS
            or event.subject_employee_id
            or event.subject_user_id
            or shown is not None
            or "user_ids" in event.details
        )
        assert concerns, f"{route}: the event does not say whose data it concerns"
        if shown and log is AccessEvent:
            assert sorted(event.subjects.values_list("employee_id", flat=True)) == shown
