"""Recompute the access-log hash chain, check it against the checkpoints in the database
and off the host, and report what is left unsealed (NEN 7513 §8, SECURITY.md G10)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from poortwachter.audit import checkpoints
from poortwachter.audit.chain import GENESIS, HASHED_FIELDS, event_hash
from poortwachter.audit.models import AccessEvent, AccessEventSubject, ChainCheckpoint, ChainHead
from poortwachter.core import clock


@dataclass(frozen=True)
class Break:
    seq: int
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class Result:
    checked: int
    first_break: Break | None
    #: Events not sealed yet, and of those the ones older than the allowed age.
    unsealed: int = 0
    overdue: int = 0
    #: Off-host checkpoints: whether a directory is set, how many lines matched, how
    #: many sealed batches are not off the host yet and older than the allowed age, and
    #: lines that could not be read.
    offhost: bool = False
    offhost_checked: int = 0
    unexported: int = 0
    unreadable: int = 0

    @property
    def intact(self) -> bool:
        return self.first_break is None

    @property
    def ok(self) -> bool:
        """Intact, and the sealer and the off-host copy keep up."""
        return self.intact and not self.overdue and not self.unexported


def _subjects_by_event(subject_model, first_id: int, last_id: int) -> dict[int, list[int]]:
    shown: dict[int, list[int]] = defaultdict(list)
    if subject_model is None:
        return shown
    rows = subject_model._default_manager.filter(event_id__gte=first_id, event_id__lte=last_id)
    for event_id, employee_id in rows.values_list("event_id", "employee_id"):
        shown[event_id].append(employee_id)
    return shown


def _check_checkpoints(
    rows: list[dict], offhost: dict[int, dict], hash_at: dict[int, str], last_seq: int
) -> Break | None:
    """The database's checkpoints cover the sealed chain batch by batch and match it;
    every off-host line matches the database's checkpoint of its batch and the chain."""
    expected_batch, expected_first = 1, None
    for row in rows:
        batch = row["batch"]
        if batch != expected_batch:
            return Break(row["first_seq"], None, f"checkpoint {expected_batch} missing")
        if expected_first is not None and row["first_seq"] != expected_first:
            return Break(row["first_seq"], None, f"checkpoint {batch} does not follow on")
        if row["last_seq"] > last_seq:
            reason = f"chain ends at {last_seq}, checkpoint {batch} at {row['last_seq']}"
            return Break(last_seq + 1, None, reason)
        if hash_at.get(row["last_seq"]) != row["last_hash"]:
            return Break(row["last_seq"], None, f"checkpoint {batch} does not match the chain")
        expected_batch, expected_first = batch + 1, row["last_seq"] + 1
    if rows and rows[-1]["last_seq"] != last_seq:
        reason = f"chain ends at {last_seq}, last checkpoint at {rows[-1]['last_seq']}"
        return Break(rows[-1]["last_seq"] + 1, None, reason)
    in_database = {row["batch"]: row for row in rows}
    for batch in sorted(offhost):
        line = offhost[batch]
        if line.get("conflict"):
            return Break(line["last_seq"], None, f"off-host checkpoint {batch} written twice")
        if line["last_seq"] > last_seq:
            reason = f"chain ends at {last_seq}, off-host checkpoint {batch} at {line['last_seq']}"
            return Break(last_seq + 1, None, reason)
        stored = in_database.get(batch)
        fields = ("first_seq", "last_seq", "last_hash")
        if stored is None or any(stored[name] != line.get(name) for name in fields):
            reason = f"checkpoint {batch} differs from the off-host copy"
            return Break(line["last_seq"], None, reason)
        if hash_at.get(line["last_seq"]) != line["last_hash"]:
            reason = f"off-host checkpoint {batch} does not match the chain"
            return Break(line["last_seq"], None, reason)
    return None


