"""The hash chain over the access log (NEN 7513 §8: the log proves beyond dispute).

Every sealed event stores the hash of the event before it and its own hash over its
number in the chain (``seq``), that previous hash and every field it records. Editing a
field, deleting an event or changing the order breaks the chain at that point, and
``poortwachter verify-audit`` finds the first broken link. The sealer (``audit.sealer``)
links events in batches after they have committed; requests only insert.

The function is pure and its input canonical (UTC timestamps with microseconds, JSON with
sorted keys), so the same row hashes the same on SQLite and PostgreSQL.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models

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


def link(events: Sequence[models.Model], last_seq: int, last_hash: str) -> tuple[int, str]:
    """Number and hash ``events`` in their order as the links after ``last_seq`` /
    ``last_hash``; returns the new last number and hash. Sets the three chain fields on
    the objects only: the sealer stores them (``audit.sealer``)."""
    seq, prev_hash = last_seq, last_hash
    for event in events:
        seq += 1
        event.seq, event.prev_hash = seq, prev_hash  # type: ignore[attr-defined]
        prev_hash = event_hash(prev_hash, {name: getattr(event, name) for name in HASHED_FIELDS})
        event.hash = prev_hash  # type: ignore[attr-defined]
    return seq, prev_hash
