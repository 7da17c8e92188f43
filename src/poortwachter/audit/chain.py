"""The hash chain over the access log (NEN 7513 §8: the log proves beyond dispute).

Every event stores the hash of the event before it and its own hash over its number in
the chain (``seq``), that previous hash and every field it records. Editing a field,
deleting an event or changing the order breaks the chain at that point, and
``poortwachter verify-audit`` finds the first broken link.

The function is pure and its input canonical (UTC timestamps with microseconds, JSON with
sorted keys), so the same row hashes the same on SQLite and PostgreSQL.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models, transaction

GENESIS = "0" * 64

#: The fields a hash covers, in this order. Changing the list breaks every chain: add a
#: field only together with a migration that starts a new chain segment.
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "action",
    "outcome",
    "actor_user_id",
    "actor_label",
    "actor_role",
    "on_behalf_of_user_id",
    "employer_id",
    "subject_employee_id",
    "subject_user_id",
    "target_type",
    "target_id",
    "purpose",
    "request_id",
    "remote_addr",
    "details",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    payload = [prev_hash, *(_canonical(fields[name]) for name in HASHED_FIELDS)]
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(encoded.encode("ascii")).hexdigest()


def append(event: models.Model, head_model: type[models.Model]) -> None:
    """Insert ``event`` as the next link of the chain whose head is ``head_model``'s one
    row (on the database the router gives that model). The head is locked until the
    surrounding transaction ends, so links are added one at a time, in commit order."""
    append_many([event], head_model)


def append_many(events: Sequence[models.Model], head_model: type[models.Model]) -> None:
    """Insert ``events`` as the next links, in their order: the head is locked and moved
    once and the events inserted in one statement; the links are the same as one
    ``append`` per event (the retention purge logs one event per employee it deletes)."""
    if not events:
        return
    using = transaction.get_connection(head_model._default_manager.db).alias
    with transaction.atomic(using=using, savepoint=False):
        head = head_model._default_manager.select_for_update().filter(pk=1).first()
        if head is None:
            # The migration creates the head; should it be gone, writers racing to
            # recreate it must not collide: insert if absent, then lock what is there.
            head_model._default_manager.bulk_create(
                [head_model(pk=1, last_seq=0, last_hash=GENESIS)], ignore_conflicts=True
            )
            head = head_model._default_manager.select_for_update().get(pk=1)
        seq: int = getattr(head, "last_seq")  # noqa: B009 - any head model
        prev_hash: str = getattr(head, "last_hash")  # noqa: B009
        for event in events:
            seq += 1
            event.seq, event.prev_hash = seq, prev_hash  # type: ignore[attr-defined]
            prev_hash = event_hash(
                prev_hash, {name: getattr(event, name) for name in HASHED_FIELDS}
            )
            event.hash = prev_hash  # type: ignore[attr-defined]
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            type(events[0])._default_manager.bulk_create(events)
        head_model._default_manager.filter(pk=1).update(last_seq=seq, last_hash=prev_hash)
