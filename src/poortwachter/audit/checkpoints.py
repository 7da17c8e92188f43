"""Checkpoints off the host (SECURITY.md G10, ASVS 16.4.3, NEN 7513 §8).

After each sealed batch the sealer appends one JSON line to a file in
``settings.AUDIT_CHECKPOINT_DIR``: the chain, the batch number, the first and last
``seq`` and the hash of the last event, which commits to every event before it. The
directory belongs on storage the database host cannot rewrite (an append-only mount, a
WORM bucket synced from it, another host). Whoever can rewrite the database, its chain
head and its checkpoint table can then no longer hide an edit: ``verify-audit`` compares
the chain with these lines.

Content-free: numbers and hashes only, never a name or an identifier of a person.
One file per chain and UTC day (``<chain>-YYYY-MM-DD.jsonl``), opened for appending
only; a line is written in one ``write`` and flushed to disk. A line torn by a crash is
skipped on reading, and the batch it held is written again on the next run.
"""

import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

_TAIL = 4096


def directory() -> Path | None:
    configured = getattr(settings, "AUDIT_CHECKPOINT_DIR", "")
    return Path(configured) if configured else None


def _files(slug: str) -> list[Path]:
    where = directory()
    if where is None or not where.is_dir():
        return []
    return sorted(where.glob(f"{slug}-????-??-??.jsonl"))


def _parse(raw: bytes) -> dict | None:
    try:
        line = json.loads(raw)
    except ValueError:
        return None
    return line if isinstance(line, dict) and isinstance(line.get("batch"), int) else None


def append(slug: str, lines: Iterable[dict]) -> int:
    """Append ``lines`` (``ChainCheckpointFields.line``) to the chain's files; returns
    how many. Each goes to the file of its sealing day."""
    where = directory()
    if where is None:
        return 0
    by_day: dict[str, list[dict]] = {}
    for line in lines:
        by_day.setdefault(line["sealed_at"][:10], []).append(line)
    written = 0
    for day, day_lines in sorted(by_day.items()):
        path = where / f"{slug}-{day}.jsonl"
        payload = "".join(json.dumps(line, sort_keys=True) + "\n" for line in day_lines)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            size = os.fstat(fd).st_size
            if size:
                # A crash mid-line leaves no newline: start on a line of our own.
                with path.open("rb") as existing:
                    existing.seek(size - 1)
                    if existing.read(1) != b"\n":
                        payload = "\n" + payload
            os.write(fd, payload.encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        written += len(day_lines)
    return written


def last_batch(slug: str) -> int:
    """The highest batch number already off the host (0 for none): the last readable
    line of the newest file that has one."""
    for path in reversed(_files(slug)):
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - _TAIL))
            tail = handle.read().splitlines()
        for raw in reversed(tail):
            line = _parse(raw)
            if line is not None:
                return int(line["batch"])
    return 0


def read(slug: str) -> tuple[dict[int, dict], int]:
    """Every readable line of the chain, by batch, and the number of unreadable lines.
    A batch written twice alike (a crash between writing and knowing it was written)
    counts once; two different lines for one batch are marked ``conflict``."""
    lines: dict[int, dict] = {}
    unreadable = 0
    for path in _files(slug):
        for raw in path.read_bytes().splitlines():
            if not raw.strip():
                continue
            line = _parse(raw)
            if line is None:
                unreadable += 1
                continue
            if line["batch"] in lines and lines[line["batch"]] != line:
                # Two different lines for one batch: keep the conflict visible.
                lines[line["batch"]] = {**lines[line["batch"]], "conflict": True}
                continue
            lines.setdefault(line["batch"], line)
    return lines, unreadable
