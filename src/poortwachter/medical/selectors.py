"""Reads of the medical file, decrypted for the medical roles only. Nothing here is
called from the employer side (import-linter forbids it).

The functions that take ``*, actor`` are the pages' reads: they fetch through
``policies`` (not found outside the actor's scope) and record the read in the medical
module's own log (``log.medical_record``), never in the employer's access log.
"""

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils.translation import gettext as _

from poortwachter.absences.models import AbsenceCase, PublishedAdvice
from poortwachter.audit.models import Action
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.pages import PageRequest, page_of
from poortwachter.core.roles import Role
from poortwachter.medical import policies
from poortwachter.medical.log import medical_record
from poortwachter.medical.models import (
    Advice,
    Consultation,
    CopyRequest,
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
    copies: list[CopyRequest] = field(default_factory=list)


def file_view(access: Access, *, with_working_notes: bool = True) -> FileView:
    """The whole file, decrypted. Personal working notes only for their author, and
    never when ``with_working_notes`` is off (the employee's copy)."""
    view = FileView()
    file = access.file
    if file is None:
        return view
    for c in Consultation.objects.filter(file=file):
        view.consultations.append({"entry": c, **_decrypted(c, "notes")})
    for d in Diagnosis.objects.filter(file=file):
        view.diagnoses.append({"entry": d, **_decrypted(d, "complaints", "diagnosis", "cas_code")})
    for t in Treatment.objects.filter(file=file):
        view.treatments.append({"entry": t, **_decrypted(t, "description", "practitioner")})
    for p in ProblemAnalysis.objects.filter(file=file):
        view.analyses.append({"entry": p, **_decrypted(p, "analysis")})
    for f in FunctionalAbilities.objects.filter(file=file):
        view.abilities.append({"entry": f, **_fml(f)})
    for i in IncapacityAssessment.objects.filter(file=file):
        view.incapacity.append({"entry": i, **_decrypted(i, "percentage", "explanation")})
    for doc in Document.objects.filter(file=file).defer("data_enc"):
        view.documents.append({"entry": doc, "title": doc.decrypt("title")})
    for a in Advice.objects.filter(file=file):
        view.advices.append({"entry": a, **_decrypted(a, *Advice.ENCRYPTED_FIELDS)})
    for a in Advice.objects.filter(file=file, published_at__isnull=True):
        view.draft_advices.append({"entry": a, **advice_data(a)})
    view.published_advices = list(published_advices_of(access.employee.pk))
    view.current_advice = next(
        (a for a in view.published_advices if getattr(a, "is_current", False)), None
    )
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
    has_problem_analysis: bool
    last_consultation: dt.date | None


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


def caseload_rows(cases: Iterable[AbsenceCase]) -> list[CaseloadRow]:
    """What the doctor needs next for each case (one page of ``open_cases``): three
    queries on the medical database, however many cases."""
    cases_list = list(cases)
    files = dict(
        MedicalFile.objects.filter(employee_id__in=[c.employee_id for c in cases_list]).values_list(
            "employee_id", "pk"
        )
    )
    last_consult = dict(
        Consultation.objects.filter(file_id__in=files.values())
        .values("file_id").annotate(last=Max("held_on")).values_list("file_id", "last")
    )  # fmt: skip
    analysed = set(
        ProblemAnalysis.objects.filter(file_id__in=files.values()).values_list("file_id", flat=True)
    )
    today = clock.today()
    rows = []
    for case in cases_list:
        file_id = files.get(case.employee_id)
        rows.append(
            CaseloadRow(
                case=case,
                week=(today - case.first_sick_day).days // 7 + 1,
                problem_analysis_due=case.first_sick_day + dt.timedelta(days=PROBLEM_ANALYSIS_DAY),
                has_file=file_id is not None,
                has_problem_analysis=file_id is not None and file_id in analysed,
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


def advice_draft_get(*, actor: Actor, employee_id: int, advice_id: uuid.UUID | None) -> AdviceDraft:
    """The doctor's advice form: a draft (or a new one) as initial data, recorded as a
    read. A published advice is not found: it no longer changes."""
    access = policies.get_access_for(actor, employee_id, may=policies.can_publish_advice)
    advice = None if advice_id is None else policies.get_draft_advice_for(access, advice_id)
    initial = advice_data(advice) if advice else {"advised_on": clock.today()}
    _record_read(access, "advice")
    return AdviceDraft(access, advice, initial)


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
