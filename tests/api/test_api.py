"""The API: same services as the pages, scoped lists, strict inputs, CSRF."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils.module_loading import import_string
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.config.settings import base
from poortwachter.core.roles import Role
from tests.helpers import sign_in


def _post(client, path, data):
    return client.post(path, data, content_type="application/json")


def test_employee_list_is_scoped_per_role(world, client_for):
    def ids(persona):
        return {
            row["id"] for row in client_for(persona).get("/api/v1/employees/").json()["results"]
        }

    team = {world.own_employee.pk, world.night_employee.pk}
    employer_a = team | {world.kitchen_employee.pk}
    assert ids("employee") == {world.own_employee.pk}
    assert ids("manager") == team
    assert ids("hr") == employer_a
    assert ids("doctor") == employer_a
    assert ids("outsider") == {world.other_employee.pk}
    for persona in ("assistant", "service_admin", "privacy_officer"):
        assert ids(persona) == set()


def test_user_list_is_scoped_for_the_employer_admin(world, client_for):
    listed = client_for("employer_admin").get("/api/v1/users/").json()["results"]
    emails = {u["email"] for u in listed}
    assert world.hr.email in emails
    assert world.manager.email in emails
    assert world.doctor.email not in emails
    assert world.outsider.email not in emails


@pytest.mark.parametrize(
    "extra",
    [
        {"is_superuser": True},
        {"is_staff": True},
        {"session_epoch": 0},
        {"granted_by": 1},
        {"employer_id": 1},
        {"password": "gekozen-door-aanvaller-1"},
    ],
)
def test_unknown_fields_are_refused_not_ignored(world, client_for, extra):
    """Mass assignment (SECURITY.md pattern 2): an extra field is an error, nothing is saved."""
    body = {"email": "extra@test.example", "first_name": "E", "last_name": "X",
            "role": Role.HR, "employer": world.employer.pk, **extra}  # fmt: skip
    response = _post(client_for("employer_admin"), "/api/v1/users/", body)
    assert response.status_code == 400
    assert not User.objects.filter(email="extra@test.example").exists()


def test_employer_admin_cannot_create_a_doctor_through_the_api(world, client_for):
    body = {"email": "arts2@test.example", "first_name": "A", "last_name": "B", "role": Role.DOCTOR}
    response = _post(client_for("employer_admin"), "/api/v1/users/", body)
    assert response.status_code == 403
    assert not User.objects.filter(email="arts2@test.example").exists()


def test_employer_admin_cannot_elevate_hr_to_doctor_through_the_api(world, client_for):
    response = _post(client_for("employer_admin"), f"/api/v1/users/{world.hr.pk}/grants/",
                     {"role": Role.DOCTOR})  # fmt: skip
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=world.hr, role=Role.DOCTOR).exists()


def test_employer_admin_cannot_place_a_role_at_another_employer(world, client_for):
    response = _post(client_for("employer_admin"), f"/api/v1/users/{world.hr.pk}/grants/",
                     {"role": Role.MANAGER, "employer": world.other_employer.pk,
                      "department": world.other_department.pk})  # fmt: skip
    assert response.status_code == 404
    assert not RoleAssignment.objects.filter(user=world.hr, role=Role.MANAGER).exists()


def test_employer_admin_creates_hr_through_the_api(world, client_for):
    body = {"email": "hr2@test.example", "first_name": "H", "last_name": "R",
            "role": Role.HR, "employer": world.employer.pk}  # fmt: skip
    response = _post(client_for("employer_admin"), "/api/v1/users/", body)
    assert response.status_code == 201, response.content
    assert response.json()["grants"][0]["role"] == Role.HR


@pytest.mark.parametrize("value", [None, "", [], {}])
def test_empty_or_null_role_never_skips_the_check(world, client_for, value):
    """Bitwarden CVE-2026-43638: empty collections skipped checks."""
    response = _post(client_for("employer_admin"), f"/api/v1/users/{world.doctor.pk}/grants/",
                     {"role": value})  # fmt: skip
    assert response.status_code in (400, 404)
    assert world.doctor.role_assignments.count() == 1


def test_errors_are_dutch(world, client_for):
    body = {"email": "geen-adres", "first_name": "E", "last_name": "X", "role": Role.HR,
            "employer": world.employer.pk}  # fmt: skip
    response = _post(client_for("employer_admin"), "/api/v1/users/", body)
    assert response.status_code == 400
    assert "e-mailadres" in response.content.decode().lower()


def test_state_changes_need_the_csrf_token(world):
    client = sign_in(Client(enforce_csrf_checks=True), world.employer_admin)
    response = _post(client, f"/api/v1/users/{world.hr.pk}/reset-credentials/", {})
    assert response.status_code == 403
    world.hr.refresh_from_db()
    assert world.hr.has_usable_password()


def test_schema_documents_the_error_answers(world, client_for):
    schema = client_for("hr").get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/users/{user_id}/grants/"]["post"]
    assert {"400", "403", "404"} <= set(operation["responses"])


def test_employer_admin_sees_no_roles_held_at_another_employer(world, client_for):
    """Review finding: a visible account's roles elsewhere stayed visible."""
    from tests.factories import grant

    grant(world.hr, Role.EMPLOYEE, employer=world.other_employer, employee=world.other_employee)
    client = client_for("employer_admin")
    detail = client.get(f"/api/v1/users/{world.hr.pk}/").json()
    assert {g["employer"] for g in detail["grants"]} == {world.employer.pk}
    listed = {u["id"]: u for u in client.get("/api/v1/users/").json()["results"]}
    assert {g["employer"] for g in listed[world.hr.pk]["grants"]} == {world.employer.pk}
    page = client.get(f"/accounts-beheer/{world.hr.pk}/").content.decode()
    assert world.other_employer.name not in page
    assert world.other_employee.last_name not in page


def test_each_user_is_held_to_the_api_rate_limit(world, client_for, monkeypatch):
    """The API's limit per user (600 calls a minute in production, 3 here): the next call
    is refused with 429, a Retry-After and a Dutch message; another user is not held back
    by it (SECURITY.md: unlimited calls let one account scrape or fuzz the API)."""
    # The test settings switch the limit off; this puts production's back.
    production = [import_string(name) for name in base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]]
    assert UserRateThrottle in production
    monkeypatch.setattr(APIView, "throttle_classes", production)
    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "3/minute")
    caches["default"].clear()
    hr = client_for("hr")
    for _ in range(3):
        assert hr.get("/api/v1/employees/").status_code == 200
    refused = hr.get("/api/v1/employees/")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    detail = refused.json()["errors"][0]["detail"]
    assert detail.startswith("Te veel verzoeken. Probeer het over ")
    assert "Expected" not in detail
    assert client_for("manager").get("/api/v1/employees/").status_code == 200
