"""Legal holds through the service, the one write path: only HR of the employer places
or lifts them, reasons are short and free of medical data, and nothing is half-saved."""

import pytest

from poortwachter.audit.models import AccessEvent
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.retention import services
from poortwachter.retention.models import LegalHold


def _place(actor, employee, **overrides):
    values = {"kind": "labour_dispute", "reason": "Procedure bij de kantonrechter."}
    values.update(overrides)
    return services.legal_hold_place(actor=actor, employee=employee, **values)


@pytest.mark.parametrize(
    "persona",
    ["employee", "manager", "employer_admin", "doctor", "assistant", "service_admin",
     "privacy_officer", "outsider"],
)  # fmt: skip
def test_only_hr_of_the_employer_places_a_hold(world, actor_of, persona):
    events = AccessEvent.objects.count()
    with pytest.raises(Forbidden):
        _place(actor_of(persona), world.own_employee)
    assert not LegalHold.objects.exists()
    assert AccessEvent.objects.count() == events


@pytest.mark.parametrize("persona", ["manager", "employer_admin", "outsider"])
def test_only_hr_of_the_employer_lifts_a_hold(world, actor_of, persona):
    hold = _place(actor_of("hr"), world.own_employee)
    with pytest.raises(Forbidden):
        services.legal_hold_lift(actor=actor_of(persona), hold=hold, lift_reason="Klaar.")
    hold.refresh_from_db()
    assert hold.is_active


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reason": "x" * 301}, "reason", "hooguit 300 tekens"),
        ({"reason": "Ze is zwanger."}, "reason", "medische informatie"),
        ({"kind": "anders"}, "kind", "soort geschil"),
    ],
)
def test_a_bad_hold_is_refused_with_a_dutch_message(world, actor_of, overrides, field,
                                                    message):  # fmt: skip
    with pytest.raises(ServiceError, match=message) as refused:
        _place(actor_of("hr"), world.own_employee, **overrides)
    assert field in refused.value.error_dict
    assert not LegalHold.objects.exists()


def test_one_hold_of_each_kind_in_force_but_both_kinds_may_be(world, actor_of):
    hr = actor_of("hr")
    _place(hr, world.own_employee)
    with pytest.raises(ServiceError, match="al een blokkade"):
        _place(hr, world.own_employee)
    _place(hr, world.own_employee, kind="benefit_dispute", reason="Bezwaar bij UWV.")
    assert LegalHold.objects.filter(lifted_at__isnull=True).count() == 2
