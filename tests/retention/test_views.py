"""HR's retention page (/werknemers/<id>/bewaren/): only HR of the employer sees it and
places or lifts legal holds; refusals are Dutch and leave nothing half-written; every
read and write is in the access log."""

import datetime as dt

import pytest
from django.test import Client

from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core import clock
from poortwachter.retention import services
from poortwachter.retention.models import LegalHold
from tests.helpers import sign_in

OTHERS = ["employee", "manager", "employer_admin", "doctor", "assistant", "service_admin",
          "privacy_officer"]  # fmt: skip
PLACE = {"kind": "labour_dispute", "reason": "Procedure bij de kantonrechter."}


def _page(employee) -> str:
    return f"/werknemers/{employee.pk}/bewaren/"


def _lift(hold) -> str:
    return f"/werknemers/{hold.employee_id}/bewaren/blokkades/{hold.pk}/opheffen/"


@pytest.fixture
def hold(world, actor_of):
    return services.legal_hold_place(
        actor=actor_of("hr"), employee=world.own_employee, kind="benefit_dispute",
        reason="Bezwaar tegen een beslissing van UWV.",
    )  # fmt: skip


def test_hr_sees_the_rule_and_due_date_per_category(world, client_for, former):
    employee = former(ended=dt.date(2025, 6, 30))
    response = client_for("hr").get(_page(employee))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Verzuimgegevens (administratief)" in page
    assert "R-RET-1" in page
    assert "verwijderen vanaf 30-6-2027" in page
    assert "minstens 5 jaar" in page
    event = AccessEvent.objects.filter(action=Action.READ, purpose="retention_status").get()
    assert event.subject_employee_id == employee.pk
    assert event.actor_user_id == world.hr.pk


def test_an_open_employment_has_no_due_date_yet(world, client_for):
    page = client_for("hr").get(_page(world.own_employee)).content.decode()
    assert "er loopt een dienstverband" in page


def test_hr_places_a_hold_and_the_page_shows_it_blocked(world, client_for, former):
    employee = former(ended=dt.date(2025, 6, 30))
    client = client_for("hr")
    response = client.post(_page(employee), PLACE)
    assert response.status_code == 302
    hold = LegalHold.objects.get(employee=employee)
    assert (hold.kind, hold.placed_by_id, hold.employer_id) == (
        "labour_dispute", world.hr.pk, world.employer.pk,
    )  # fmt: skip
    event = AccessEvent.objects.get(action=Action.CREATE, target_id=str(hold.pk))
    assert event.subject_employee_id == employee.pk
    assert event.details == {"kind": "labour_dispute"}  # the reason never enters the log
    page = client.get(_page(employee)).content.decode()
    assert "geblokkeerd" in page
    assert "Procedure bij de kantonrechter." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "labour_dispute", "reason": "Zij heeft een burn-out."}, "medische informatie"),
        ({"kind": "labour_dispute", "reason": "  "}, "Dit veld is vereist"),
        ({"kind": "ontslag", "reason": "Procedure."}, "Selecteer een geldige keuze"),
    ],
)
def test_a_refused_hold_shows_a_dutch_error_and_saves_nothing(world, client_for, data,
                                                              message):  # fmt: skip
    before = AccessEvent.objects.filter(action=Action.CREATE).count()
    response = client_for("hr").post(_page(world.own_employee), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LegalHold.objects.exists()
    assert AccessEvent.objects.filter(action=Action.CREATE).count() == before


def test_a_second_hold_of_the_same_kind_is_refused(world, client_for, hold):
    data = {"kind": "benefit_dispute", "reason": "Nog een bezwaar."}
    response = client_for("hr").post(_page(world.own_employee), data)
    assert response.status_code == 400
    assert "al een blokkade van deze soort" in response.content.decode()
    assert LegalHold.objects.count() == 1


def test_hr_lifts_a_hold_with_a_reason(world, client_for, hold):
    client = client_for("hr")
    data = {f"lift-{hold.pk}-lift_reason": "Uitspraak is onherroepelijk."}
    assert client.post(_lift(hold), data).status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_by_id == world.hr.pk
    assert hold.lifted_at is not None
    assert hold.lift_reason == "Uitspraak is onherroepelijk."
    assert AccessEvent.objects.filter(
        action=Action.UPDATE, target_id=str(hold.pk), subject_employee_id=hold.employee_id
    ).exists()
    again = client.post(_lift(hold), data)
    assert again.status_code == 400
    assert "al opgeheven" in again.content.decode()


def test_the_lift_reason_passes_the_guard(world, client_for, hold):
    data = {f"lift-{hold.pk}-lift_reason": "Hersteld van de hernia."}
    response = client_for("hr").post(_lift(hold), data)
    assert response.status_code == 400
    assert "medische informatie" in response.content.decode()
    hold.refresh_from_db()
    assert hold.lifted_at is None


def test_posts_need_a_csrf_token(world, hold):
    client = sign_in(Client(enforce_csrf_checks=True), world.hr)
    assert client.post(_page(world.own_employee), PLACE).status_code == 403
    data = {f"lift-{hold.pk}-lift_reason": "Klaar."}
    assert client.post(_lift(hold), data).status_code == 403
    assert LegalHold.objects.get().lifted_at is None


@pytest.mark.parametrize("persona", OTHERS)
def test_no_other_role_reaches_the_page(world, client_for, persona, hold):
    client = client_for(persona)
    assert client.get(_page(world.own_employee)).status_code == 403
    assert client.post(_page(world.own_employee), PLACE).status_code == 403
    data = {f"lift-{hold.pk}-lift_reason": "Klaar."}
    assert client.post(_lift(hold), data).status_code == 403
    assert LegalHold.objects.get().lifted_at is None
    assert LegalHold.objects.count() == 1


def test_anonymous_is_sent_to_sign_in(world, client_for, hold):
    client = client_for("anonymous")
    for response in (client.get(_page(world.own_employee)),
                     client.post(_page(world.own_employee), PLACE),
                     client.post(_lift(hold), {})):  # fmt: skip
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_another_employers_hr_gets_not_found(world, client_for, hold):
    client = client_for("outsider")
    assert client.get(_page(world.own_employee)).status_code == 404
    assert client.post(_page(world.own_employee), PLACE).status_code == 404
    data = {f"lift-{hold.pk}-lift_reason": "Klaar."}
    assert client.post(_lift(hold), data).status_code == 404
    assert LegalHold.objects.get().lifted_at is None


def test_hr_gets_not_found_for_another_employers_employee(world, client_for):
    assert client_for("hr").get(_page(world.other_employee)).status_code == 404


def test_a_hold_is_lifted_only_through_its_own_employee(world, client_for, hold):
    path = f"/werknemers/{world.kitchen_employee.pk}/bewaren/blokkades/{hold.pk}/opheffen/"
    response = client_for("hr").post(path, {f"lift-{hold.pk}-lift_reason": "Klaar."})
    assert response.status_code == 404


@pytest.mark.parametrize(("persona", "shown"),
                         [("hr", True), ("employer_admin", False), ("manager", False)])  # fmt: skip
def test_the_employee_page_links_to_retention_for_hr_only(world, client_for, persona, shown):
    page = client_for(persona).get(f"/werknemers/{world.own_employee.pk}/").content.decode()
    assert (_page(world.own_employee) in page) is shown


def test_holds_are_dated_in_dutch_time(world, actor_of):
    hold = services.legal_hold_place(
        actor=actor_of("hr"), employee=world.kitchen_employee, kind="labour_dispute",
        reason="Procedure.",
    )  # fmt: skip
    assert hold.placed_at <= clock.now()
