"""Writing absence data. Each function checks the policy, validates against the rules of
R-SICK-1 to R-SICK-7, writes its access event in the same transaction, and refuses bad
input with a Dutch message before anything is saved."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.utils.formats import localize
from django.utils.translation import gettext as _

from poortwachter.absences import events, rules
from poortwachter.absences.models import (
    AbsenceCase,
    AdviceDuration,
    EmergencyInfo,
    ExpectedDuration,
    LateReport,
    LeavePeriod,
    PartialRecovery,
    PublishedAdvice,
    ServiceQueueItem,
    SickReport,
)
from poortwachter.absences.policies import (
    can_administer_leave,
    can_publish_advice,
    can_report_late,
    can_write_report,
    reportable_employees,
)
from poortwachter.absences.selectors import SickReportInput
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core import clock, statements
from poortwachter.core.actor import Actor
from poortwachter.core.aggregates import figures_changed
from poortwachter.core.errors import Forbidden, Refusals, ServiceError, field_errors
from poortwachter.core.roles import Role
from poortwachter.organisations.models import Employee, Employer, Employment
from poortwachter.textguard import refusal_message, validate_no_medical_text
from poortwachter.textguard.address import check_address

#: How far back a first sick day may lie; older reports go through the arbodienst.
MAX_BACKDATE_DAYS = 365
#: The reason HR gives for a report more than a year late (issue 16).
LATE_REASON_MAX = 1000
#: How far ahead a recovery may be reported ("hersteld per maandag").
MAX_RECOVERY_AHEAD_DAYS = 14
_POSTCODE = re.compile(r"^\d{4}\s?[A-Za-z]{2}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{8,18}$")
_HOUSE_NUMBER = re.compile(r"^\d{1,5}\s?[A-Za-z0-9-]{0,6}$")


class ConcurrentChange(ServiceError):
    """Someone changed the report after the user opened it."""


def _contact_refusals(
    refusals: Refusals, *, phone: str | None, care_street: str | None,
    care_house_number: str | None, care_postcode: str | None, care_city: str | None,
    expected_duration: str | None,
) -> None:  # fmt: skip
    if phone is not None and not _PHONE.match(phone.strip()):
        refusals.add("phone", _("Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678."))
    if care_postcode is not None and not _POSTCODE.match(care_postcode.strip()):
        refusals.add("care_postcode", _("Vul een Nederlandse postcode in, bijvoorbeeld 1234 AB."))
    if expected_duration is not None and expected_duration not in ExpectedDuration.values:
        refusals.add("expected_duration", _("Kies een verwachte duur uit de lijst."))
    for field, value in (
        ("care_street", care_street), ("care_house_number", care_house_number),
        ("care_city", care_city),
    ):  # fmt: skip
        if value is not None and not value.strip():
            refusals.add(field, _("Dit veld is verplicht."))
    number = (care_house_number or "").strip()
    if number and not _HOUSE_NUMBER.match(number):
        refusals.add("care_house_number", _("Vul een huisnummer in, bijvoorbeeld 12 of 12-A."))
    # Every text the employer side can write passes the guard, not only the obvious one.
    for field, text in (("care_street", care_street), ("care_city", care_city)):
        if text and (result := check_address(text)).medical:
            refusals.add(field, refusal_message(result))


def sick_report_refusals(
    *,
    employee: Employee,
    first_sick_day: dt.date | None = None,
    phone: str | None = None,
    care_street: str | None = None,
    care_house_number: str | None = None,
    care_postcode: str | None = None,
    care_city: str | None = None,
    expected_duration: str | None = None,
    appointments_and_work: str | None = None,
    late_reason: str | None = None,
    may_report_late: bool = False,
) -> Refusals:
    """Everything wrong with a sick report, all at once (issue 15). A check whose input is
    missing (``None``: the form refused that field already) is skipped. The checks of the
    text alone (``sick_report_text_refusals``) need no database; those of the first sick
    day (``first_day_refusals``) do, and ``sick_report_create`` makes them under the
    employee's lock unless the text was refused already (issue 21). ``may_report_late``:
    HR of the employer may enter a first sick day more than a year back, with
    ``late_reason`` (issue 16)."""
    refusals = sick_report_text_refusals(
        phone=phone, care_street=care_street, care_house_number=care_house_number,
        care_postcode=care_postcode, care_city=care_city,
        expected_duration=expected_duration, appointments_and_work=appointments_and_work,
        late_reason=late_reason,
    )  # fmt: skip
    return first_day_refusals(
        employee=employee, first_sick_day=first_sick_day, late_reason=late_reason,
        may_report_late=may_report_late, refusals=refusals,
    )  # fmt: skip


def sick_report_text_refusals(
    *,
    phone: str | None = None,
    care_street: str | None = None,
    care_house_number: str | None = None,
    care_postcode: str | None = None,
    care_city: str | None = None,
    expected_duration: str | None = None,
    appointments_and_work: str | None = None,
    late_reason: str | None = None,
) -> Refusals:
    """The sick report's checks that need no database: contact details, the free text
    through the medical-text guard, the late reason's length and guard."""
    refusals = Refusals()
    _contact_refusals(
        refusals, phone=phone, care_street=care_street, care_house_number=care_house_number,
        care_postcode=care_postcode, care_city=care_city, expected_duration=expected_duration,
    )  # fmt: skip
    if appointments_and_work:
        refusals.run(lambda: guard_free_text("appointments_and_work", appointments_and_work))
    reason = (late_reason or "").strip()
    if reason:
        if len(reason) > LATE_REASON_MAX:
            too_long = _("Gebruik hooguit %(max)s tekens.") % {"max": LATE_REASON_MAX}
            refusals.add("late_reason", too_long)
        refusals.run(lambda: guard_free_text("late_reason", reason))
    return refusals


