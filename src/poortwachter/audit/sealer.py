"""The sealer: chains the committed access-log events in batches (issue 21, NEN 7513 §8,
SECURITY.md G10).

Requests insert an event and nothing else (``audit.services``), so no request waits for
another on the log. The scheduler runs ``seal_all`` every few seconds
(``AUDIT_SEAL_INTERVAL_SECONDS``) and ``poortwachter seal-audit`` runs it on demand. One
batch is one transaction on the log's database:

1. lock the chain head (only sealers take it; two sealers take turns);
2. read up to ``BATCH_SIZE`` unsealed events (``seq IS NULL``), lowest id first;
3. number and hash them after the head (``audit.chain.link``), store the three chain
   fields (the triggers allow exactly that, once per event), move the head and add a
   checkpoint row for the batch.

After the commit the new checkpoints are appended off the host
(``audit.checkpoints``); a run that died before that writes them on the next run.

Commit order. Ids are handed out when a transaction inserts, not when it commits: on
PostgreSQL a transaction holding id 10 may commit after one holding id 11. The sealer
never works from an id watermark ("everything above the last sealed id"); it asks for
the events that are *unsealed*, and a statement only ever sees committed rows. An event
whose transaction has not committed is invisible, so it cannot be sealed early, and
cannot be skipped either: whenever it commits, it is still unsealed and the next batch
takes it, with the next ``seq``. So no watermark, horizon or snapshot bookkeeping is
needed, and a transaction that runs long only delays its own events. The chain's order
is the order in which events became visible to the sealer, batch by batch (within a
batch by id); an event's ``occurred_at`` keeps when it happened. A crash at any point
loses nothing: before the commit the batch is rolled back and its events stay unsealed;
after it, only the off-host copy is behind, and the next run catches up.
"""

import logging
from dataclasses import dataclass

from django.db import models, router, transaction

from poortwachter.audit import checkpoints
from poortwachter.audit.chain import GENESIS, link
from poortwachter.audit.verify import Chain, chains
from poortwachter.core import clock

logger = logging.getLogger(__name__)

#: Events per batch: one UPDATE and one checkpoint each.
BATCH_SIZE = 500


@dataclass(frozen=True)
class Sealed:
    chain: str
    events: int
    batches: int
    exported: int
    export_failed: bool = False


def _locked_head(chain: Chain, using: str) -> models.Model:
    manager = chain.head_model._default_manager.db_manager(using)
    head = manager.select_for_update().filter(pk=1).first()
    if head is None:
        # The migration creates the head; should it be gone, sealers racing to recreate
        # it must not collide: insert if absent, then lock what is there.
        manager.bulk_create(
            [chain.head_model(pk=1, last_seq=0, last_hash=GENESIS)], ignore_conflicts=True
        )
        head = manager.select_for_update().get(pk=1)
    return head


def seal_batch(chain: Chain, batch_size: int = BATCH_SIZE) -> int:
    """Seal up to ``batch_size`` committed events of ``chain`` in one transaction;
    returns how many (0: nothing to seal)."""
    using = router.db_for_write(chain.event_model)
    with transaction.atomic(using=using):
        head = _locked_head(chain, using)
        events = list(
            chain.event_model._default_manager.db_manager(using)
            .filter(seq__isnull=True)
            .order_by("id")[:batch_size]
        )
        if not events:
            return 0
        first_seq = getattr(head, "last_seq") + 1  # noqa: B009 - any head model
        last_seq, last_hash = link(events, first_seq - 1, getattr(head, "last_hash"))  # noqa: B009
        # The log's own queryset refuses updates; sealing is the one the triggers allow.
        sealing: models.QuerySet = models.QuerySet(model=chain.event_model, using=using)
        sealing.bulk_update(events, ["seq", "prev_hash", "hash"])
        models.QuerySet(model=chain.head_model, using=using).filter(pk=1).update(
            last_seq=last_seq, last_hash=last_hash
        )
        checkpoint_manager = chain.checkpoint_model._default_manager.db_manager(using)
        last_batch = checkpoint_manager.order_by("-batch").values_list("batch", flat=True)
        checkpoint_manager.create(
            batch=(last_batch.first() or 0) + 1,
            first_seq=first_seq,
            last_seq=last_seq,
            last_hash=last_hash,
            sealed_at=clock.now(),
        )
    return len(events)


def export_checkpoints(chain: Chain) -> int:
    """Append the chain's checkpoints that are not off the host yet; returns how many."""
    if checkpoints.directory() is None:
        return 0
    done = checkpoints.last_batch(chain.slug)
    pending = chain.checkpoint_model._default_manager.filter(batch__gt=done).order_by("batch")
    lines = (row.line(chain.slug) for row in pending.iterator())  # type: ignore[attr-defined]
    return checkpoints.append(chain.slug, lines)


def seal_chain(chain: Chain, *, batch_size: int = BATCH_SIZE, max_batches: int | None = None):
    """Seal until nothing committed is left unsealed (or ``max_batches``), then copy the
    new checkpoints off the host. A failing copy does not undo the sealing: it is
    logged, reported, and retried on the next run (``verify-audit`` reports a copy that
    stays behind)."""
    events = batches = 0
    while max_batches is None or batches < max_batches:
        sealed = seal_batch(chain, batch_size)
        if not sealed:
            break
        events, batches = events + sealed, batches + 1
    try:
        exported, failed = export_checkpoints(chain), False
    except OSError:
        logger.exception("audit checkpoints of %s could not be written off the host", chain.slug)
        exported, failed = 0, True
    return Sealed(chain.name, events, batches, exported, failed)


def seal_all(**options) -> list[Sealed]:
    return [seal_chain(chain, **options) for chain in chains()]
