"""The guard's results, remembered for one request (issue 21).

A form's ``clean`` checks a text and the service checks it again before it writes:
every service runs the guard itself, whoever calls it, so no caller can skip it by
saying it already did (the earlier ``text_checked`` flag of the sick report). Within one
request the second reading of the same text is a look-up. Outside a request (jobs,
commands, tests) nothing is remembered. The results live only until the request ends:
nothing refused is kept (R-SICK-3).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar

_results: ContextVar[dict | None] = ContextVar("textguard_results", default=None)

Result = TypeVar("Result")


@contextmanager
def remembering() -> Iterator[None]:
    """Within this block the guard reads each (text, profile) once."""
    token = _results.set({})
    try:
        yield
    finally:
        _results.reset(token)


def remembered(check: Callable[..., Result]) -> Callable[..., Result]:
    """``check`` with its results remembered inside :func:`remembering`: only for the
    product's own lexicon (a test's lexicon is read every time)."""

    @wraps(check)
    def wrapper(text: str, lexicon=None, profile: str = "employer", extras: bool = True):
        results = _results.get()
        if results is None or lexicon is not None:
            return check(text, lexicon, profile, extras)
        key = (text, profile, extras)
        if key not in results:
            results[key] = check(text, lexicon, profile, extras)
        return results[key]

    return wrapper


class GuardMemoMiddleware:
    """Each request remembers the guard's results until it ends (``remembering``)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        with remembering():
            return self.get_response(request)
