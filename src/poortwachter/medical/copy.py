"""The employee's copy of their medical file (inzage en afschrift): everything in the
file except the doctor's personal working notes (KNMG), with the medical access log
about them (NEN 7513, Wabvpz art. 15e). Produced by the doctor on request."""

import datetime as dt
import json
from typing import Any

from django.utils.translation import gettext as _

from poortwachter.core import clock
from poortwachter.documents.pdf import FAMILY, PoortwachterPdf
from poortwachter.medical.models import MedicalAccessEvent
from poortwachter.medical.policies import Access
from poortwachter.medical.selectors import file_view


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _all(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every version of a part of the file: the current one and those it corrected."""
    return [version for item in items for version in (item, *item.get("history", ()))]


def _corrections(view) -> list[dict[str, Any]]:
    """Who corrected what, when and why (the old version is in its section too)."""
    parts = (
        (_("Consult"), view.consultations), (_("Klachten en diagnose"), view.diagnoses),
        (_("Behandeling"), view.treatments), (_("Probleemanalyse"), view.analyses),
        (_("Beperkingen en mogelijkheden"), view.abilities),
        (_("Mate van arbeidsongeschiktheid"), view.incapacity),
    )  # fmt: skip
    return [
        {
            "part": str(part),
            "corrected_at": _plain(version["entry"].created_at),
            "by": version.get("author", ""),
            "reason": version["correction_reason"],
        }
        for part, items in parts
        for version in _all(items)
        if version.get("correction_reason")
    ]


def copy_document(access: Access) -> dict[str, Any]:
    view = file_view(access, with_working_notes=False)
    employee = access.employee
    log = MedicalAccessEvent.objects.filter(subject_employee_id=employee.pk).order_by(
        "occurred_at", "id"
    )
    return {
        "schema_version": 1,
        "generated_at": clock.now().isoformat(),
        "employee": {"name": employee.full_name, "employer": employee.employer.name},
        "consultations": [
            {"date": _plain(c["entry"].held_on), "kind": c["entry"].kind, "notes": c["notes"]}
            for c in _all(view.consultations)
        ],
        "diagnoses": [
            {
                "date": _plain(d["entry"].recorded_on),
                "complaints": d["complaints"],
                "diagnosis": d["diagnosis"],
                "cas_code": d["cas_code"],
            }
            for d in _all(view.diagnoses)
        ],
        "treatments": [
            {
                "started_on": _plain(t["entry"].started_on),
                "ended_on": _plain(t["entry"].ended_on),
                "practitioner": t["practitioner"],
                "description": t["description"],
            }
            for t in _all(view.treatments)
        ],
        "problem_analyses": [
            {"date": _plain(p["entry"].drawn_up_on), "analysis": p["analysis"]}
            for p in _all(view.analyses)
        ],
        "functional_abilities": [
            {
                "date": _plain(f["entry"].assessed_on),
                "sections": f["sections"],
                "capabilities": f["capabilities"],
            }
            for f in _all(view.abilities)
        ],
        "incapacity": [
            {
                "date": _plain(i["entry"].assessed_on),
                "percentage": i["percentage"],
                "explanation": i["explanation"],
            }
            for i in _all(view.incapacity)
        ],
        "documents": [
            {
                "received_on": _plain(d["entry"].received_on),
                "title": d["title"],
                "content_type": d["entry"].content_type,
                "size": d["entry"].size,
            }
            for d in view.documents
        ],
        "advices": [
            {
                "date": _plain(a["entry"].advised_on),
                "published_at": _plain(a["entry"].published_at),
                **{
                    k: a[k]
                    for k in (
                        "work_possible",
                        "work_not_possible",
                        "implications",
                        "expected_duration",
                        "expected_return",
                        "incapacity_percentage",
                        "adjustments",
                    )
                },
            }
            for a in view.advices
        ],
        "corrections": _corrections(view),
        "access_log": [
            {
                "when": _plain(e.occurred_at),
                "action": e.action,
                "role": e.actor_role,
                "who": e.actor_label,
                "on_behalf_of_user_id": e.on_behalf_of_user_id,
                "what": e.target_type,
                "purpose": e.purpose,
            }
            for e in log
        ],
    }


def as_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode()


SECTIONS = (
    ("consultations", _("Consulten")),
    ("diagnoses", _("Klachten en diagnose")),
    ("treatments", _("Behandelingen")),
    ("problem_analyses", _("Probleemanalyse")),
    ("functional_abilities", _("Beperkingen en mogelijkheden")),
    ("incapacity", _("Mate van arbeidsongeschiktheid")),
    ("documents", _("Documenten van specialisten")),
    ("advices", _("Adviezen aan de werkgever")),
    ("corrections", _("Correcties")),
    ("access_log", _("Wie het dossier inzag of wijzigde")),
)


def as_pdf(document: dict[str, Any]) -> bytes:
    generated_at = dt.datetime.fromisoformat(document["generated_at"])
    pdf = PoortwachterPdf(title=_("Afschrift medisch dossier"), generated_at=generated_at)
    pdf.title_page(_("Afschrift medisch dossier"))
    employee = document["employee"]
    intro = _(
        "%(name)s, %(employer)s. Gemaakt op %(when)s door de bedrijfsarts. "
        "Persoonlijke werkaantekeningen van de bedrijfsarts horen niet bij het dossier."
    )
    pdf.multi_cell(
        0,
        6,
        intro
        % {
            "name": employee["name"],
            "employer": employee["employer"],
            "when": document["generated_at"][:16].replace("T", " "),
        },
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for key, title in SECTIONS:
        pdf.ln(3)
        pdf.set_font(FAMILY, "B", 12)
        pdf.multi_cell(0, 7, str(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, size=9)
        items = document[key]
        if not items:
            pdf.multi_cell(0, 5, _("Niets vastgelegd."), new_x="LMARGIN", new_y="NEXT")
        for item in items:
            text = "; ".join(
                f"{name}: {_flat(value)}" for name, value in item.items() if value not in (None, "")
            )
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_flat(v)}" for k, v in value.items())
    return str(value)
