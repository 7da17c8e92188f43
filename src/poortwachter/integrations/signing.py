"""The webhook signature (issue 20): HMAC-SHA256 over ``"{timestamp}." + body`` with the
webhook's secret, sent as ``Poortwachter-Signature: t=<unix seconds>,v1=<hex>``.
``verify`` is what a receiver does (docs/integrations.md has the same in a snippet): a
signature older than the tolerance is refused, so a captured request cannot be replayed
later, and a changed body or timestamp no longer matches."""

import hashlib
import hmac
import time

HEADER = "Poortwachter-Signature"
TOLERANCE_SECONDS = 300


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(
    secret: str, body: bytes, header: str, *, now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:  # fmt: skip
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
