"""Signing the plan of action is not agreeing with it (issue 15): the employee signs
"voor akkoord" or "voor gezien" (received, for the record) with their own view, and HR,
the manager, the report and its JSON show which."""

import json

import pytest

from poortwachter.core.errors import ServiceError
from poortwachter.reintegration import services
from poortwachter.reintegration.models import PlanSignature, PlanVersion
from tests.reintegration.conftest import plan_input

DISAGREE = "Ik vind vier uur per dag te snel. EIGEN-VISIE-91"


@pytest.fixture
def plan(world, actor_of, long_case):
    return services.plan_draw_up(
        actor=actor_of("hr"), case=long_case, data=plan_input(long_case, long_case.advice, world.hr)
    ).plan


def test_the_employee_signs_for_receipt_with_their_own_view(world, client_for, long_case, plan):
    employee = client_for("employee")
    url = f"/verzuim/dossiers/{long_case.pk}/plan/mijn-visie/"
    page = employee.get(url).content.decode()
    assert "Ondertekenen voor gezien" in page
    assert "Ondertekenen voor akkoord" in page
    # Signing for receipt without saying where they disagree is refused, nothing saved.
    refused = employee.post(url, {"number": 1, "employee_view": "", "signature": "gezien"})
    assert refused.status_code == 400
    assert "waarmee u het niet eens bent" in refused.content.decode()
    assert not PlanVersion.objects.get().is_signed
    response = employee.post(url, {"number": 1, "employee_view": DISAGREE, "signature": "gezien"})
    assert response.status_code == 302
    version = PlanVersion.objects.get()
    assert version.signature == PlanSignature.SEEN
    assert version.is_signed
    assert not version.is_agreed
    assert version.employee_view == DISAGREE
    assert "voor gezien" in employee.get(url).content.decode()
    # HR and the manager see that the employee signed for receipt and does not agree.
    for persona in ("hr", "manager"):
        page = client_for(persona).get(f"/verzuim/dossiers/{long_case.pk}/").content.decode()
        assert "Ondertekend voor gezien" in page, persona
        assert "niet (helemaal) mee akkoord" in page, persona
        assert DISAGREE in page, persona
        assert "voor akkoord" not in page, persona
    hr_page = client_for("hr").get(f"/verzuim/dossiers/{long_case.pk}/").content.decode()
    assert "deskundigenoordeel" in hr_page


def test_signing_for_agreement_is_shown_as_agreement(world, client_for, long_case, plan):
    employee = client_for("employee")
    url = f"/verzuim/dossiers/{long_case.pk}/plan/mijn-visie/"
    response = employee.post(
        url, {"number": 1, "employee_view": "Goed plan.", "signature": "akkoord"}
    )
    assert response.status_code == 302
    assert PlanVersion.objects.get().signature == PlanSignature.AGREED
    page = client_for("hr").get(f"/verzuim/dossiers/{long_case.pk}/").content.decode()
    assert "voor akkoord" in page
    assert "Ondertekend voor gezien" not in page


def test_a_version_signed_for_receipt_is_frozen_and_a_revision_is_signed_again(
    world, actor_of, long_case, plan
):
    employee = actor_of("employee")
    services.plan_employee_view(
        actor=employee, plan=plan, number=1, employee_view=DISAGREE, signature="gezien"
    )
    with pytest.raises(ServiceError, match="ligt vast"):
        services.plan_employee_view(
            actor=employee, plan=plan, number=1, employee_view="Toch akkoord.",
            signature="akkoord",
        )  # fmt: skip
    data = plan_input(
        long_case, long_case.advice, world.hr, activities="Twee uur per dag.",
        change_reason="Na het bezwaar van de werknemer.",
    )  # fmt: skip
    revised = services.plan_revise(actor=actor_of("hr"), plan=plan, data=data, based_on=1)
    assert (revised.number, revised.signature, revised.is_signed) == (2, "", False)
    agreed = services.plan_employee_view(
        actor=employee, plan=plan, number=2, employee_view="Zo gaat het.", signature="akkoord"
    )
    assert agreed.is_agreed
    first = PlanVersion.objects.get(plan=plan, number=1)
    assert first.is_seen_only
    assert first.employee_view == DISAGREE


def test_an_unknown_signature_is_refused(world, actor_of, plan):
    with pytest.raises(ServiceError) as refused:
        services.plan_employee_view(
            actor=actor_of("employee"), plan=plan, number=1, employee_view="x",
            signature="misschien",
        )  # fmt: skip
    assert "signature" in refused.value.message_dict


def test_the_report_and_its_json_carry_the_signature(world, client_for, actor_of, long_case, plan):
    services.plan_employee_view(
        actor=actor_of("employee"), plan=plan, number=1, employee_view=DISAGREE,
        signature="gezien",
    )  # fmt: skip
    hr = client_for("hr")
    document = json.loads(
        hr.get(f"/verzuim/dossiers/{long_case.pk}/re-integratieverslag.json").content
    )
    version = document["plan_of_action"][0]
    assert version["employee_signature"] == "gezien"
    assert "niet akkoord" in version["employee_signature_label"]
    assert version["employee_view"] == DISAGREE
    pdf = hr.get(f"/verzuim/dossiers/{long_case.pk}/re-integratieverslag.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_the_employees_view_passes_the_medical_text_guard(world, actor_of, plan):
    """The view is kept in the employer's file: no nature or cause of illness, not even
    when the employee writes it themself (R-SICK-4, R-REINT-1)."""
    with pytest.raises(ServiceError) as refused:
        services.plan_employee_view(
            actor=actor_of("employee"), plan=plan, number=1,
            employee_view="Mijn depressie is nog niet over.", signature="gezien",
        )  # fmt: skip
    assert "employee_view" in refused.value.message_dict
    assert not PlanVersion.objects.get().is_signed