def first_day_refusals(
    *,
    employee: Employee,
    first_sick_day: dt.date | None,
    late_reason: str | None = None,
    may_report_late: bool = False,
    refusals: Refusals | None = None,
) -> Refusals:
    """What is wrong with the first sick day, added to ``refusals`` when given: in the
    future, more than a year back (HR of the employer may, with a reason), not employed,
    in or after a period still open."""
    refusals = late_reason_refusals(
        first_sick_day=first_sick_day, late_reason=late_reason,
        may_report_late=may_report_late, refusals=refusals,
    )  # fmt: skip
    if first_sick_day is None:
        return refusals
    message = _first_day_refusal(employee, first_sick_day, may_report_late=may_report_late)
    if message is None:
        last = _last_report(SickReport.objects.filter(employee=employee))
        message = _earlier_period_refusal(last, first_sick_day)
    if message is not None:
        refusals.add("first_sick_day", message)
    return refusals


def late_reason_refusals(
    *,
    first_sick_day: dt.date | None,
    late_reason: str | None = None,
    may_report_late: bool = False,
    refusals: Refusals | None = None,
) -> Refusals:
    """A first sick day more than a year back that HR may enter needs its reason; no
    database needed."""
    refusals = Refusals() if refusals is None else refusals
    reason = (late_reason or "").strip()
    if first_sick_day is not None and may_report_late and is_late(first_sick_day) and not reason:
        refusals.add("late_reason", _(
            "De eerste ziektedag ligt meer dan een jaar terug. Schrijf waarom de ziekmelding "
            "nu pas wordt vastgelegd."
        ))  # fmt: skip
    return refusals


def guard_free_text(field: str, text: str) -> None:
    """R-SICK-3/4: employer-side free text may hold no health information."""
    try:
        validate_no_medical_text(text)
    except ValidationError as error:
        raise ServiceError({field: error.messages}) from None


def guard_address_text(field: str, text: str) -> None:
    result = check_address(text)
    if result.medical:
        raise ServiceError({field: [refusal_message(result)]})


def _employments_on(day: dt.date) -> QuerySet[Employment]:
    return Employment.objects.filter(start_date__lte=day).exclude(end_date__lt=day)


def _employment_on(employee: Employee, day: dt.date) -> Employment | None:
    return _employments_on(day).filter(employee=employee).first()


