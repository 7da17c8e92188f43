"""Reads of the medical file, decrypted for the medical roles only. Nothing here is
called from the employer side (import-linter forbids it).

The functions that take ``*, actor`` are the pages' reads: they fetch through
``policies`` (not found outside the actor's scope) and record the read in the medical
module's own log (``log.medical_record``), never in the employer's access log.
"""

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page
from django.db.models import Exists, Max, Min, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from poortwachter.absences.models import AbsenceCase, PublishedAdvice
from poortwachter.audit.models import Action
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden
from poortwachter.core.pages import PageRequest, page_of
from poortwachter.core.roles import Role
from poortwachter.medical import policies
from poortwachter.medical.log import medical_record
from poortwachter.medical.models import (
    Advice,
    AgendaHours,
    AgendaSlot,
    Appointment,
    AppointmentState,
    Consultation,
    CopyRequest,
    CorrectableEntry,
    Delegation,
    Diagnosis,
    Document,
    FunctionalAbilities,
    IncapacityAssessment,
    MedicalFile,
    ProblemAnalysis,
    Treatment,
    WorkingNote,
)
from poortwachter.medical.policies import Access
from poortwachter.organisations.models import Employee, Employment
from poortwachter.reintegration.models import ConsultationAppointment

#: The week-6 problem analysis (DOMAIN.md section 1).
PROBLEM_ANALYSIS_DAY = 42

#: The six sections of UWV's functional ability list (FML).
FML_SECTIONS = (
    ("personal", _("I. Persoonlijk functioneren")),
    ("social", _("II. Sociaal functioneren")),
    ("environment", _("III. Aanpassing aan fysieke omgevingseisen")),
    ("dynamic", _("IV. Dynamische handelingen")),
    ("static", _("V. Statische houdingen")),
    ("hours", _("VI. Werktijden")),
)

#: Advice form fields and the encrypted draft fields that hold them.
ADVICE_FIELDS = {
    "work_possible": "work_possible",
    "work_not_possible": "work_not_possible",
    "implications_for_work": "implications",
    "expected_duration": "expected_duration",
    "expected_return_on": "expected_return",
    "incapacity_percentage": "incapacity_percentage",
    "adjustments_advice": "adjustments",
}


#: The dates of each part of the file that say when something happened (a consultation,
#: an assessment, ...): never after today, never before the employment began. A
#: treatment may have run before the employment, so its dates are bounded by birth.
EVENT_DATES: dict[str, tuple[str, ...]] = {
    "consult": ("held_on",),
    "diagnose": ("recorded_on",),
    "probleemanalyse": ("drawn_up_on",),
    "belastbaarheid": ("assessed_on",),
    "arbeidsongeschiktheid": ("assessed_on",),
    "document": ("received_on",),
    "advice": ("advised_on",),
}
SINCE_BIRTH_DATES: dict[str, tuple[str, ...]] = {"behandeling": ("started_on", "ended_on")}


def _day(value: dt.date) -> str:
    return f"{value.day}-{value.month}-{value.year}"


def employment_start(employee: Employee) -> dt.date | None:
    """The first day of the employee's (earliest) employment with this employer."""
    return Employment.objects.filter(employee=employee).aggregate(first=Min("start_date"))["first"]


def entry_date_errors(employee: Employee, kind: str, data: dict[str, Any]) -> dict[str, list[str]]:
    """Dates that cannot be: in the future, or before the employee worked here (before
    they were born, for the start of a treatment). Every one at once, per field."""
    today = clock.today()
    start = employment_start(employee)
    errors: dict[str, list[str]] = {}
    for name in EVENT_DATES.get(kind, ()) + SINCE_BIRTH_DATES.get(kind, ()):
        value = data.get(name)
        if not isinstance(value, dt.date):
            continue
        if value > today:
            errors[name] = [
                _("Deze datum ligt in de toekomst. Vul de datum in waarop het gebeurde: "
                  "uiterlijk vandaag (%(today)s).") % {"today": _day(today)}
            ]  # fmt: skip
        elif name in SINCE_BIRTH_DATES.get(kind, ()):
            if value < employee.date_of_birth:
                errors[name] = [
                    _("Deze datum ligt voor de geboortedatum van de werknemer (%(day)s). "
                      "Controleer het jaar.") % {"day": _day(employee.date_of_birth)}
                ]  # fmt: skip
        elif start is not None and value < start:
            errors[name] = [
                _("Deze datum ligt voor de indiensttreding bij %(employer)s (%(day)s). "
                  "Controleer het jaar.") % {"employer": employee.employer.name, "day": _day(start)}
            ]  # fmt: skip
    return errors


