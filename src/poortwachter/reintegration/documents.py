"""The documents the file produces: the re-integration report (re-integratieverslag,
art. 6 Regeling procesgang) and the notifications to UWV, each as structured data (JSON)
and as a printable PDF.

They are assembled from the employer side's own tables only: administrative data, the
company doctor's *published* advice (R-DOC-1), the plan of action and its revisions, the
evaluations and the employee's own view. This module cannot reach the medical file: it
does not import the medical module (import-linter contract), and the medical data lives
in another database (R-MED-1, R-REP-1).
"""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from poortwachter.absences.models import (
    AbsenceCase,
    PartialRecovery,
    PublishedAdvice,
    SickReport,
)
from poortwachter.absences.selectors import wage_continuation_ends
from poortwachter.core import clock
from poortwachter.organisations.models import (
    DoctorAssignment,
    Employment,
    OccupationalHealthService,
)
from poortwachter.reintegration import selectors
from poortwachter.reintegration.models import (
    Evaluation,
    EvaluationKind,
    NotificationKind,
    PlanSignature,
    PlanVersion,
    ThirdPartyReport,
    UwvNotification,
)

Document = dict[str, Any]


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _name(user) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


def _employment(case: AbsenceCase) -> Employment | None:
    return (
        Employment.objects.filter(employee_id=case.employee_id, start_date__lte=case.first_sick_day)
        .select_related("department")
        .order_by("-start_date")
        .first()
    )


def administrative(case: AbsenceCase) -> Document:
    """Art. 6 sub a: administrative, company and job data, and the first sick day."""
    employee, employer, job = case.employee, case.employer, _employment(case)
    reports = SickReport.objects.filter(case=case).order_by("first_sick_day")
    return {
        "employer": {"name": employer.name, "kvk_number": employer.kvk_number,
                     "payroll_tax_number": employer.payroll_tax_number},
        "employee": {"name": employee.full_name, "personnel_number": employee.personnel_number,
                     "bsn": employee.bsn, "date_of_birth": _iso(employee.date_of_birth)},
        "employment": None if job is None else {
            "job_title": job.job_title, "department": job.department.name,
            "hours_per_week": str(job.hours_per_week), "start_date": _iso(job.start_date),
            "end_date": _iso(job.end_date),
        },
        "first_sick_day": _iso(case.first_sick_day),
        "gap_days": case.gap_days,
        "wage_continuation_ends": _iso(wage_continuation_ends(case)),
        "closed_on": _iso(case.closed_on),
        "periods": [{"first_sick_day": _iso(r.first_sick_day), "recovered_on": _iso(r.recovered_on)}
                    for r in reports],
    }  # fmt: skip


def advice_data(advice: PublishedAdvice) -> Document:
    """Exactly the R-DOC-1 items the doctor published, with their provenance."""
    return {
        "advised_on": _iso(advice.advised_on), "doctor": _name(advice.doctor),
        "published_at": _iso(advice.published_at),
        "work_possible": advice.work_possible, "work_not_possible": advice.work_not_possible,
        "implications_for_work": advice.implications_for_work,
        "expected_duration": advice.expected_duration,
        "expected_duration_label": str(advice.get_expected_duration_display()),
        "expected_return_on": _iso(advice.expected_return_on),
        "incapacity_percentage": advice.incapacity_percentage,
        "adjustments_advice": advice.adjustments_advice,
    }  # fmt: skip


def version_data(version: PlanVersion) -> Document:
    return {
        "version": version.number, "drawn_up_on": _iso(version.drawn_up_on),
        "activities": version.activities, "goals": version.goals,
        "goal_date": _iso(version.goal_date), "evaluation_moments": version.evaluation_moments,
        "next_evaluation_on": _iso(version.next_evaluation_on),
        "case_manager": _name(version.case_manager),
        "based_on_advice_of": _iso(version.advice.advised_on),
        "employer_view": version.employer_view, "employee_view": version.employee_view,
        "change_reason": version.change_reason, "changed_fields": list(version.changed_fields),
        "changed_by": _name(version.created_by), "changed_at": _iso(version.created_at),
        "signed_by_employee_at": _iso(version.signed_at),
        # "akkoord" (agreed), "gezien" (received, not agreed) or "" (not signed yet).
        "employee_signature": version.signature,
        "employee_signature_label": _signature_label(version),
    }  # fmt: skip


def _signature_label(version: PlanVersion) -> str:
    if not version.is_signed:
        return str(_("nog niet ondertekend"))
    return str(PlanSignature(version.signature).label)


