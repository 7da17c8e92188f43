"""The one place that turns the domain's refusals into API answers.

Services and policies raise ``ServiceError`` (400, with the fields it concerns),
``Forbidden`` (403) and ``NotFound`` (404, also for what lies outside the caller's
scope). drf-standardized-errors renders every answer in the schema's error shape; this
handler only teaches it the domain's errors, so no endpoint wraps its calls.
"""

import math

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions

from poortwachter.core.errors import Forbidden, NotFound, ServiceError


class DomainExceptionHandler(ExceptionHandler):
    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, ServiceError):
            detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            if not isinstance(detail, dict):
                detail = {"non_field_errors": detail}
            return exceptions.ValidationError(detail)
        if isinstance(exc, Forbidden):
            return exceptions.PermissionDenied(str(exc) or None)
        if isinstance(exc, NotFound):
            return exceptions.NotFound()
        if isinstance(exc, exceptions.Throttled):
            return _throttled(getattr(exc, "wait", None))
        return super().convert_known_exceptions(exc)


def _throttled(wait: float | None) -> exceptions.Throttled:
    """The rate limit's refusal in Dutch as a whole: DRF's own half-translated sentence
    ("Aanvraag was verstikt. Expected available in 60 seconds.") told a client nothing
    clear. The Retry-After header keeps the seconds."""
    if wait is None:
        message = _("Te veel verzoeken. Probeer het later opnieuw.")
    else:
        seconds = max(1, math.ceil(wait))
        message = ngettext(
            "Te veel verzoeken. Probeer het over %(seconds)d seconde opnieuw.",
            "Te veel verzoeken. Probeer het over %(seconds)d seconden opnieuw.",
            seconds,
        ) % {"seconds": seconds}
    refused = exceptions.Throttled(detail=message)
    refused.wait = wait  # type: ignore[attr-defined]  # DRF sets it; its stubs omit it
    return refused
