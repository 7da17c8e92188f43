"""``audit_record``: the one way to write the access log. Services call it inside their
own transaction, so the event and the change it describes commit or fail together."""

from typing import Any

from django.db import models

from poortwachter.audit.models import AccessEvent, Action, Outcome
from poortwachter.core import clock
from poortwachter.core.actor import Actor

_ALLOWED_DETAIL_TYPES = (str, int, bool, type(None))


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
) -> AccessEvent:
    target_type, target_id = _target_ref(target)
    return AccessEvent.objects.create(
        occurred_at=clock.now(),
        action=action,
        outcome=outcome,
        actor_user_id=actor.user_id,
        actor_label=actor.label[:200],
        actor_role=actor.primary_role,
        on_behalf_of_user_id=actor.on_behalf_of_id,
        employer_id=employer_id,
        subject_employee_id=subject_employee_id,
        subject_user_id=subject_user_id,
        target_type=target_type,
        target_id=target_id,
        purpose=purpose,
        request_id=actor.request_id,
        remote_addr=actor.remote_addr,
        details=_check_details(details or {}),
    )