def evaluation_data(evaluation: Evaluation) -> Document:
    return {
        "kind": evaluation.kind, "kind_label": str(evaluation.get_kind_display()),
        "held_on": _iso(evaluation.held_on), "outcome": evaluation.outcome,
        "employer_view": evaluation.employer_view, "employee_view": evaluation.employee_view,
        "plan_needs_revision": evaluation.plan_needs_revision,
        "long_term_agreement": evaluation.long_term_agreement,
        "plan_version": evaluation.plan_version.number if evaluation.plan_version else None,
    }  # fmt: skip


def _employee_view(versions: list[PlanVersion], evaluations: list[Evaluation]) -> Document:
    """Art. 6: the employee's own judgement, as they gave it: the latest view on the plan
    and the latest view in an evaluation."""
    on_plan = next((v for v in reversed(versions) if v.employee_view), None)
    in_evaluation = next((e for e in reversed(evaluations) if e.employee_view), None)
    return {
        "on_plan": None if on_plan is None else {
            "version": on_plan.number, "view": on_plan.employee_view,
            "given_at": _iso(on_plan.employee_view_at),
        },
        "in_evaluation": None if in_evaluation is None else {
            "held_on": _iso(in_evaluation.held_on), "view": in_evaluation.employee_view,
        },
    }  # fmt: skip


def reintegration_report(case: AbsenceCase) -> Document:
    """The re-integratieverslag (art. 6 Regeling procesgang) as structured data."""
    plan = selectors.plan_of(case)
    versions = list(
        plan.versions.select_related("case_manager", "created_by", "advice").order_by("number")
    ) if plan else []  # fmt: skip
    evaluations = list(Evaluation.objects.filter(case=case).select_related("plan_version"))
    first_year = next((e for e in evaluations if e.kind == EvaluationKind.FIRST_YEAR), None)
    reports = ThirdPartyReport.objects.filter(case=case).defer("data")
    notifications = UwvNotification.objects.filter(case=case)
    return {
        "document": "re-integratieverslag",
        "generated_at": _iso(clock.now()),
        "administrative": administrative(case),
        "advices": [advice_data(a) for a in selectors.case_advices(case)],
        "plan_of_action": [version_data(v) for v in versions],
        "evaluations": [evaluation_data(e) for e in evaluations],
        "first_year_evaluation": evaluation_data(first_year) if first_year else None,
        "latest_evaluation": evaluation_data(evaluations[-1]) if evaluations else None,
        "employee_view": _employee_view(versions, evaluations),
        "third_party_reports": [
            {"title": r.title, "author": r.author, "author_label": str(r.get_author_display()),
             "received_on": _iso(r.received_on)} for r in reports
        ],
        "uwv_notifications": [
            {"kind": n.kind, "due_on": _iso(n.due_on), "sent_on": _iso(n.sent_on),
             "sent_via": n.sent_via or None, "days_late": n.days_late} for n in notifications
        ],
        "employer_statement": _statement(case),
        "expert_opinions": [
            {"requested_on": _iso(o.requested_on), "requested_by": o.requested_by,
             "subject": o.subject, "subject_label": str(o.get_subject_display()),
             "question": o.question, "outcome_on": _iso(o.outcome_on),
             "outcome": o.outcome or None} for o in selectors.expert_opinions_of(case)
        ],
        "wage_continuation": _wage_continuation(case),
    }  # fmt: skip


def _statement(case: AbsenceCase) -> Document | None:
    """Art. 6 sub a and i–k: the job description and the employer's current judgement on
    suitable work and on the employment relationship (issue 16)."""
    statement = selectors.report_statement_of(case)
    if statement is None:
        return None
    return {
        "job_description": statement.job_description,
        "suitable_work_judgement": statement.suitable_work_judgement,
        "employment_judgement": statement.employment_judgement,
        "updated_at": _iso(statement.updated_at),
    }


def _wage_continuation(case: AbsenceCase) -> Document:
    """The end of the wage continuation and what moved it: a voluntary extension (art. 24
    lid 1 WIA) and a wage sanction (art. 25 lid 9 WIA)."""
    wage = selectors.wage_continuation_of(case)
    extension, sanction = wage.extension, wage.sanction
    return {
        "ends_on": _iso(wage.ends_on),
        "extension": None if extension is None else {
            "weeks": extension.weeks, "requested_on": _iso(extension.requested_on),
            "decided_on": _iso(extension.decided_on),
        },
        "wage_sanction": None if sanction is None else {
            "decided_on": _iso(sanction.decided_on), "starts_on": _iso(sanction.starts_on),
            "ends_on": _iso(sanction.ends_on),
        },
    }  # fmt: skip