def _decrypted(entry, *names: str) -> dict[str, Any]:
    return {name: entry.decrypt(name) for name in names}


def _fml(entry: FunctionalAbilities) -> dict[str, Any]:
    raw = entry.decrypt("sections")
    sections = json.loads(raw) if raw else {}
    return {
        "capabilities": entry.decrypt("capabilities"),
        "sections": [
            {"label": label, **sections.get(code, {"limited": False, "note": ""})}
            for code, label in FML_SECTIONS
        ],
    }


@dataclass
class FileView:
    consultations: list[dict] = field(default_factory=list)
    diagnoses: list[dict] = field(default_factory=list)
    treatments: list[dict] = field(default_factory=list)
    analyses: list[dict] = field(default_factory=list)
    abilities: list[dict] = field(default_factory=list)
    incapacity: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    #: Every advice of the file as the doctor wrote it (drafts and published; the copy).
    advices: list[dict] = field(default_factory=list)
    #: The advices as the employer side holds them (``absences.PublishedAdvice``), newest
    #: first, each annotated ``is_current``: exactly what HR, the manager and the
    #: employee see. ``current_advice`` is the one in force.
    published_advices: list[PublishedAdvice] = field(default_factory=list)
    current_advice: PublishedAdvice | None = None
    #: Drafts: the doctor's own, never seen by the employer or the employee.
    draft_advices: list[dict] = field(default_factory=list)
    working_notes: list[dict] = field(default_factory=list)
    delegations: list[Delegation] = field(default_factory=list)
    #: The employee's open absence case, and when the employer's file counts its problem
    #: analysis as done (the first advice published for it), so the doctor sees what
    #: HR sees.
    open_case: AbsenceCase | None = None
    problem_analysis_published_on: dt.date | None = None
    copies: list[CopyRequest] = field(default_factory=list)


#: The encrypted content of each correctable part of the file (FML has its own shape).
CONTENT_FIELDS: dict[type, tuple[str, ...]] = {
    Consultation: ("notes",),
    Diagnosis: ("complaints", "diagnosis", "cas_code"),
    Treatment: ("description", "practitioner"),
    ProblemAnalysis: ("analysis",),
    IncapacityAssessment: ("percentage", "explanation"),
}


def _item(entry: CorrectableEntry) -> dict[str, Any]:
    content = (
        _fml(entry)
        if isinstance(entry, FunctionalAbilities)
        else _decrypted(entry, *CONTENT_FIELDS[type(entry)])
    )
    return {"entry": entry, **content, "correction_reason": entry.decrypt("correction_reason")}


def _versions(access: Access, kind: str, model: type[CorrectableEntry]) -> list[dict[str, Any]]:
    """The current version of each part, newest first, each with ``history``: the
    versions it corrected, newest first (who, when, why and the old content)."""
    rows = list(model._default_manager.filter(file=access.file))
    by_pk: dict[Any, CorrectableEntry] = {row.pk: row for row in rows}
    corrected = {row.supersedes_id for row in rows if row.supersedes_id}
    items = []
    for row in rows:
        if row.pk in corrected:
            continue
        item, history, earlier = _item(row), [], by_pk.get(row.supersedes_id)
        while earlier is not None:
            history.append(_item(earlier))
            earlier = by_pk.get(earlier.supersedes_id)
        item["history"] = history
        item["may_correct"] = policies.can_correct_entry(access, kind, row)
        items.append(item)
    return items


