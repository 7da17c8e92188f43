"""Recompute the access-log hash chain and report the first broken link."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import models

from poortwachter.audit.chain import GENESIS, HASHED_FIELDS, event_hash
from poortwachter.audit.models import AccessEvent, AccessEventSubject, ChainHead


@dataclass(frozen=True)
class Break:
    seq: int
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class Result:
    checked: int
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def _subjects_by_event(subject_model, first_id: int, last_id: int) -> dict[int, list[int]]:
    shown: dict[int, list[int]] = defaultdict(list)
    if subject_model is None:
        return shown
    rows = subject_model._default_manager.filter(event_id__gte=first_id, event_id__lte=last_id)
    for event_id, employee_id in rows.values_list("event_id", "employee_id"):
        shown[event_id].append(employee_id)
    return shown


def verify_chain(
    chunk_size: int = 5000,
    *,
    event_model: type[models.Model] = AccessEvent,
    head_model: type[models.Model] = ChainHead,
    subject_model: type[models.Model] | None = AccessEventSubject,
) -> Result:
    """Walk the chain in ``seq`` order. A link is broken when its number is not the next
    one (an event was removed or renumbered), when it does not point at the hash before
    it (removed or reordered), when its own hash does not match its fields (edited), or
    when the subject index disagrees with the ids the event recorded. Finally the chain
    must end where the head says, so removing the newest events shows too."""
    fields = ["id", "prev_hash", "hash", *HASHED_FIELDS]
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last_seq = 0
    while True:
        batch = list(
            event_model._default_manager.filter(seq__gte=expected_seq)
            .order_by("seq")
            .values(*fields)[:chunk_size]
        )
        if not batch:
            break
        shown = _subjects_by_event(
            subject_model, min(r["id"] for r in batch), max(r["id"] for r in batch)
        )
        for row in batch:
            seq = row["seq"]
            if seq != expected_seq:
                return Result(checked, Break(expected_seq, None, f"event {expected_seq} missing"))
            if row["prev_hash"] != prev_hash:
                return Result(checked, Break(seq, row["id"], "does not follow the event before it"))
            if event_hash(prev_hash, row) != row["hash"]:
                return Result(checked, Break(seq, row["id"], "content changed"))
            recorded = sorted(row["details"].get("employee_ids", []))
            if subject_model is not None and sorted(shown.get(row["id"], [])) != recorded:
                return Result(checked, Break(seq, row["id"], "subject index changed"))
            prev_hash, expected_seq, last_seq = row["hash"], seq + 1, seq
            checked += 1
    head = head_model._default_manager.filter(pk=1).first()
    head_seq = getattr(head, "last_seq", 0) if head is not None else 0
    if head_seq != last_seq:
        reason = f"chain ends at {last_seq}, head at {head_seq}"
        return Result(checked, Break(last_seq + 1, None, reason))
    if head is not None and head_seq and getattr(head, "last_hash", "") != prev_hash:
        return Result(checked, Break(last_seq, None, "head does not match the last event"))
    return Result(checked, None)


@dataclass(frozen=True)
class Chain:
    name: str
    event_model: type[models.Model]
    head_model: type[models.Model]
    subject_model: type[models.Model] | None = None

    def verify(self) -> Result:
        return verify_chain(
            event_model=self.event_model,
            head_model=self.head_model,
            subject_model=self.subject_model,
        )


_CHAINS: dict[str, Chain] = {}


def register_chain(chain: Chain) -> None:
    """Another log with this shape (the medical module's, in its own database) joins
    ``verify-audit`` and the daily check without the audit app importing it."""
    _CHAINS[chain.name] = chain


def chains() -> list[Chain]:
    main = Chain("toegangslog", AccessEvent, ChainHead, AccessEventSubject)
    return [main, *(_CHAINS[name] for name in sorted(_CHAINS))]
