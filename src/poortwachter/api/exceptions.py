"""The one place that turns the domain's refusals into API answers.

Services and policies raise ``ServiceError`` (400, with the fields it concerns),
``Forbidden`` (403) and ``NotFound`` (404, also for what lies outside the caller's
scope). drf-standardized-errors renders every answer in the schema's error shape; this
handler only teaches it the domain's errors, so no endpoint wraps its calls.
"""

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
        return super().convert_known_exceptions(exc)