def _name_authors(items: Iterable[dict[str, Any]]) -> None:
    """Who wrote each version, by name (users live in the main database)."""
    every = [i for item in items for i in (item, *item.get("history", ()))]
    ids = {i["entry"].author_id for i in every} | {
        i["entry"].on_behalf_of_id for i in every if i["entry"].on_behalf_of_id
    }
    names = {
        user.pk: user.get_full_name() or user.email
        for user in get_user_model().objects.filter(pk__in=ids)
    }
    for i in every:
        i["author"] = names.get(i["entry"].author_id, "")
        i["on_behalf_of"] = names.get(i["entry"].on_behalf_of_id, "")


def file_view(access: Access, *, with_working_notes: bool = True) -> FileView:
    """The whole file, decrypted: the current version of every part with the versions
    it corrected. Personal working notes only for their author, and never when
    ``with_working_notes`` is off (the employee's copy)."""
    view = FileView()
    view.open_case = (
        AbsenceCase.objects.filter(employee_id=access.employee.pk, closed_on__isnull=True)
        .order_by("-first_sick_day", "-pk")
        .first()
    )
    if view.open_case is not None:
        first = _first_advice_per_case([view.open_case])
        view.problem_analysis_published_on = first.get(view.open_case.pk)
    view.published_advices = list(published_advices_of(access.employee.pk))
    view.current_advice = next(
        (a for a in view.published_advices if getattr(a, "is_current", False)), None
    )
    file = access.file
    if file is None:
        return view
    view.consultations = _versions(access, "consult", Consultation)
    view.diagnoses = _versions(access, "diagnose", Diagnosis)
    view.treatments = _versions(access, "behandeling", Treatment)
    view.analyses = _versions(access, "probleemanalyse", ProblemAnalysis)
    view.abilities = _versions(access, "belastbaarheid", FunctionalAbilities)
    view.incapacity = _versions(access, "arbeidsongeschiktheid", IncapacityAssessment)
    _name_authors(
        [*view.consultations, *view.diagnoses, *view.treatments, *view.analyses,
         *view.abilities, *view.incapacity]
    )  # fmt: skip
    for doc in Document.objects.filter(file=file).defer("data_enc"):
        view.documents.append({"entry": doc, "title": doc.decrypt("title")})
    for a in Advice.objects.filter(file=file):
        view.advices.append({"entry": a, **_decrypted(a, *Advice.ENCRYPTED_FIELDS)})
    for a in Advice.objects.filter(file=file, published_at__isnull=True):
        view.draft_advices.append({"entry": a, **advice_data(a)})
    if with_working_notes and access.actor.user_id is not None:
        notes = WorkingNote.objects.filter(file=file, author_id=access.actor.user_id)
        view.working_notes = [{"entry": n, **_decrypted(n, "text")} for n in notes]
    view.delegations = list(Delegation.objects.filter(file=file).order_by("-since"))
    view.copies = list(CopyRequest.objects.filter(file=file))
    return view


def published_advices_of(employee_id: int) -> QuerySet[PublishedAdvice]:
    """The employee's advices as published to the employer side, newest first; the one
    no newer advice supersedes is ``is_current``, by the same rule the employer's pages
    use (``absences.policies.advices_visible_to``)."""
    newer = PublishedAdvice.objects.filter(supersedes=OuterRef("pk"))
    return (
        PublishedAdvice.objects.filter(employee_id=employee_id)
        .annotate(is_current=~Exists(newer))
        .select_related("doctor")
        .order_by("-published_at", "-pk")
    )


@dataclass(frozen=True)
class CaseloadRow:
    case: AbsenceCase
    week: int
    problem_analysis_due: dt.date
    has_file: bool
    #: The first advice published for this case: what the employer's file counts as the
    #: problem analysis (``reintegration.selectors.problem_analysis_on``).
    problem_analysis_published_on: dt.date | None
    #: The doctor's own (medical) problem analysis for this case, if recorded.
    medical_analysis_on: dt.date | None
    last_consultation: dt.date | None

    @property
    def has_problem_analysis(self) -> bool:
        return self.problem_analysis_published_on is not None


