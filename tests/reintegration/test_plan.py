"""The plan of action (R-REINT-1, art. 4 Regeling procesgang): not before the problem
analysis, free text through the medical-text guard, every revision kept, signed versions
frozen, the employee's view and signature."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from poortwachter.audit.models import AccessEvent
from poortwachter.core.errors import ServiceError
from poortwachter.reintegration import services
from poortwachter.reintegration.models import PlanOfAction, PlanVersion, Task
from tests.reintegration.conftest import make_case, plan_input


def test_a_plan_before_the_problem_analysis_is_refused_in_dutch(world, actor_of):
    case = make_case(world.own_employee, days_ago=20)
    data = plan_input(case, _fake_advice(case), world.hr, drawn_up_on=case.first_sick_day)
    with pytest.raises(ServiceError) as refused:
        services.plan_draw_up(actor=actor_of("hr"), case=case, data=data)
    assert "probleemanalyse" in " ".join(refused.value.messages)
    assert not PlanOfAction.objects.exists()


def _fake_advice(case):
    class Advice:
        pk = 0
        advised_on = case.first_sick_day

    return Advice()


def test_hr_draws_up_a_plan_based_on_the_published_advice(world, actor_of, long_case):
    version = services.plan_draw_up(
        actor=actor_of("hr"), case=long_case,
        data=plan_input(long_case, long_case.advice, world.hr),
    )  # fmt: skip
    assert version.number == 1
    assert version.advice == long_case.advice
    assert version.case_manager == world.hr
    event = AccessEvent.objects.filter(target_type="reintegration.planversion").get()
    assert event.subject_employee_id == world.own_employee.pk
    assert Task.objects.filter(case=long_case, code="plan_of_action", status="done").exists()


@pytest.mark.parametrize("persona", ["manager", "employee", "doctor", "outsider"])
def test_only_hr_of_the_employer_draws_up_the_plan(world, actor_of, long_case, persona):
    with pytest.raises(PermissionDenied):
        services.plan_draw_up(
            actor=actor_of(persona), case=long_case,
            data=plan_input(long_case, long_case.advice, world.hr),
        )  # fmt: skip


def test_medical_text_is_refused_per_field_and_nothing_is_saved(world, actor_of, long_case):
    data = plan_input(
        long_case, long_case.advice, world.hr,
        activities="Fysiotherapie voor de hernia, daarna opbouwen.",
        employer_view="Zij heeft een burn-out.",
    )  # fmt: skip
    with pytest.raises(ServiceError) as refused:
        services.plan_draw_up(actor=actor_of("hr"), case=long_case, data=data)
    errors = refused.value.message_dict
    assert {"activities", "employer_view"} <= set(errors)
    assert "medisch" in " ".join(errors["activities"]).lower()
    assert not PlanOfAction.objects.exists()


def test_dates_out_of_order_and_a_case_manager_without_hr_are_refused(world, actor_of, long_case):
    advice = long_case.advice
    data = plan_input(
        long_case, advice, world.manager,
        goal_date=advice.advised_on - dt.timedelta(days=2),
        drawn_up_on=advice.advised_on - dt.timedelta(days=1),
    )  # fmt: skip
    with pytest.raises(ServiceError) as refused:
        services.plan_draw_up(actor=actor_of("hr"), case=long_case, data=data)
    assert {"goal_date", "drawn_up_on", "case_manager_id"} <= set(refused.value.message_dict)


def _plan(world, actor_of, case):
    return services.plan_draw_up(
        actor=actor_of("hr"), case=case, data=plan_input(case, case.advice, world.hr)
    ).plan


def test_every_revision_is_a_new_version_with_who_and_what(world, actor_of, long_case):
    plan = _plan(world, actor_of, long_case)
    data = plan_input(
        long_case,
        long_case.advice,
        world.hr,
        goals="Terug in aangepast werk.",
        change_reason="Evaluatie week 14.",
    )
    version = services.plan_revise(actor=actor_of("hr"), plan=plan, data=data, based_on=1)
    assert version.number == 2
    assert version.changed_fields == ["goals"]
    assert version.created_by == world.hr
    first = plan.versions.get(number=1)
    assert first.goals == "Terug in het eigen werk."


def test_a_revision_needs_a_reason_and_a_change(world, actor_of, long_case):
    plan = _plan(world, actor_of, long_case)
    same = plan_input(long_case, long_case.advice, world.hr)
    with pytest.raises(ServiceError) as refused:
        services.plan_revise(actor=actor_of("hr"), plan=plan, data=same, based_on=1)
    assert "change_reason" in refused.value.message_dict
    with pytest.raises(ServiceError, match="niets gewijzigd"):
        services.plan_revise(
            actor=actor_of("hr"), plan=plan,
            data=plan_input(long_case, long_case.advice, world.hr, change_reason="Reden."),
            based_on=1,
        )  # fmt: skip


def test_a_revision_based_on_an_old_version_is_refused(world, actor_of, long_case):
    plan = _plan(world, actor_of, long_case)
    data = plan_input(
        long_case, long_case.advice, world.hr, goals="Ander doel.", change_reason="Bijstelling."
    )
    services.plan_revise(actor=actor_of("hr"), plan=plan, data=data, based_on=1)
    with pytest.raises(ServiceError, match="intussen bijgesteld"):
        services.plan_revise(actor=actor_of("hr"), plan=plan, data=data, based_on=1)
    assert plan.versions.count() == 2


def test_the_employee_adds_a_view_and_signs_then_the_version_is_frozen(world, actor_of, long_case):
    plan = _plan(world, actor_of, long_case)
    employee = actor_of("employee")
    services.plan_employee_view(
        actor=employee, plan=plan, number=1, employee_view="Ik wil rustig opbouwen.", signature=""
    )
    signed = services.plan_employee_view(
        actor=employee,
        plan=plan,
        number=1,
        employee_view="Ik wil rustig opbouwen.",
        signature="akkoord",
    )
    assert signed.is_signed
    assert signed.signed_by == world.employee
    with pytest.raises(ServiceError) as refused:
        services.plan_employee_view(
            actor=employee, plan=plan, number=1, employee_view="Toch anders.", signature=""
        )
    assert "ondertekend en ligt vast" in refused.value.messages[0]
    assert PlanVersion.objects.get(pk=signed.pk).employee_view == "Ik wil rustig opbouwen."
    # HR's change to the signed plan becomes a new version; the signed one stays.
    data = plan_input(
        long_case, long_case.advice, world.hr, goals="Nieuw doel.", change_reason="Na evaluatie."
    )
    revised = services.plan_revise(actor=actor_of("hr"), plan=plan, data=data, based_on=1)
    assert revised.number == 2
    assert not revised.is_signed
    assert revised.employee_view == ""
    assert PlanVersion.objects.get(pk=signed.pk).goals == "Terug in het eigen werk."


def test_signing_needs_a_view_and_only_the_employee_signs(world, actor_of, long_case):
    plan = _plan(world, actor_of, long_case)
    with pytest.raises(ServiceError) as refused:
        services.plan_employee_view(
            actor=actor_of("employee"), plan=plan, number=1, employee_view="", signature="akkoord"
        )
    assert "employee_view" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.plan_employee_view(
            actor=actor_of("hr"),
            plan=plan,
            number=1,
            employee_view="Namens haar.",
            signature="akkoord",
        )


def test_the_employees_view_passes_the_guard(world, actor_of, long_case):
    plan = _plan(world, actor_of, long_case)
    with pytest.raises(ServiceError) as refused:
        services.plan_employee_view(
            actor=actor_of("employee"),
            plan=plan,
            number=1,
            employee_view="Mijn depressie is nog niet over.",
            signature="akkoord",
        )
    assert "employee_view" in refused.value.message_dict
    assert not PlanVersion.objects.get(plan=plan).employee_view