def is_late(first_sick_day: dt.date) -> bool:
    """Whether a first sick day lies more than a year back (``MAX_BACKDATE_DAYS``)."""
    return first_sick_day < clock.today() - dt.timedelta(days=MAX_BACKDATE_DAYS)


def _first_day_refusal(
    employee: Employee, day: dt.date, employed: bool | None = None, *,
    may_report_late: bool = False,
) -> str | None:  # fmt: skip
    """Why ``day`` cannot be the first sick day; ``employed`` when the caller already
    knows whether the employee was employed that day."""
    today = clock.today()
    if day > today:
        return _("De eerste ziektedag kan niet in de toekomst liggen.")
    if is_late(day) and not may_report_late:
        return _(
            "De eerste ziektedag ligt meer dan een jaar terug. Neem contact op met de "
            "arbodienst om deze melding te verwerken."
        )
    if employed is None:
        employed = _employment_on(employee, day) is not None
    if not employed:
        return _("De werknemer was op die dag niet in dienst.")
    return None


def _last_report(reports) -> SickReport | None:
    return reports.order_by("-first_sick_day", "-pk").first()


def _earlier_period_refusal(last: SickReport | None, first_sick_day: dt.date) -> str | None:
    """Refused when a period is still open or the new one starts in or before the last."""
    if last is None:
        return None
    if last.recovered_on is None:
        return _("Er loopt al een ziekmelding vanaf %(day)s. Meld eerst herstel.") % {
            "day": last.first_sick_day.strftime("%d-%m-%Y")
        }
    if first_sick_day < last.recovered_on:
        return _("Deze datum valt in of voor een eerdere ziekteperiode (hersteld per %(day)s).") % {
            "day": last.recovered_on.strftime("%d-%m-%Y")
        }
    return None


def _case_for(employee: Employee, first_sick_day: dt.date) -> tuple[AbsenceCase | None, int]:
    """The case a new period joins (with the gap it adds), or (None, 0) for a new case."""
    last = _last_report(SickReport.objects.select_for_update().filter(employee=employee))
    if (message := _earlier_period_refusal(last, first_sick_day)) is not None:
        raise field_errors(first_sick_day=message)
    if last is None:
        return None, 0
    assert last.recovered_on is not None  # an open period was refused above
    leave = LeavePeriod.objects.filter(
        employee=employee, end__gte=last.recovered_on, start__lt=first_sick_day
    ).values_list("start", "end")
    gap = rules.gap_days(last.recovered_on, first_sick_day, leave)
    return (last.case, gap) if rules.adds_up(gap) else (None, 0)


def _case_after(
    employee: Employee, first_sick_day: dt.date, last_first_day: dt.date | None,
    last_recovered_on: dt.date | None, leave_in_gap: bool,
) -> tuple[AbsenceCase | None, int]:  # fmt: skip
    """``_case_for`` from the last period's dates, read under the employee's lock: no
    earlier period, or one too long ago with no leave in between, is a new case without
    another statement; a possible relapse (R-SICK-2) reads the last report (locked) and
    the leave as ``_case_for`` does."""
    if last_first_day is None:
        return None, 0
    last = SickReport(first_sick_day=last_first_day, recovered_on=last_recovered_on)
    if (message := _earlier_period_refusal(last, first_sick_day)) is not None:
        raise field_errors(first_sick_day=message)
    assert last_recovered_on is not None  # an open period was refused above
    if leave_in_gap or rules.adds_up(rules.gap_days(last_recovered_on, first_sick_day)):
        return _case_for(employee, first_sick_day)
    return None, 0