def open_cases(actor: Actor) -> QuerySet[AbsenceCase]:
    """The open absence cases in the actor's caseload, oldest first."""
    return (
        policies.caseload_cases_for(actor)
        .select_related("employee", "employer")
        .only(
            "employee", "employer__name", "first_sick_day",
            "employee__first_name", "employee__name_prefix", "employee__last_name",
        )
        .order_by("first_sick_day", "pk")
    )  # fmt: skip


def _first_advice_per_case(cases: list[AbsenceCase]) -> dict[int, dt.date]:
    """The first published advice of each (open) case, by the rule of the employer's
    file: advices joined to the case, and those published while no case was open that
    fall on or after its first sick day. One query, however many cases."""
    first: dict[int, dt.date] = {}
    by_employee: dict[int, list[AbsenceCase]] = {}
    for case in cases:
        by_employee.setdefault(case.employee_id, []).append(case)
    advices = PublishedAdvice.objects.filter(employee_id__in=list(by_employee)).values_list(
        "employee_id", "case_id", "advised_on"
    )
    for employee_id, case_id, advised_on in advices:
        for case in by_employee[employee_id]:
            joined = case_id == case.pk
            loose = case_id is None and advised_on >= case.first_sick_day
            if (joined or loose) and (case.pk not in first or advised_on < first[case.pk]):
                first[case.pk] = advised_on
    return first


def caseload_rows(cases: Iterable[AbsenceCase]) -> list[CaseloadRow]:
    """What the doctor needs next for each case (one page of ``open_cases``): three
    queries on the medical database and one on the main one, however many cases. Only
    the current version of a corrected entry counts, and never a date after today."""
    cases_list = list(cases)
    files = dict(
        MedicalFile.objects.filter(employee_id__in=[c.employee_id for c in cases_list]).values_list(
            "employee_id", "pk"
        )
    )
    today = clock.today()
    last_consult = dict(
        Consultation.objects.filter(
            file_id__in=files.values(), superseded_by__isnull=True, held_on__lte=today
        )
        .values("file_id").annotate(last=Max("held_on")).values_list("file_id", "last")
    )  # fmt: skip
    analyses: dict[Any, list[dt.date]] = {}  # by file id
    for analysed_file, day in ProblemAnalysis.objects.filter(
        file_id__in=files.values(), superseded_by__isnull=True
    ).values_list("file_id", "drawn_up_on"):
        analyses.setdefault(analysed_file, []).append(day)
    published = _first_advice_per_case(cases_list)
    rows = []
    for case in cases_list:
        file_id = files.get(case.employee_id)
        in_case = [d for d in analyses.get(file_id, []) if d >= case.first_sick_day]
        rows.append(
            CaseloadRow(
                case=case,
                week=(today - case.first_sick_day).days // 7 + 1,
                problem_analysis_due=case.first_sick_day + dt.timedelta(days=PROBLEM_ANALYSIS_DAY),
                has_file=file_id is not None,
                problem_analysis_published_on=published.get(case.pk),
                medical_analysis_on=max(in_case, default=None),
                last_consultation=last_consult.get(file_id) if file_id is not None else None,
            )
        )
    return rows


def caseload_search(*, actor: Actor, page: PageRequest) -> Page:
    """One page of the caseload; its ``object_list`` holds the ``CaseloadRow``s. The
    employees on the page are recorded as read."""
    shown = page_of(open_cases(actor), page)
    rows = caseload_rows(shown)
    shown.object_list = rows
    medical_record(
        actor=actor, action=Action.READ, purpose="caseload",
        details={"employee_ids": [row.case.employee_id for row in rows]},
    )  # fmt: skip
    return shown


def _record_read(access: Access, what: str) -> None:
    """A read of (part of) the file: the file page, a form that names the employee, a
    document."""
    employee = access.employee
    medical_record(
        actor=access.actor, action=Action.READ, file=access.file, employee_id=employee.pk,
        employer_id=employee.employer_id, details={"what": what},
    )  # fmt: skip


