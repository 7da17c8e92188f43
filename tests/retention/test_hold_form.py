"""The legal hold form (issue 15): its kinds are radios, and a reason refused for medical
content says what a hold's reason should say, not "afspraken en werk"."""

import re

import pytest

from poortwachter.core.errors import ServiceError
from poortwachter.retention import services


def test_a_medical_reason_is_refused_with_advice_that_fits_a_legal_hold(world, actor_of):
    with pytest.raises(ServiceError) as refused:
        services.legal_hold_place(
            actor=actor_of("hr"), employee=world.own_employee, kind="labour_dispute",
            reason="Zij heeft een burn-out.",
        )  # fmt: skip
    message = refused.value.message_dict["reason"][0]
    assert "medische informatie" in message
    assert "geschil" in message
    assert "afspraken en werk" not in message


def test_the_hold_page_offers_the_kinds_as_radios(world, client_for):
    page = client_for("hr").get(f"/werknemers/{world.own_employee.pk}/bewaren/").content.decode()
    assert page.count('type="radio" name="kind"') >= 2
    assert re.search(r"<fieldset[^>]*>\s*<legend>Soort geschil</legend>", page)
    assert re.search(r'id="id_kind_0"[^>]*><label for="id_kind_0">', page)