def sick_report_create(
    *, actor: Actor, employee: Employee, data: SickReportInput, late_reason: str | None = None
) -> SickReport:
    """A sick report. A first sick day more than a year back only by HR of the employer,
    with a stated reason (``late_reason``, through the medical-text guard; issue 16): the
    timeline then shows the report to the service as late, by its days. ``None`` (the API,
    which has no such field): a report more than a year back is refused as before.
    The medical-text guard always runs here, whoever calls; within a request the texts the
    form's ``clean`` already checked are a look-up (``textguard._memo``, issue 21)."""
    # Checks of the input alone run before the transaction: on SQLite a transaction holds
    # the one write lock from its first statement. They need no database.
    may_report_late = late_reason is not None and can_report_late(actor, employee)
    refusals = sick_report_text_refusals(
        phone=data.phone, care_street=data.care_street,
        care_house_number=data.care_house_number, care_postcode=data.care_postcode,
        care_city=data.care_city, expected_duration=data.expected_duration,
        appointments_and_work=data.appointments_and_work, late_reason=late_reason,
    )  # fmt: skip
    if refusals:
        # Every refusal at once (issue 15): the first sick day too, for whom the actor may
        # report. On the way to a report the transaction checks both (issue 21: three
        # statements fewer than checking them here and again under the lock).
        if not reportable_employees(actor).filter(pk=employee.pk).exists():
            raise Forbidden(_("U mag deze werknemer niet ziek melden."))
        first_day_refusals(
            employee=employee, first_sick_day=data.first_sick_day, late_reason=late_reason,
            may_report_late=may_report_late, refusals=refusals,
        ).raise_if_any()  # fmt: skip
    reason = (late_reason or "").strip()
    if may_report_late and is_late(data.first_sick_day) and not reason:
        first_day_refusals(
            employee=employee, first_sick_day=data.first_sick_day, late_reason=reason,
            may_report_late=True,
        ).raise_if_any()  # fmt: skip
    return _sick_report_store(actor, employee, data, reason if may_report_late else "")


def _locked_row(scope: QuerySet[Employee], first_day: dt.date) -> QuerySet:
    """The sick report's one locked statement on the employee the actor may report
    (``scope``, from the policy): whether they were employed on ``first_day``, their last
    period, leave, a loose advice, whether the employer has webhooks and the end of the
    employment (see ``_sick_report_store``)."""
    own = {"employee": OuterRef("pk")}
    last = SickReport.objects.filter(**own).order_by("-first_sick_day", "-pk")
    return (
        scope.select_for_update()
        .annotate(
            employed=Exists(_employments_on(first_day).filter(**own)),
            last_first_day=Subquery(last.values("first_sick_day")[:1]),
            last_recovered_on=Subquery(last.values("recovered_on")[:1]),
            leave=Exists(LeavePeriod.objects.filter(**own, end__gte=first_day)),
            leave_in_gap=Exists(
                LeavePeriod.objects.filter(
                    **own, end__gte=OuterRef("last_recovered_on"), start__lt=first_day
                )
            ),
            loose_advice=Exists(
                PublishedAdvice.objects.filter(**own, case__isnull=True, advised_on__gte=first_day)
            ),
            webhooks=Subquery(
                Employer.objects.filter(pk=OuterRef("employer_id")).values("has_webhooks")[:1]
            ),
            # NULL first: one open-ended contract makes the employment open-ended.
            employment_ends=Subquery(
                Employment.objects.filter(**own, employer_id=OuterRef("employer_id"))
                .order_by(F("end_date").desc(nulls_first=True))
                .values("end_date")[:1]
            ),
        )
        .values_list(
            "employed", "last_first_day", "last_recovered_on", "leave_in_gap", "webhooks",
            "leave", "loose_advice", "employment_ends",
        )
    )  # fmt: skip