def file_get(*, actor: Actor, employee_id: int) -> tuple[Access, FileView]:
    """The whole file of one employee, decrypted, recorded as a read."""
    access = policies.get_access_for(actor, employee_id)
    view = file_view(access)
    _record_read(access, "file")
    return access, view


def file_access_get(
    *, actor: Actor, employee_id: int, what: str, may: Callable[[Access], bool] | None = None
) -> Access:
    """The access a form page works with. The page names the employee, so it is recorded
    as a read of ``what``; refused before anything is recorded where ``may`` says no."""
    access = policies.get_access_for(actor, employee_id, may=may)
    _record_read(access, what)
    return access


def assistant_choices() -> QuerySet:
    """The users a doctor may delegate a file to (the assistant role; R-ACC-1)."""
    return get_user_model().objects.filter(role_assignments__role=Role.ASSISTANT).distinct()


def document_get(
    *, actor: Actor, employee_id: int, document_id: uuid.UUID
) -> tuple[Document, bytes]:
    """A specialist's document and its decrypted content, recorded as a read."""
    access = policies.get_access_for(actor, employee_id)
    document = policies.get_document_for(access, document_id)
    content = document.decrypt_bytes("data") or b""
    medical_record(
        actor=access.actor, action=Action.READ, file=access.file, target=document,
        details={"what": "document"},
    )  # fmt: skip
    return document, content


def stored_date(value: str | None) -> dt.date | None:
    """A date sealed in a draft: ISO 8601, or (drafts saved before issue 15) the same
    JSON-encoded, with quotes around it."""
    if not value:
        return None
    return dt.date.fromisoformat(value.strip().strip('"'))


def advice_data(advice: Advice) -> dict[str, Any]:
    """The draft as form data, decrypted; the expected return date as a date."""
    data: dict[str, Any] = {"advised_on": advice.advised_on}
    for form_name, stored in ADVICE_FIELDS.items():
        data[form_name] = advice.decrypt(stored) or ""
    data["expected_return_on"] = stored_date(data["expected_return_on"])
    return data


@dataclass(frozen=True)
class AdviceDraft:
    access: Access
    advice: Advice | None  # None: a new advice
    initial: dict[str, Any]
    #: The employee's open case has no published advice yet: this one will count as the
    #: problem analysis in the employer's file.
    first_for_case: bool = False


def advice_draft_get(*, actor: Actor, employee_id: int, advice_id: uuid.UUID | None) -> AdviceDraft:
    """The doctor's advice form: a draft (or a new one) as initial data, recorded as a
    read. A published advice is not found: it no longer changes."""
    access = policies.get_access_for(actor, employee_id, may=policies.can_publish_advice)
    advice = None if advice_id is None else policies.get_draft_advice_for(access, advice_id)
    initial = advice_data(advice) if advice else {"advised_on": clock.today()}
    case = (
        AbsenceCase.objects.filter(employee_id=access.employee.pk, closed_on__isnull=True)
        .order_by("-first_sick_day", "-pk")
        .first()
    )
    first = case is not None and case.pk not in _first_advice_per_case([case])
    _record_read(access, "advice")
    return AdviceDraft(access, advice, initial, first_for_case=first)


def copy_requests_get(*, actor: Actor, employee_id: int) -> tuple[Access, QuerySet[CopyRequest]]:
    """The employee's requests for a copy of their file (the doctor's page), recorded
    as a read."""
    access = file_access_get(
        actor=actor, employee_id=employee_id, what="copies", may=policies.can_produce_copy
    )
    requests = (
        CopyRequest.objects.filter(file=access.file) if access.file else CopyRequest.objects.none()
    )
    return access, requests


@dataclass(frozen=True)
class Correction:
    access: Access
    entry: CorrectableEntry
    #: The version being corrected, as form data (the correction form starts from it).
    initial: dict[str, Any]


