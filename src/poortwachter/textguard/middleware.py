"""The guard's per-request memory as middleware (``_memo``)."""

from ._memo import GuardMemoMiddleware

__all__ = ["GuardMemoMiddleware"]