@transaction.atomic
def _sick_report_store(
    actor: Actor, employee: Employee, data: SickReportInput, late_reason: str = ""
) -> SickReport:
    # One statement checks the actor may report this person, locks them (two reports for
    # the same person are serialised), says whether they were employed on the first sick
    # day, and reads their last period (relapse, R-SICK-2), what a new case's first tasks
    # need to know and whether the employer has webhooks (issue 21: before, the last
    # period, the task sync's reads and the webhook query were statements of their own).
    first_day = data.first_sick_day
    # The statement's SQL is Django's, compiled once per shape of the actor's scope; the
    # scope itself is the policy's queryset, compiled on every call (core.statements).
    scope = reportable_employees(actor).select_for_update().filter(pk=employee.pk)
    row = statements.first_row(
        "sick_report_lock", scope, _locked_row,
        value=first_day, other=first_day + dt.timedelta(days=1),
        adapt="adapt_datefield_value",
    )  # fmt: skip
    if row is None:
        raise Forbidden(_("U mag deze werknemer niet ziek melden."))
    employed, last_first_day, last_recovered_on, leave_in_gap, webhooks, *known = row
    message = _first_day_refusal(employee, first_day, employed, may_report_late=bool(late_reason))
    if message is not None:
        raise field_errors(first_sick_day=message)
    case, gap = _case_after(employee, first_day, last_first_day, last_recovered_on, leave_in_gap)
    opens = case is None
    if case is None:
        case = AbsenceCase.objects.create(
            employer_id=employee.employer_id, employee=employee,
            first_sick_day=data.first_sick_day,
        )  # fmt: skip
    else:
        AbsenceCase.objects.filter(pk=case.pk).update(gap_days=F("gap_days") + gap, closed_on=None)
    try:
        # No savepoint: a refused insert ends the whole service's transaction anyway.
        with transaction.atomic(savepoint=False):
            report = SickReport.objects.create(
                case=case, employer_id=employee.employer_id, employee=employee,
                reported_at=clock.now(), reported_by_id=actor.user_id,
                **{k: (v.strip() if isinstance(v, str) else v) for k, v in data.__dict__.items()},
            )  # fmt: skip
    except IntegrityError:
        message = _("Er loopt al een ziekmelding voor deze werknemer.")
        raise field_errors(first_sick_day=message) from None
    if late_reason and is_late(data.first_sick_day):
        LateReport.objects.create(
            report=report, employer_id=employee.employer_id, employee=employee,
            reason=late_reason,
        )  # fmt: skip
    ServiceQueueItem.objects.create(report=report, employer_id=employee.employer_id)
    figures_changed(employee.employer_id)  # the cached statistics, after commit (issue 21)
    # Notifications and the case's first tasks, in this transaction (issue 19).
    opened = events.OpenedCase(report, *known) if opens else None
    events.sick_reported(report, actor, opened=opened, webhooks=bool(webhooks))
    # One INSERT, no lock (issue 21): the sealer chains it after the commit.
    audit_record(
        actor=actor, action=Action.CREATE, target=report, employer_id=employee.employer_id,
        subject_employee_id=employee.pk,
        details={"case_id": case.pk, "joined_case": gap > 0, "late": bool(late_reason)},
    )  # fmt: skip
    return report