def _entry_initial(entry: CorrectableEntry, plain: Iterable[str]) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(entry, name) for name in plain}
    if isinstance(entry, FunctionalAbilities):
        fml = _fml(entry)
        initial["capabilities"] = fml["capabilities"]
        for (code, _label), section in zip(FML_SECTIONS, fml["sections"], strict=True):
            initial[f"limited_{code}"] = section["limited"]
            initial[f"note_{code}"] = section["note"]
        return initial
    return initial | _decrypted(entry, *CONTENT_FIELDS[type(entry)])


def entry_correction_get(
    *, actor: Actor, employee_id: int, kind: str, model: type[CorrectableEntry],
    plain: Iterable[str], entry_id: uuid.UUID,
) -> Correction:  # fmt: skip
    """A part of the file to correct, and its content as the form's start, recorded as a
    read. Refused where the actor may not correct it; not found outside the file."""
    access = policies.get_access_for(
        actor, employee_id, may=lambda access: policies.can_correct_entry(access, kind)
    )
    entry = policies.get_entry_for(access, model, entry_id)
    if not policies.can_correct_entry(access, kind, entry):
        raise Forbidden
    medical_record(
        actor=access.actor, action=Action.READ, file=access.file, target=entry,
        details={"what": "correction"},
    )  # fmt: skip
    return Correction(access, entry, _entry_initial(entry, plain))


# --- the consultation planning (spreekuur, issue 19) ------------------------------------

#: How far ahead the agenda shows free slots.
AGENDA_DAYS = 28


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    duration_minutes: int

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


def _local(day: dt.date, at: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, at))


