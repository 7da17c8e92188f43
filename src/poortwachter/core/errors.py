"""Errors that services raise; views and the API turn them into 400/403/404 answers.

``NotFound`` is used both for what does not exist and for what lies outside the actor's
tenant or scope, so an answer never reveals that another employer's object exists.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


class NotFound(Http404):
    pass


class Forbidden(PermissionDenied):
    pass


class ServiceError(ValidationError):
    """A rule of the domain refused the operation; the message is for the user (Dutch)."""


def field_errors(**messages: str) -> ServiceError:
    """A refusal tied to the fields it is about, so forms and the API show it there."""
    return ServiceError({field: [message] for field, message in messages.items()})
