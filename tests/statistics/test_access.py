"""Who reaches statistics, and what the access log records. Every persona and another
employer; docs/access-matrix.md has the route-by-route cells as well."""

import pytest
from django.core.management import CommandError, call_command

from poortwachter.audit.models import AccessEvent
from tests.medical.conftest import CANARIES, plant_file
from tests.statistics.conftest import END, START

ROUTES = [
    "/statistieken/",
    "/statistieken/export.csv",
    "/statistieken/export.xlsx",
    "/statistieken/rapport.pdf",
    "/api/v1/statistics/",
]
NO_STATISTICS = ["employee", "employer_admin", "doctor", "assistant", "service_admin",
                 "privacy_officer"]  # fmt: skip
MEDICAL = [c for c in CANARIES.values() if c.startswith("CANARY-")]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("persona", NO_STATISTICS)
def test_roles_without_statistics_are_refused(world, client_for, route, persona):
    assert client_for(persona).get(route).status_code == 403


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous_is_sent_away(world, client_for, route):
    assert client_for("anonymous").get(route).status_code in (302, 403)


def test_hr_of_another_employer_gets_not_found(stats, client_for):
    client = client_for("outsider")
    assert client.get(f"/werkgever/{stats.employer.pk}/statistieken/").status_code == 404
    assert client.get("/api/v1/statistics/", {"employer": stats.employer.pk}).status_code == 404
    assert (
        client.get("/statistieken/export.csv", {"werkgever": stats.employer.pk}).status_code == 404
    )


def test_hr_of_another_employer_sees_only_their_own(stats, client_for):
    data = client_for("outsider").get("/api/v1/statistics/").json()
    assert data["employer"]["id"] == stats.world.other_employer.pk
    assert data["suppressed"] is True  # one employee


def test_a_manager_sees_only_their_team(stats, client_for):
    client = client_for("manager")
    data = client.get("/api/v1/statistics/", {"from": START, "to": END}).json()
    assert data["metrics"]["employees"] == 7  # Verpleging with Nachtdienst
    kitchen = stats.world.sibling_department.pk
    response = client.get("/api/v1/statistics/", {"department": kitchen, "from": START, "to": END})
    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == "Onbekende afdeling."
    page = client.get("/statistieken/", {"van": START, "tot": END, "afdeling": kitchen})
    assert page.status_code == 400
    assert "Onbekende afdeling." in page.content.decode()


def test_a_manager_never_sees_cause_statistics(world, client_for):
    assert client_for("manager").get("/statistieken/oorzaken/").status_code == 403


def test_input_errors_are_clear_and_dutch(world, client_for):
    client = client_for("hr")
    response = client.get("/api/v1/statistics/", {"from": "2024-03-01", "to": "2024-02-01"})
    assert response.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()
    response = client.get("/api/v1/statistics/", {"from": "2015-01-01", "to": "2024-02-01"})
    assert "Kies een periode van hoogstens vijf jaar." in response.content.decode()
    response = client.get("/api/v1/statistics/", {"department": 999999})
    assert response.status_code == 400
    assert "Onbekende afdeling." in response.content.decode()
    response = client.get("/api/v1/statistics/", {"colour": "blue"})
    assert response.status_code == 400
    page = client.get("/statistieken/", {"van": "2024-03-01", "tot": "2024-02-01"})
    assert page.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in page.content.decode()


def test_command_validates_its_input(stats):
    with pytest.raises(CommandError, match="vóór de begindatum"):
        call_command("stats", "--employer", str(stats.employer.pk), "--from", "2024-03-01",
                     "--to", "2024-02-01")  # fmt: skip
    with pytest.raises(CommandError, match="Onbekende afdeling"):
        call_command("stats", "--employer", str(stats.employer.pk), "--department",
                     str(stats.world.other_department.pk), "--from", "2024-01-01",
                     "--to", "2024-02-01")  # fmt: skip
    with pytest.raises(CommandError, match="Onbekende werkgever"):
        call_command("stats", "--employer", "999999", "--from", "2024-01-01", "--to", "2024-02-01")


@pytest.mark.parametrize("route", ROUTES)
def test_every_read_is_logged_as_an_aggregate(stats, client_for, route):
    """Purpose absence_statistics, the employer, and an empty list of employees: the
    aggregate shows no one."""
    client = client_for("hr")
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    assert client.get(route).status_code == 200
    event = AccessEvent.objects.filter(id__gt=before).get()
    assert event.purpose == "absence_statistics"
    assert event.employer_id == stats.employer.pk
    assert event.details["employee_ids"] == []
    assert event.actor_role == "hr"


def test_command_is_logged(stats):
    before = AccessEvent.objects.count()
    call_command("stats", "--employer", str(stats.employer.pk), "--from", "2024-01-01",
                 "--to", "2024-03-31", "--json")  # fmt: skip
    event = AccessEvent.objects.order_by("-id").first()
    assert AccessEvent.objects.count() == before + 1
    assert event.actor_label == "system:stats"
    assert event.purpose == "absence_statistics"


@pytest.mark.parametrize("persona", ["hr", "manager"])
def test_no_medical_canary_in_any_statistics_output(stats, client_for, actor_of, persona):
    """Eva's medical file holds a canary in every field; nothing of it reaches a page,
    export or API answer of the employer side."""
    plant_file(stats.world, actor_of)
    client = client_for(persona)
    routes = [*ROUTES, "/statistieken/oorzaken/"] if persona == "hr" else ROUTES
    for route in routes:
        api = route.startswith("/api/")
        response = client.get(
            route, {"from": START, "to": END} if api else {"van": START, "tot": END}
        )
        assert response.status_code == 200, route
        body = response.content.decode(errors="replace")
        assert not [c for c in MEDICAL if c in body], route
        assert CANARIES["cas_code"] not in body, route


def test_oversized_ids_are_refused_not_crashed(world, client_for):
    client = client_for("hr")
    huge = "9" * 30
    assert client.get("/api/v1/statistics/", {"employer": huge}).status_code == 400
    assert client.get("/api/v1/statistics/", {"department": huge}).status_code == 400
    assert client.get("/statistieken/", {"werkgever": huge}).status_code == 404
    assert client.get("/statistieken/", {"afdeling": huge, "van": "2024-01-01",
                                         "tot": "2024-03-31"}).status_code == 400  # fmt: skip