def verify_chain(
    chunk_size: int = 5000,
    *,
    event_model: type[models.Model] = AccessEvent,
    head_model: type[models.Model] = ChainHead,
    subject_model: type[models.Model] | None = AccessEventSubject,
    checkpoint_model: type[models.Model] | None = ChainCheckpoint,
    slug: str = "access-log",
) -> Result:
    """Walk the sealed chain in ``seq`` order. A link is broken when its number is not
    the next one (an event was removed or renumbered), when it does not point at the hash
    before it (removed or reordered), when its own hash does not match its fields
    (edited), or when the subject index disagrees with the ids the event recorded. The
    chain must end where the head says, so removing the newest events shows too. Then
    the checkpoints: the database's must cover the chain and match it, and every line off
    the host must match them and the chain, so a database rewritten whole (events, head
    and checkpoints) shows as well. Finally count what is not sealed or not off the host
    yet, and what has waited longer than ``AUDIT_UNSEALED_MAX_AGE_SECONDS``."""
    fields = ["id", "prev_hash", "hash", *HASHED_FIELDS]
    manager = event_model._default_manager
    db_checkpoints = (
        list(
            checkpoint_model._default_manager.order_by("batch").values(
                "batch", "first_seq", "last_seq", "last_hash", "sealed_at"
            )
        )
        if checkpoint_model is not None
        else []
    )
    offhost_on = checkpoints.directory() is not None and checkpoint_model is not None
    offhost, unreadable = checkpoints.read(slug) if offhost_on else ({}, 0)
    wanted = {row["last_seq"] for row in db_checkpoints} | {
        line["last_seq"] for line in offhost.values()
    }
    hash_at: dict[int, str] = {}
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last_seq = 0
    first_break: Break | None = None
    while first_break is None:
        batch = list(
            manager.filter(seq__gte=expected_seq).order_by("seq").values(*fields)[:chunk_size]
        )
        if not batch:
            break
        shown = _subjects_by_event(
            subject_model, min(r["id"] for r in batch), max(r["id"] for r in batch)
        )
        for row in batch:
            seq = row["seq"]
            if seq != expected_seq:
                first_break = Break(expected_seq, None, f"event {expected_seq} missing")
            elif row["prev_hash"] != prev_hash:
                first_break = Break(seq, row["id"], "does not follow the event before it")
            elif event_hash(prev_hash, row) != row["hash"]:
                first_break = Break(seq, row["id"], "content changed")
            elif subject_model is not None and sorted(shown.get(row["id"], [])) != sorted(
                row["details"].get("employee_ids", [])
            ):
                first_break = Break(seq, row["id"], "subject index changed")
            if first_break is not None:
                break
            prev_hash, expected_seq, last_seq = row["hash"], seq + 1, seq
            if seq in wanted:
                hash_at[seq] = row["hash"]
            checked += 1
    if first_break is None:
        head = head_model._default_manager.filter(pk=1).first()
        head_seq = getattr(head, "last_seq", 0) if head is not None else 0
        if head_seq != last_seq:
            first_break = Break(last_seq + 1, None, f"chain ends at {last_seq}, head at {head_seq}")
        elif head is not None and head_seq and getattr(head, "last_hash", "") != prev_hash:
            first_break = Break(last_seq, None, "head does not match the last event")
    if first_break is None and checkpoint_model is not None:
        first_break = _check_checkpoints(db_checkpoints, offhost, hash_at, last_seq)
    cutoff = clock.now() - dt.timedelta(seconds=settings.AUDIT_UNSEALED_MAX_AGE_SECONDS)
    unsealed = manager.filter(seq__isnull=True)
    offhost_last = max(offhost, default=0)
    return Result(
        checked,
        first_break,
        unsealed=unsealed.count(),
        overdue=unsealed.filter(occurred_at__lt=cutoff).count(),
        offhost=offhost_on,
        offhost_checked=len(offhost),
        unexported=sum(
            1 for row in db_checkpoints if row["batch"] > offhost_last and row["sealed_at"] < cutoff
        )
        if offhost_on
        else 0,
        unreadable=unreadable,
    )


@dataclass(frozen=True)
class Chain:
    """One hash-chained access log: its name (Dutch, for people), its slug (for the
    off-host files), and its models, all in one database."""

    name: str
    slug: str
    event_model: type[models.Model]
    head_model: type[models.Model]
    checkpoint_model: type[models.Model]
    subject_model: type[models.Model] | None = None

    def verify(self) -> Result:
        return verify_chain(
            event_model=self.event_model,
            head_model=self.head_model,
            subject_model=self.subject_model,
            checkpoint_model=self.checkpoint_model,
            slug=self.slug,
        )


_CHAINS: dict[str, Chain] = {}


def register_chain(chain: Chain) -> None:
    """Another log with this shape (the medical module's, in its own database) joins
    ``verify-audit``, the sealer and the daily check without the audit app importing it."""
    _CHAINS[chain.name] = chain


def chains() -> list[Chain]:
    main = Chain(
        "toegangslog", "access-log", AccessEvent, ChainHead, ChainCheckpoint, AccessEventSubject
    )
    return [main, *(_CHAINS[name] for name in sorted(_CHAINS))]
