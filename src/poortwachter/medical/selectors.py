"""Reads of the medical file, decrypted for the medical roles only. Nothing here is
called from the employer side (import-linter forbids it)."""

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, QuerySet

from poortwachter.absences.models import AbsenceCase
from poortwachter.core import clock
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
from poortwachter.medical.services import FML_SECTIONS

#: The week-6 problem analysis (DOMAIN.md section 1).
PROBLEM_ANALYSIS_DAY = 42


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
    advices: list[dict] = field(default_factory=list)
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
    if with_working_notes and access.actor.user_id is not None:
        notes = WorkingNote.objects.filter(file=file, author_id=access.actor.user_id)
        view.working_notes = [{"entry": n, **_decrypted(n, "text")} for n in notes]
    view.delegations = list(Delegation.objects.filter(file=file).order_by("-since"))
    view.copies = list(CopyRequest.objects.filter(file=file))
    return view


@dataclass(frozen=True)
class CaseloadRow:
    case: AbsenceCase
    week: int
    problem_analysis_due: dt.date
    has_file: bool
    has_problem_analysis: bool
    last_consultation: dt.date | None


def open_cases(employer_ids, delegated_employee_ids=None) -> QuerySet[AbsenceCase]:
    """Open absence cases of the employers a doctor serves (or of the employees whose
    files were delegated to an assistant), oldest first."""
    cases = AbsenceCase.objects.filter(closed_on__isnull=True)
    if delegated_employee_ids is not None:
        cases = cases.filter(employee_id__in=delegated_employee_ids)
    else:
        cases = cases.filter(employer_id__in=employer_ids)
    return (
        cases.select_related("employee", "employer")
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