def _locked_update(report: SickReport, version: int, **changes) -> None:
    updated = SickReport.objects.filter(pk=report.pk, version=version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise ConcurrentChange(
            _("Iemand anders heeft deze ziekmelding intussen gewijzigd. Laad de pagina "
              "opnieuw en controleer de gegevens voordat u het nog eens probeert.")
        )  # fmt: skip
    figures_changed(report.employer_id)  # recovery, partial recovery, edits (issue 21)


@transaction.atomic
def recovery_report(
    *, actor: Actor, report: SickReport, recovered_on: dt.date, version: int
) -> SickReport:
    """Full recovery: ``recovered_on`` is the first day back at work."""
    if not can_write_report(actor, report):
        raise Forbidden(_("U mag voor deze werknemer geen herstel melden."))
    if report.recovered_on is not None:
        raise field_errors(recovered_on=_("Voor deze ziekmelding is al herstel gemeld."))
    if recovered_on <= report.first_sick_day:
        raise field_errors(recovered_on=_("De hersteldatum moet na de eerste ziektedag liggen."))
    if recovered_on > clock.today() + dt.timedelta(days=MAX_RECOVERY_AHEAD_DAYS):
        raise field_errors(recovered_on=_("Herstel kunt u hooguit twee weken vooruit melden."))
    last_partial = report.partials.order_by("-from_date").first()
    if last_partial and recovered_on <= last_partial.from_date:
        message = _("De hersteldatum moet na het laatste gedeeltelijk herstel liggen.")
        raise field_errors(recovered_on=message)
    _locked_update(report, version, recovered_on=recovered_on, recovery_reported_at=clock.now())
    AbsenceCase.objects.filter(pk=report.case_id).update(closed_on=recovered_on)
    report.refresh_from_db()
    events.recovered(report, actor)
    audit_record(
        actor=actor, action=Action.UPDATE, target=report, employer_id=report.employer_id,
        subject_employee_id=report.employee_id, details={"change": "recovery"},
    )  # fmt: skip
    report.refresh_from_db()
    return report


def partial_recovery_refusals(
    *, report: SickReport, from_date: dt.date | None = None,
    hours_per_week: Decimal | None = None,
) -> Refusals:  # fmt: skip
    """Everything wrong with a partial recovery, all at once (issue 15); a check whose
    input is missing (``None``) is skipped."""
    refusals = Refusals()
    if report.recovered_on is not None:
        refusals.add("from_date", _("Deze ziekmelding is al afgesloten met volledig herstel."))
    elif from_date is not None:
        if from_date <= report.first_sick_day:
            refusals.add(
                "from_date", _("Gedeeltelijk herstel moet na de eerste ziektedag beginnen.")
            )
        elif from_date > clock.today() + dt.timedelta(days=MAX_RECOVERY_AHEAD_DAYS):
            refusals.add("from_date", _("Herstel kunt u hooguit twee weken vooruit melden."))
        elif report.partials.filter(from_date=from_date).exists():
            refusals.add("from_date", _("Op deze datum is al gedeeltelijk herstel gemeld."))
    if hours_per_week is not None:
        employment = _employment_on(report.employee, from_date or clock.today())
        contract_hours = employment.hours_per_week if employment else Decimal(40)
        if not Decimal(0) < hours_per_week < contract_hours:
            refusals.add(
                "hours_per_week",
                _(
                    "Vul het aantal uren in dat de werknemer per week werkt: meer dan 0 en "
                    "minder dan de %(hours)s contracturen. Bij volledig werken meldt u "
                    "volledig herstel."
                )
                % {"hours": _hours(contract_hours)},
            )
    return refusals


def _hours(hours: Decimal) -> str:
    """Contract hours as a Dutch reader writes them: "28", "28,5" (issue 15)."""
    whole = hours == hours.to_integral()
    return localize(hours.quantize(Decimal(1)) if whole else hours)


@transaction.atomic
def partial_recovery_record(
    *, actor: Actor, report: SickReport, from_date: dt.date, hours_per_week: Decimal, version: int
) -> PartialRecovery:
    """Partial return to work, in hours actually worked (never a percentage: R-INC-1)."""
    if not can_write_report(actor, report):
        raise Forbidden(_("U mag voor deze werknemer geen herstel melden."))
    partial_recovery_refusals(
        report=report, from_date=from_date, hours_per_week=hours_per_week
    ).raise_if_any()
    _locked_update(report, version)
    partial = PartialRecovery.objects.create(
        report=report, from_date=from_date, hours_per_week=hours_per_week,
        recorded_by_id=actor.user_id,
    )  # fmt: skip
    events.partially_recovered(report)
    audit_record(
        actor=actor, action=Action.UPDATE, target=report, employer_id=report.employer_id,
        subject_employee_id=report.employee_id, details={"change": "partial_recovery"},
    )  # fmt: skip
    return partial


@transaction.atomic
def emergency_info_set(
    *, actor: Actor, employee: Employee, text: str, visible_to_manager: bool,
    visible_to_hr: bool, tell_colleagues: str = "",
) -> EmergencyInfo:  # fmt: skip
    """R-SICK-7: only the employee records it, in their own words, by their own choice."""
    if employee.pk not in actor.employee_ids:
        raise Forbidden(_("Alleen de werknemer zelf legt noodinformatie vast."))
    text = text.strip()
    if not text:
        message = _("Schrijf op wat collega's moeten weten of doen, of trek de informatie in.")
        raise field_errors(text=message)
    info, _created = EmergencyInfo.objects.update_or_create(
        employee=employee,
        defaults={
            "employer_id": employee.employer_id, "text": text,
            "visible_to_manager": visible_to_manager, "visible_to_hr": visible_to_hr,
            "tell_colleagues": tell_colleagues.strip(), "consent_given_at": clock.now(),
            "withdrawn_at": None,
        },
    )  # fmt: skip
    audit_record(
        actor=actor, action=Action.UPDATE, target=info, employer_id=employee.employer_id,
        subject_employee_id=employee.pk, purpose="consent_emergency_info",
        details={"manager": visible_to_manager, "hr": visible_to_hr},
    )  # fmt: skip
    return info


@transaction.atomic
def emergency_info_withdraw(*, actor: Actor, employee: Employee) -> None:
    if employee.pk not in actor.employee_ids:
        raise Forbidden(_("Alleen de werknemer zelf trekt noodinformatie in."))
    info = EmergencyInfo.objects.filter(employee=employee, withdrawn_at__isnull=True).first()
    if info is None:
        return
    info.text, info.tell_colleagues, info.withdrawn_at = "", "", clock.now()
    info.save(update_fields=["text", "tell_colleagues", "withdrawn_at", "updated_at"])
    events.emergency_info_withdrawn(info, actor)
    audit_record(
        actor=actor, action=Action.DELETE, target=info, employer_id=employee.employer_id,
        subject_employee_id=employee.pk, purpose="consent_withdrawn",
    )  # fmt: skip


@transaction.atomic
def leave_period_record(
    *, actor: Actor, employee: Employee, start: dt.date, end: dt.date
) -> LeavePeriod:
    """HR records that a pregnancy/maternity leave exists, never why."""
    if not can_administer_leave(actor, employee):
        raise Forbidden(_("Alleen HR legt verlof vast."))
    if end < start:
        raise field_errors(end=_("Het einde van het verlof ligt voor het begin."))
    if LeavePeriod.objects.filter(employee=employee, start__lte=end, end__gte=start).exists():
        raise field_errors(start=_("Deze periode overlapt met verlof dat al is vastgelegd."))
    leave = LeavePeriod.objects.create(
        employer_id=employee.employer_id, employee=employee, start=start, end=end
    )
    figures_changed(employee.employer_id)
    audit_record(
        actor=actor, action=Action.CREATE, target=leave, employer_id=employee.employer_id,
        subject_employee_id=employee.pk,
    )  # fmt: skip
    return leave


@transaction.atomic
def queue_item_handle(*, actor: Actor, item: ServiceQueueItem) -> None:
    """The occupational health service marks a new report as picked up."""
    if not actor.has_role(Role.DOCTOR, Role.ASSISTANT):
        raise Forbidden
    if item.handled_at is None:
        item.handled_at, item.handled_by_id = clock.now(), actor.user_id
        item.save(update_fields=["handled_at", "handled_by", "updated_at"])
        audit_record(
            actor=actor, action=Action.UPDATE, target=item, employer_id=item.employer_id,
            subject_employee_id=item.report.employee_id, details={"change": "handled"},
        )  # fmt: skip


# --- the company doctor's advice (R-DOC-1) --------------------------------------------

#: The advice's free-text fields: each passes the medical-text guard.
ADVICE_TEXT_FIELDS = (
    "work_possible", "work_not_possible", "implications_for_work", "adjustments_advice",
)  # fmt: skip
#: Of those, the ones an advice cannot do without: what work can and cannot be done.
ADVICE_REQUIRED_FIELDS = ("work_possible", "work_not_possible")
ADVICE_TEXT_MAX = 4000


@dataclass(frozen=True)
class AdviceInput:
    """Exactly the R-DOC-1 items, as the medical module passes them."""

    advised_on: dt.date
    work_possible: str
    work_not_possible: str
    implications_for_work: str
    expected_duration: str
    incapacity_percentage: int
    adjustments_advice: str
    expected_return_on: dt.date | None = None


def _advice_errors(data: AdviceInput) -> dict[str, list[str]]:
    """Every refusal at once, per field, so the doctor can fix them in one go."""
    errors: dict[str, list[str]] = {}
    for field in ADVICE_TEXT_FIELDS:
        text = getattr(data, field).strip()
        if field in ADVICE_REQUIRED_FIELDS and not text:
            errors[field] = [_("Dit veld is verplicht.")]
        elif len(text) > ADVICE_TEXT_MAX:
            errors[field] = [_("Gebruik hooguit %(max)s tekens.") % {"max": ADVICE_TEXT_MAX}]
        else:
            try:
                validate_no_medical_text(text, profile="advice")
            except ValidationError as error:
                errors[field] = error.messages
    percentage = data.incapacity_percentage
    is_whole = isinstance(percentage, int) and not isinstance(percentage, bool)
    if not is_whole or not 0 <= percentage <= 100:
        errors["incapacity_percentage"] = [
            _("Het arbeidsongeschiktheidspercentage is een geheel getal van 0 tot en met 100.")
        ]
    if data.expected_duration not in AdviceDuration.values:
        errors["expected_duration"] = [_("Kies een verwachte duur uit de lijst.")]
    if data.advised_on > clock.today():
        errors["advised_on"] = [_("De datum van het advies kan niet in de toekomst liggen.")]
    if data.expected_return_on is not None and data.expected_return_on < data.advised_on:
        errors["expected_return_on"] = [
            _("De verwachte datum van werkhervatting ligt voor de datum van het advies.")
        ]
    return errors


def _dutch_day(day: dt.date) -> str:
    return f"{day.day}-{day.month}-{day.year}"


def _current_advice(employee: Employee) -> PublishedAdvice | None:
    return (
        PublishedAdvice.objects.filter(employee=employee, superseded_by__isnull=True)
        .order_by("-published_at", "-pk")
        .first()
    )


@transaction.atomic
def advice_publish(
    *, actor: Actor, employee: Employee, data: AdviceInput, source_ref: str
) -> PublishedAdvice:
    """The doctor's advice reaches the employer side: the only path from doctor to
    employer (DESIGN.md boundary 1). Called by the medical module; supersedes the
    employee's previous advice and joins their open absence case, if any."""
    doctor_id = actor.user_id
    if doctor_id is None or not can_publish_advice(actor, employee):
        raise Forbidden(_("Alleen een bedrijfsarts van deze werkgever publiceert een advies."))
    source_ref = source_ref.strip()
    if not source_ref or len(source_ref) > 64:
        raise field_errors(source_ref=_("Een advies heeft een kenmerk van 1 tot 64 tekens."))
    if errors := _advice_errors(data):
        raise ServiceError(errors)
    if PublishedAdvice.objects.filter(source_ref=source_ref).exists():
        raise field_errors(source_ref=_("Dit advies is al gepubliceerd."))
    Employee.objects.select_for_update().filter(pk=employee.pk).first()  # serialise per person
    case = (
        AbsenceCase.objects.filter(employee=employee, closed_on__isnull=True)
        .order_by("-first_sick_day", "-pk")
        .first()
    )
    fields = {name: getattr(data, name) for name in AdviceInput.__dataclass_fields__}
    fields.update({name: fields[name].strip() for name in ADVICE_TEXT_FIELDS})
    current = _current_advice(employee)
    if current is not None and data.advised_on < current.advised_on:
        # The newest publication is the advice in force everywhere; dated earlier than
        # the one it replaces, the employer's file would order them the other way round.
        raise field_errors(
            advised_on=_("Er is al een gepubliceerd advies van %(day)s. Een nieuw advies "
                         "kan niet eerder gedateerd zijn; geef de datum van vandaag of van "
                         "na %(day)s.") % {"day": _dutch_day(current.advised_on)}
        )  # fmt: skip
    try:
        with transaction.atomic():
            advice = PublishedAdvice.objects.create(
                employer_id=employee.employer_id, employee=employee, case=case,
                doctor_id=doctor_id, published_at=clock.now(), source_ref=source_ref,
                supersedes=current, **fields,
            )  # fmt: skip
    except IntegrityError:
        raise field_errors(source_ref=_("Dit advies is al gepubliceerd.")) from None
    figures_changed(employee.employer_id)  # the incapacity fraction of the statistics
    events.advice_published(advice, actor)
    audit_record(
        actor=actor, action=Action.CREATE, target=advice, employer_id=employee.employer_id,
        subject_employee_id=employee.pk, purpose="occupational_health",
        details={"case_id": case.pk if case else None,
                 "supersedes_id": advice.supersedes_id},
    )  # fmt: skip
    return advice