def uwv_notification(notification: UwvNotification) -> Document:
    """The data the employer sends to UWV. The 42nd-week notification (Melding langdurig
    arbeidsongeschikt): payroll tax number, BSN, first sick day, the expected duration
    from the doctor's advice, the occupational health service and company doctor,
    whether and how many hours the employee works now, and the contact person. The
    recovery notice: the first day back at work. The report at the end of the
    employment: its last day. A safety-net report says only *that* a safety-net
    provision applies, never which one (R-SICK-1)."""
    case = notification.case
    employee, employer = case.employee, case.employer
    advice = selectors.current_advice(case)
    data: Document = {
        "form": notification.kind,
        "form_label": str(notification.get_kind_display()),
        "due_on": _iso(notification.due_on),
        "employer": {"name": employer.name, "payroll_tax_number": employer.payroll_tax_number},
        "employee": {"name": employee.full_name, "bsn": employee.bsn,
                     "date_of_birth": _iso(employee.date_of_birth)},
        "first_sick_day": _iso(case.first_sick_day),
        "sent": None if notification.sent_on is None else {
            "on": _iso(notification.sent_on), "via": notification.sent_via,
            "reference": notification.reference or None,
        },
    }  # fmt: skip
    if notification.kind == NotificationKind.WEEK_42:
        data["expected_duration"] = None if advice is None else {
            "code": advice.expected_duration,
            "label": str(advice.get_expected_duration_display()),
            "expected_return_on": _iso(advice.expected_return_on),
            "from_advice_of": _iso(advice.advised_on),
        }  # fmt: skip
        data |= _week_42_details(case)
    elif notification.kind == NotificationKind.RECOVERY:
        data["recovered_on"] = _iso(case.closed_on)
    elif notification.kind == NotificationKind.LEFT_SERVICE:
        ends = Employment.objects.filter(
            employee_id=case.employee_id, employer_id=case.employer_id
        ).values_list("end_date", flat=True)
        data["employment_ended_on"] = _iso(max((e for e in ends if e is not None), default=None))
    else:
        data["safety_net_applies"] = True
    return data


def _week_42_details(case: AbsenceCase) -> Document:
    """What UWV asks besides the expected duration (issue 16): who gives occupational
    health care (the service and the employer's company doctor), whether and how many
    hours a week the employee works now, and the employer's contact person (the case
    manager of the plan of action)."""
    service = OccupationalHealthService.objects.order_by("pk").first()
    doctor = (
        DoctorAssignment.objects.filter(employer_id=case.employer_id, since__lte=clock.today())
        .exclude(until__lt=clock.today())
        .select_related("doctor")
        .order_by("since", "pk")
        .first()
    )
    partial = (
        PartialRecovery.objects.filter(report__case=case, report__recovered_on__isnull=True)
        .order_by("-from_date", "-pk")
        .first()
    )
    version = selectors.current_version(selectors.plan_of(case))
    manager = version.case_manager if version is not None else None
    return {
        "occupational_health_service": service.name if service else None,
        "company_doctor": doctor.doctor.get_full_name() if doctor else None,
        "works_now": {
            "works": partial is not None and partial.hours_per_week > 0,
            "hours_per_week": str(partial.hours_per_week) if partial else None,
        },
        "contact_person": None if manager is None else {
            "name": manager.get_full_name() or manager.email, "email": manager.email,
        },
    }  # fmt: skip


def missing_uwv_data(data: Document) -> list[str]:
    """What the employer still has to complete before sending (Dutch, for the page)."""
    missing = []
    if not data["employer"]["payroll_tax_number"]:
        missing.append(_("het loonheffingennummer van de werkgever"))
    if data.get("form") == NotificationKind.WEEK_42 and data.get("expected_duration") is None:
        missing.append(_("de verwachte duur uit het advies van de bedrijfsarts"))
    if data.get("form") == NotificationKind.WEEK_42 and data.get("contact_person") is None:
        missing.append(_("een contactpersoon (de casemanager in het plan van aanpak)"))
    if data.get("form") == NotificationKind.WEEK_42 and data.get("company_doctor") is None:
        missing.append(_("de bedrijfsarts van de werkgever"))
    return missing
