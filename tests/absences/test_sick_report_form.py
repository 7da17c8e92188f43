"""The sick report and recovery forms on the page (issue 15): one submit shows every error
(the fields' own and the service's checks together), radios are radios, messages state
the rule that applies."""

import datetime as dt
import re

from poortwachter.absences.models import SickReport
from poortwachter.core import clock


def _body(**extra):
    return {
        "first_sick_day": clock.today().isoformat(), "phone": "0612345678",
        "care_street": "Lindelaan", "care_house_number": "12", "care_postcode": "3511 AB",
        "care_city": "Utrecht", "expected_duration": "days", "appointments_and_work": "",
        "safety_net_applies": "nee", "work_accident": "nee",
        "traffic_accident_third_party": "nee", **extra,
    }  # fmt: skip


def test_one_submit_shows_the_field_and_the_service_errors_together(world, client_for):
    url = f"/verzuim/ziekmelden/{world.own_employee.pk}/"
    body = _body(
        work_accident="",                                    # field: no choice made
        first_sick_day=(clock.today() + dt.timedelta(days=3)).isoformat(),  # service
        phone="12",                                          # service
        care_postcode="12345",                               # service
        appointments_and_work="Hij heeft griep en ligt in bed.",  # the medical-text guard
    )  # fmt: skip
    response = client_for("hr").post(url, body)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {
        "work_accident",
        "first_sick_day",
        "phone",
        "care_postcode",
        "appointments_and_work",
    }
    assert "toekomst" in errors["first_sick_day"][0]
    assert "medische informatie" in errors["appointments_and_work"][0]
    page = response.content.decode()
    summary = page.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    links = re.findall(r'href="#id_([a-z_0-9]+)"', summary)
    assert set(links) == {"first_sick_day", "phone", "care_postcode", "appointments_and_work",
                          "work_accident_0"}  # fmt: skip
    assert not SickReport.objects.exists()


def test_an_open_report_is_named_with_the_other_errors(world, client_for, report_for):
    report_for("hr", world.own_employee)
    url = f"/verzuim/ziekmelden/{world.own_employee.pk}/"
    errors = client_for("hr").post(url, _body(phone="x")).context["form"].errors
    assert set(errors) == {"phone", "first_sick_day"}
    assert "Er loopt al een ziekmelding" in errors["first_sick_day"][0]


def test_the_sick_report_asks_with_radios_and_described_fields(world, client_for):
    page = client_for("hr").get(f"/verzuim/ziekmelden/{world.own_employee.pk}/").content.decode()
    for name in ("expected_duration", "safety_net_applies", "work_accident",
                 "traffic_accident_third_party"):  # fmt: skip
        assert f'type="radio" name="{name}"' in page
        assert f'<label for="id_{name}_0">' in page
    assert page.count("<fieldset") == 4
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    described = {i for v in re.findall(r'aria-describedby="([^"]+)"', page) for i in v.split()}
    assert described
    assert described <= ids


def test_partial_recovery_says_more_than_zero_hours(world, client_for, report_for):
    report = report_for("hr", world.own_employee, first_sick_day=clock.today() - dt.timedelta(7))
    url = f"/verzuim/meldingen/{report.pk}/gedeeltelijk-herstel/"
    for hours in ("0", "-2"):
        body = {"from_date": clock.today().isoformat(), "hours_per_week": hours,
                "version": report.version}  # fmt: skip
        response = client_for("hr").post(url, body)
        assert response.status_code == 400
        message = " ".join(response.context["partial_form"].errors["hours_per_week"])
        assert "meer dan 0" in message
        assert "minstens" not in message


def test_partial_recovery_shows_the_date_and_the_hours_errors_together(world, client_for,
                                                                        report_for):  # fmt: skip
    report = report_for("hr", world.own_employee, first_sick_day=clock.today() - dt.timedelta(7))
    url = f"/verzuim/meldingen/{report.pk}/gedeeltelijk-herstel/"
    too_early = (report.first_sick_day - dt.timedelta(days=1)).isoformat()
    for hours, hours_message in (("veel", "getal"), ("80", "contracturen")):
        body = {"from_date": too_early, "hours_per_week": hours, "version": report.version}
        errors = client_for("hr").post(url, body).context["partial_form"].errors
        assert set(errors) == {"from_date", "hours_per_week"}
        assert "na de eerste ziektedag" in errors["from_date"][0]
        assert hours_message in errors["hours_per_week"][0]
    assert not report.partials.exists()
