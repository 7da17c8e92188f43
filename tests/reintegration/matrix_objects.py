"""Re-integration objects for the access matrix (tests/test_access_matrix.py): Eva's and
Kees's cases (made by ``_absence_objects``) and a case of employer B's Otto, with a plan,
a 42nd-week notification, a third party's report, an HR task and a conversation note
(issue 19) in Eva's file."""

import datetime as dt

from poortwachter.absences.models import AbsenceCase, PublishedAdvice
from poortwachter.core import clock
from poortwachter.reintegration.models import (
    ConversationNote,
    ExpertOpinion,
    NotificationKind,
    PlanOfAction,
    PlanVersion,
    Task,
    TaskRole,
    ThirdPartyReport,
    UwvNotification,
)
from tests.reintegration.conftest import make_case


def reintegration_objects(world) -> dict[str, int]:
    own = AbsenceCase.objects.get(employee=world.own_employee)
    kitchen = AbsenceCase.objects.get(employee=world.kitchen_employee)
    other = make_case(world.other_employee, days_ago=3)
    advice = PublishedAdvice.objects.filter(case=own).order_by("pk").first()
    assert advice is not None
    today = clock.today()
    plan = PlanOfAction.objects.create(case=own, employer=world.employer,
                                       employee=world.own_employee)  # fmt: skip
    PlanVersion.objects.create(
        plan=plan, number=1, drawn_up_on=today, activities="Aangepast werk.",
        goals="Terug in eigen werk.", goal_date=today + dt.timedelta(days=60),
        evaluation_moments="Elke zes weken.", next_evaluation_on=today + dt.timedelta(days=42),
        case_manager=world.hr, advice=advice, employer_view="Haalbaar.",
        created_by=world.hr, created_at=clock.now(),
    )  # fmt: skip
    notification = UwvNotification.objects.create(
        case=own, employer=world.employer, employee=world.own_employee,
        kind=NotificationKind.WEEK_42, due_on=today + dt.timedelta(days=280),
    )  # fmt: skip
    report = ThirdPartyReport.objects.create(
        case=own, employer=world.employer, employee=world.own_employee,
        title="Voortgangsrapport", author="agency", received_on=today,
        content_type="application/pdf", size=16, data=b"%PDF-1.4\n%%EOF\n",
        uploaded_by=world.hr, uploaded_at=clock.now(),
    )  # fmt: skip
    task = Task.objects.create(
        case=own, employer=world.employer, employee=world.own_employee,
        code="report_to_service", label="Ziekmelding bij arbodienst", role=TaskRole.HR,
        due_on=today + dt.timedelta(days=4),
    )  # fmt: skip
    note = ConversationNote.objects.create(
        case=own, employer=world.employer, employee=world.own_employee, held_on=today,
        participants="Eva Eigen, leidinggevende", agreements="Volgende week weer bellen.",
        written_by=world.manager, author_role="manager",
    )  # fmt: skip
    opinion = ExpertOpinion.objects.create(
        case=own, employer=world.employer, employee=world.own_employee, requested_on=today,
        requested_by="employer", subject="suitable_work", question="Is het werk passend?",
    )  # fmt: skip
    return {
        "note_own": note.pk,
        "case_own": own.pk, "case_kitchen": kitchen.pk, "case_other": other.pk,
        "uwv_own": notification.pk, "third_party_own": report.pk, "task_own": task.pk,
        "expert_own": opinion.pk,
    }  # fmt: skip