def agenda_blocks(doctor_id: int, first: dt.date, last: dt.date) -> list[Slot]:
    """The doctor's consultation time from ``first`` to ``last``: each weekly block of
    hours on its days, and every single slot, as (start, length)."""
    blocks: list[Slot] = []
    hours = list(AgendaHours.objects.filter(doctor_id=doctor_id))
    day = first
    while day <= last:
        for block in hours:
            if block.weekday == day.weekday():
                start, end = _local(day, block.starts), _local(day, block.ends)
                blocks.append(Slot(start, int((end - start).total_seconds() // 60)))
        day += dt.timedelta(days=1)
    begin, end = _local(first, dt.time.min), _local(last + dt.timedelta(days=1), dt.time.min)
    for slot in AgendaSlot.objects.filter(doctor_id=doctor_id, starts_at__gte=begin,
                                          starts_at__lt=end):  # fmt: skip
        blocks.append(Slot(slot.starts_at, slot.duration_minutes))
    return sorted(blocks, key=lambda b: b.starts_at)


def in_agenda(doctor_id: int, starts_at: dt.datetime, minutes: int) -> bool:
    """Whether the whole appointment lies inside one block of the doctor's agenda."""
    day = timezone.localtime(starts_at).date()
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    return any(
        block.starts_at <= starts_at and ends_at <= block.ends_at
        for block in agenda_blocks(doctor_id, day, day)
    )


def busy(doctor_id: int, starts_at: dt.datetime, minutes: int,
         exclude: uuid.UUID | None = None) -> bool:  # fmt: skip
    """Whether another appointment in the doctor's agenda (not cancelled) overlaps."""
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    rows = Appointment.objects.filter(
        doctor_id=doctor_id, starts_at__lt=ends_at,
        starts_at__gte=starts_at - dt.timedelta(hours=8),
    ).exclude(state=AppointmentState.CANCELLED)  # fmt: skip
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return any(row.ends_at > starts_at for row in rows)


def free_slots(doctor_id: int, days: int = AGENDA_DAYS) -> list[Slot]:
    """The free slots of the next ``days`` days: the weekly hours cut into their slot
    length, the single slots whole, minus what is booked and what has begun."""
    today, now = clock.today(), clock.now()
    last = today + dt.timedelta(days=days)
    lengths = {(h.weekday, h.starts, h.ends): h.slot_minutes
               for h in AgendaHours.objects.filter(doctor_id=doctor_id)}  # fmt: skip
    booked = [
        (row.starts_at, row.ends_at)
        for row in Appointment.objects.filter(
            doctor_id=doctor_id, starts_at__gte=_local(today, dt.time.min),
        ).exclude(state=AppointmentState.CANCELLED)
    ]  # fmt: skip
    free: list[Slot] = []
    for block in agenda_blocks(doctor_id, today, last):
        local = timezone.localtime(block.starts_at)
        end_local = timezone.localtime(block.ends_at)
        step = lengths.get(
            (local.weekday(), local.time(), end_local.time()), block.duration_minutes
        )
        start = block.starts_at
        while start + dt.timedelta(minutes=step) <= block.ends_at:
            candidate = Slot(start, step)
            taken = any(b_start < candidate.ends_at and start < b_end for b_start, b_end in booked)
            if start > now and not taken:
                free.append(candidate)
            start += dt.timedelta(minutes=step)
    return free


@dataclass(frozen=True)
class AgendaRow:
    appointment: Appointment
    employee: Employee | None
    reason: str
    #: The employer side's record: the employee's response and its reason.
    published: ConsultationAppointment | None


@dataclass(frozen=True)
class Agenda:
    rows: list[AgendaRow]
    free: list[Slot]
    hours: list[AgendaHours]
    slots: list[AgendaSlot]
    doctor_ids: frozenset[int]


def agenda_rows(actor: Actor, appointments: Iterable[Appointment]) -> list[AgendaRow]:
    appointments = list(appointments)
    files = {a.file_id for a in appointments}
    employee_of = dict(MedicalFile.objects.filter(pk__in=files).values_list("pk", "employee_id"))
    employees = Employee.objects.in_bulk(list(employee_of.values()))
    published = {
        row.source_ref: row
        for row in ConsultationAppointment.objects.filter(
            source_ref__in=[str(a.pk) for a in appointments]
        )
    }
    return [
        AgendaRow(
            a,
            employees.get(employee_of[a.file_id]),
            a.decrypt("reason") or "",
            published.get(str(a.pk)),
        )
        for a in appointments
    ]


def agenda_get(*, actor: Actor) -> Agenda:
    """The agenda page: appointments from two weeks ago on (attendance is recorded
    afterwards), free slots of the coming weeks, the doctor's hours and single slots;
    recorded as one read per appointment shown."""
    doctors = policies.agenda_doctor_ids(actor)
    since = clock.now() - dt.timedelta(days=14)
    appointments = (
        policies.appointments_visible_to(actor).filter(starts_at__gte=since).select_related("file")
    )
    rows = agenda_rows(actor, appointments[:200])
    for row in rows:
        # An assistant reads on the behalf of the doctor whose agenda it is (NEN 7513).
        acting = actor if policies.is_doctor(actor) else dataclasses.replace(
            actor, on_behalf_of_id=row.appointment.doctor_id)  # fmt: skip
        medical_record(actor=acting, action=Action.READ, file=row.appointment.file,
                       target=row.appointment, details={"what": "agenda"})  # fmt: skip
    keeps = policies.can_keep_hours(actor)
    free = [slot for doctor in sorted(doctors) for slot in free_slots(doctor)]
    return Agenda(
        rows=rows, free=sorted(free, key=lambda s: s.starts_at),
        hours=list(AgendaHours.objects.filter(doctor_id__in=doctors)) if keeps else [],
        slots=list(AgendaSlot.objects.filter(doctor_id__in=doctors,
                                             starts_at__gte=clock.now())) if keeps else [],
        doctor_ids=doctors,
    )  # fmt: skip


def appointment_get(*, actor: Actor, appointment_id: uuid.UUID) -> tuple[Access, AgendaRow]:
    """One appointment with its reason, recorded as a read."""
    access, appointment = policies.get_appointment_for(actor, appointment_id)
    medical_record(actor=access.actor, action=Action.READ, file=appointment.file,
                   target=appointment, details={"what": "appointment"})  # fmt: skip
    return access, agenda_rows(actor, [appointment])[0]
