"""Every read and write of medical data is recorded (issue 4, NEN 7513): who, in which
role, on whose behalf, which employee, what, when, from where. The events go to the
medical database's own hash-chained log, so not even the fact of a medical access
reaches the employer's database. One INSERT per event; the sealer chains them later
(``audit.sealer``)."""

from typing import Any

from django.db import models

from poortwachter.audit.models import Action, Outcome
from poortwachter.audit.services import event_fields
from poortwachter.core.actor import Actor
from poortwachter.medical.models import MedicalAccessEvent, MedicalFile

MEDICAL_DB = "medical"


def medical_record(
    *,
    actor: Actor,
    action: Action | str,
    file: MedicalFile | None = None,
    employee_id: int | None = None,
    employer_id: int | None = None,
    target: models.Model | None = None,
    purpose: str = "occupational_health",
    outcome: Outcome | str = Outcome.SUCCESS,
    details: dict[str, Any] | None = None,
) -> MedicalAccessEvent:
    fields = event_fields(
        actor=actor, action=action, target=target,
        employer_id=file.employer_id if file else employer_id,
        subject_employee_id=file.employee_id if file else employee_id,
        outcome=outcome, purpose=purpose, details=details,
    )  # fmt: skip
    event = MedicalAccessEvent(**fields)
    event.save(using=MEDICAL_DB, force_insert=True)
    return event
