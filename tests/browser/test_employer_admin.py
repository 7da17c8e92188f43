"""An employer administrator cannot issue an account that reaches medical data, neither
through the form nor with a forged request from its own signed-in page (R-ACC-1)."""

import pytest

from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.core.roles import Role
from tests.browser.flows import main_button, path_of, screenshot, sign_in, submit
from tests.factories import DepartmentFactory, EmployerFactory, UserFactory, enrol_totp, grant

# The browser tests run in two xdist groups (tests/browser/conftest.py), each on one worker.
pytestmark = pytest.mark.xdist_group("browser")

FORBIDDEN_LABELS = [
    "Bedrijfsarts",
    "Praktijkondersteuner",
    "Beheerder arbodienst",
    "Functioneel beheerder werkgever",
    "Privacyfunctionaris",
]


@pytest.mark.browser
def test_employer_admin_cannot_create_a_doctor_account(site, page):
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    DepartmentFactory(employer=employer, name="Verpleging")
    admin = UserFactory(email="beheer@test.example", first_name="Bram", last_name="Beheerder")
    grant(admin, Role.EMPLOYER_ADMIN, employer=employer)
    secret = enrol_totp(admin)
    accounts_path = f"/werkgever/{employer.pk}/accounts/"

    sign_in(page, site, admin, secret)
    page.goto(site + "/beheer/")
    assert path_of(page) == accounts_path
    assert page.locator("main h1").inner_text() == "Accounts van Alfa Zorg B.V."
    notice = page.locator("main .notice").inner_text()
    assert "Accounts van bedrijfsartsen en hun ondersteuners maakt alleen de arbodienst aan" in (
        notice
    )
    screenshot(page, "employer-admin-accounts.png")

    options = page.locator("select[name=role] option")
    values = options.evaluate_all("els => els.map(e => e.value)")
    labels = options.all_inner_texts()
    assert sorted(values) == sorted([Role.EMPLOYEE, Role.MANAGER, Role.HR])
    for forbidden in FORBIDDEN_LABELS:
        assert not any(forbidden in label for label in labels), (forbidden, labels)

    # Forged from inside the page: the select gets a doctor option and the real form,
    # with its CSRF token and session, is submitted.
    form = page.locator("main form").filter(has=page.locator("select[name=role]"))
    page.locator("input[name=email]").fill("nep-arts@test.example")
    page.locator("input[name=first_name]").fill("Nep")
    page.locator("input[name=last_name]").fill("Arts")
    page.locator("select[name=role]").evaluate(
        "select => { select.add(new Option('Bedrijfsarts', 'doctor')); select.value = 'doctor'; }"
    )
    response = submit(page, form.get_by_role("button", name="Account aanmaken"))
    assert response.status in (200, 403)
    if response.status == 200:
        assert path_of(page) == accounts_path
        assert page.locator("main .field-error, main [role=alert]").count() >= 1
        assert "is aangemaakt" not in page.locator("main").inner_text()

    # And as bare POSTs with the page's session and CSRF token, one per forbidden role.
    page.goto(site + accounts_path)
    token = page.locator("main form input[name=csrfmiddlewaretoken]").first.input_value()
    forbidden_roles = [
        Role.DOCTOR,
        Role.ASSISTANT,
        Role.SERVICE_ADMIN,
        Role.EMPLOYER_ADMIN,
        Role.PRIVACY_OFFICER,
    ]
    for role in forbidden_roles:
        answer = page.request.post(
            site + accounts_path,
            form={
                "csrfmiddlewaretoken": token,
                "email": f"nep-{role}@test.example",
                "first_name": "Nep",
                "last_name": role,
                "role": role,
            },
            headers={"Referer": site + accounts_path},
            max_redirects=0,
        )
        assert answer.status in (200, 403), (role, answer.status)

    forged = ["nep-arts@test.example"] + [f"nep-{role}@test.example" for role in forbidden_roles]
    assert not User.objects.filter(email__in=forged).exists()
    assert not RoleAssignment.objects.filter(role__in=forbidden_roles).exclude(user=admin).exists()
    assert list(RoleAssignment.objects.filter(user=admin).values_list("role", flat=True)) == [
        Role.EMPLOYER_ADMIN
    ]

    # The same form does issue what the administrator may issue: the refusal was the role.
    page.locator("input[name=email]").fill("nieuwe-hr@test.example")
    page.locator("input[name=first_name]").fill("Hanna")
    page.locator("input[name=last_name]").fill("Rekers")
    page.locator("select[name=role]").select_option(Role.HR)
    submit(page, main_button(page, "Account aanmaken"))
    assert "is aangemaakt" in page.locator(".messages").inner_text()
    created = User.objects.get(email="nieuwe-hr@test.example")
    assert list(created.role_assignments.values_list("role", "employer_id")) == [
        (Role.HR, employer.pk)
    ]
