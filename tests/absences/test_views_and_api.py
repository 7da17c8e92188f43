"""Pages and API for absences: the notice where employer-side users work (R-AWARE-1),
the as-you-type check, and no way to send medical fields through the API."""

import pytest

from poortwachter.absences.forms import SickReportForm
from poortwachter.absences.models import SickReport
from poortwachter.core import clock


def _body(world, **extra):
    return {
        "employee": world.own_employee.pk, "first_sick_day": clock.today().isoformat(),
        "phone": "0612345678", "care_street": "Lindelaan", "care_house_number": "12",
        "care_postcode": "3511 AB", "care_city": "Utrecht", "expected_duration": "days",
        "appointments_and_work": "", "safety_net_applies": False, "work_accident": False,
        "traffic_accident_third_party": False, **extra,
    }  # fmt: skip


def test_date_fields_render_in_the_format_browsers_read():
    """<input type=date> only accepts ISO dates; a Dutch 23-11-2026 arrives empty."""
    html = str(SickReportForm()["first_sick_day"])
    assert f'value="{clock.today().isoformat()}"' in html


@pytest.mark.parametrize(
    "extra",
    [
        {"diagnosis": "griep"},
        {"cause": "val van trap"},
        {"incapacity_percentage": 50},
        {"availability_percentage": 50},
        {"reason": "rugklachten"},
        {"safety_net_provision": "zwangerschap"},
        {"employer": 999},
        {"reported_by": 1},
    ],
)
def test_api_refuses_every_field_beyond_r_sick_1(world, client_for, extra):
    response = client_for("hr").post(
        "/api/v1/sick-reports/", _body(world, **extra), content_type="application/json"
    )
    assert response.status_code == 400
    assert not SickReport.objects.exists()


@pytest.mark.parametrize("persona", ["employee", "manager", "hr"])
def test_api_refuses_medical_free_text_for_every_writer(world, client_for, persona):
    body = _body(world, appointments_and_work="Heeft een burn-out, loopt bij de psycholoog.")
    response = client_for(persona).post("/api/v1/sick-reports/", body,
                                        content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert "appointments_and_work" in response.content.decode()
    assert not SickReport.objects.exists()


def test_api_report_and_recovery(world, client_for):
    client = client_for("manager")
    created = client.post("/api/v1/sick-reports/", _body(world), content_type="application/json")
    assert created.status_code == 201, created.content
    report = created.json()
    recovered = client.post(
        f"/api/v1/sick-reports/{report['id']}/recovery/",
        {"recovered_on": clock.today().replace(day=clock.today().day).isoformat(),
         "version": report["version"]},
        content_type="application/json",
    )  # fmt: skip
    assert recovered.status_code == 400  # recovery must come after the first sick day
    assert "na de eerste ziektedag" in recovered.content.decode()


def test_text_check_marks_what_would_be_refused(world, client_for):
    response = client_for("manager").post(
        "/verzuim/tekstcontrole/", {"appointments_and_work": "Knieoperatie volgende week."}
    )
    assert response.status_code == 200
    assert "<mark>" in response.content.decode()
    clean = client_for("manager").post(
        "/verzuim/tekstcontrole/", {"appointments_and_work": "Overleg dinsdag verzetten."}
    )
    assert "<mark>" not in clean.content.decode()


def test_api_text_check(world, client_for):
    response = client_for("hr").post(
        "/api/v1/text-check/", {"text": "Zij is zwanger."}, content_type="application/json"
    )
    assert response.json()["medical"] is True
    assert response.json()["matches"][0]["category"] == "pregnancy"


@pytest.mark.parametrize(
    "path", ["/team/verzuim/", "/verzuim/overzicht/", "/verzuim/ziekmelden/{own}/"]
)
def test_privacy_rules_are_shown_where_absence_data_is_handled(world, client_for, path):
    persona = {"/team/verzuim/": "manager", "/verzuim/overzicht/": "hr"}.get(path, "hr")
    page = client_for(persona).get(path.format(own=world.own_employee.pk)).content.decode()
    assert "Privacyregels bij verzuim" in page
    assert "aard of oorzaak" in page


def test_hr_list_reads_are_logged_with_the_ids_shown(world, client_for, report_for):
    from poortwachter.audit.models import AccessEvent

    report = report_for("hr", world.own_employee)
    client_for("hr").get("/verzuim/overzicht/")
    event = AccessEvent.objects.filter(purpose="hr_absence_overview").latest("id")
    assert event.details["sick_report_ids"] == [report.pk]
