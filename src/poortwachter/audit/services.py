"""``audit_record``: the one way to write the access log. Services call it inside their
own transaction, so the event and the change it describes commit or fail together.

An event is one INSERT: no lock, no chain head. The sealer (``audit.sealer``, run by the
scheduler every few seconds and by ``seal-audit``) chains the committed events in
batches afterwards, so requests no longer queue behind each other on the log.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from poortwachter.audit.models import AccessEvent, AccessEventSubject, Action, Outcome
from poortwachter.core import clock
from poortwachter.core.actor import Actor

_ALLOWED_DETAIL_TYPES = (str, int, bool, type(None))


#: NEN 7513 PurposeOfUse when the caller names none: why this role processes the data.
DEFAULT_PURPOSE = {
    "employee": "own_data",
    "manager": "absence_management",
    "hr": "absence_management",
    "employer_admin": "account_management",
    "service_admin": "account_management",
    "doctor": "occupational_health",
    "assistant": "occupational_health",
    "privacy_officer": "access_log_review",
    "system": "system",
    "machine_client": "payroll_integration",
}


def _target_ref(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


def _check_details(details: dict[str, Any]) -> dict[str, Any]:
    """Details carry identifiers and codes only; free text could carry content."""
    for key, value in details.items():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, str) and len(item) > 64:
                raise ValueError(f"audit detail {key!r} looks like content, not an identifier")
            if not isinstance(item, _ALLOWED_DETAIL_TYPES):
                raise ValueError(f"audit detail {key!r} has an unsupported type")
    return details


def event_fields(
    *,
    actor: Actor,
    action: Action | str,
    target: models.Model | None = None,
    employer_id: int | None = None,
    subject_employee_id: int | None = None,
    subject_user_id: int | None = None,
    outcome: Outcome | str = Outcome.SUCCESS,
    purpose: str = "",
    details: dict[str, Any] | None = None,
    role: str | None = None,
) -> dict[str, Any]:
    """The NEN 7513 fields of one event, checked for content. Shared by every log that
    uses this shape (the medical module keeps its own log in its own database)."""
    target_type, target_id = _target_ref(target)
    acting_role = role or actor.primary_role
    return {
        "occurred_at": clock.now(),
        "action": action,
        "outcome": outcome,
        "actor_user_id": actor.user_id,
        "actor_label": actor.label[:200],
        "actor_role": acting_role,
        "on_behalf_of_user_id": actor.on_behalf_of_id,
        "employer_id": employer_id,
        "subject_employee_id": subject_employee_id,
        "subject_user_id": subject_user_id,
        "target_type": target_type,
        "target_id": target_id,
        "purpose": purpose or DEFAULT_PURPOSE.get(acting_role, "unspecified"),
        "request_id": actor.request_id,
        "remote_addr": actor.remote_addr,
        "details": _check_details(dict(details or {})),
    }


def audit_record(
    *,
    actor: Actor,
    action: Action | str,
    target: models.Model | None = None,
    employer_id: int | None = None,
    subject_employee_id: int | None = None,
    subject_user_id: int | None = None,
    outcome: Outcome | str = Outcome.SUCCESS,
    purpose: str = "",
    details: dict[str, Any] | None = None,
    subject_employee_ids: Iterable[int] | None = None,
    role: str | None = None,
) -> AccessEvent:
    """Record one event. ``subject_employee_ids`` are the employees a list or search
    showed (an empty list still says the list showed no one); they go into the details
    (covered by the chain) and the subject index. ``role`` names the role the actor used
    when they hold several (an HR officer reading their own data acts as employee)."""
    details = dict(details or {})
    shown: list[int] = []
    if subject_employee_ids is not None:
        shown = sorted({int(pk) for pk in subject_employee_ids})
        details["employee_ids"] = shown
    fields = event_fields(
        actor=actor, action=action, target=target, employer_id=employer_id,
        subject_employee_id=subject_employee_id, subject_user_id=subject_user_id,
        outcome=outcome, purpose=purpose, details=details, role=role,
    )  # fmt: skip
    event = AccessEvent(**fields)
    # No savepoint inside a caller's transaction (two round trips less per event): a
    # failure here fails the caller's whole change, as it must.
    with transaction.atomic(savepoint=False):
        event.save(force_insert=True)
        if shown:
            AccessEventSubject.objects.bulk_create(
                AccessEventSubject(event=event, employee_id=pk) for pk in shown
            )
    return event


def audit_record_many(*, actor: Actor, events: Iterable[dict[str, Any]]) -> list[AccessEvent]:
    """Several events of one actor at once, each given as ``audit_record``'s keyword
    arguments (without ``subject_employee_ids``): one insert, the same events as one
    ``audit_record`` per event."""
    built = []
    for arguments in events:
        if "subject_employee_ids" in arguments:
            raise ValueError("audit_record_many records no subject index; use audit_record")
        built.append(AccessEvent(**event_fields(actor=actor, **arguments)))
    if built:
        AccessEvent.objects.bulk_create(built)
    return built


def audit_employee_event(
    *, actor: Actor, action: Action | str, employee: models.Model, **fields: Any
) -> AccessEvent:
    """One event about one employee record: the record is the event's target and
    subject, in its own employer (``audit_record``'s other fields as keywords)."""
    return audit_record(
        actor=actor,
        action=action,
        target=employee,
        employer_id=employee.employer_id,  # type: ignore[attr-defined]
        subject_employee_id=employee.pk,
        **fields,
    )
