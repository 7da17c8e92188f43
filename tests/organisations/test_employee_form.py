"""Adding an employee on the page (issue 15): one submit shows every error at once, the
fields' own, the cross-field and the service's checks, with an error summary that links to
each field, and nothing is saved."""

import re

from poortwachter.organisations.models import Employee

GOOD = {
    "personnel_number": "009001", "first_name": "Fleur", "name_prefix": "de",
    "last_name": "Vries", "bsn": "111222333", "date_of_birth": "1990-04-01",
    "email": "fleur.devries@werknemer.example", "phone": "", "street": "", "house_number": "",
    "postcode": "", "city": "", "job_title": "Verpleegkundige", "start_date": "2024-02-01",
    "hours_per_week": "24",
}  # fmt: skip


def _url(world) -> str:
    return f"/werkgever/{world.employer.pk}/werknemers/nieuw/"


def test_add_an_employee_with_five_mistakes_in_one_submit_shows_all_five(world, client_for):
    before = Employee.objects.count()
    body = {
        **GOOD, "department": world.department.pk,
        "last_name": "",               # 1. a required field left empty (field check)
        "email": "fleur@",             # 2. not an e-mail address (field check)
        "bsn": "123456789",            # 3. fails the eleven test (service check)
        "date_of_birth": "2020-01-01", # 4. four years old at the start (cross-field)
        "hours_per_week": "70",        # 5. more than 60 hours (service check)
    }  # fmt: skip
    response = client_for("hr").post(_url(world), body)
    assert response.status_code == 200
    page = response.content.decode()
    errors = {
        "last_name": "Dit veld is vereist",
        "email": "e-mailadres",
        "bsn": "geen geldig BSN",
        "date_of_birth": "Controleer de geboortedatum",
        "hours_per_week": "meer dan 0 en hooguit 60",
    }
    form_errors = response.context["form"].errors
    assert set(form_errors) == set(errors)
    for field, message in errors.items():
        assert message in " ".join(form_errors[field]), field
    summary = page.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert "Er ging iets mis" in summary
    in_form_order = [name for name in response.context["form"].fields if name in errors]
    assert re.findall(r'href="#id_([a-z_]+)"', summary) == in_form_order
    assert Employee.objects.count() == before


def test_a_taken_personnel_number_shows_with_the_field_errors(world, client_for):
    body = {**GOOD, "department": world.department.pk, "first_name": "",
            "personnel_number": world.own_employee.personnel_number}  # fmt: skip
    errors = client_for("hr").post(_url(world), body).context["form"].errors
    assert set(errors) == {"first_name", "personnel_number"}
    assert "al in gebruik" in errors["personnel_number"][0]


def test_zero_or_negative_hours_are_refused_with_the_rule_that_applies(world, client_for):
    for hours in ("0", "-4"):
        body = {**GOOD, "department": world.department.pk, "hours_per_week": hours}
        errors = client_for("hr").post(_url(world), body).context["form"].errors
        assert errors["hours_per_week"] == [
            "Vul een aantal uren per week in van meer dan 0 en hooguit 60."
        ]


def test_a_good_employee_is_added(world, client_for):
    body = {**GOOD, "department": world.department.pk}
    response = client_for("hr").post(_url(world), body)
    assert response.status_code == 302
    assert Employee.objects.filter(bsn="111222333").exists()


def test_the_department_choice_asks_in_dutch(world, client_for):
    page = client_for("hr").get(_url(world)).content.decode()
    assert "---------" not in page
    assert "Kies een afdeling" in page
