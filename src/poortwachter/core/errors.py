"""Errors that services raise; views and the API turn them into 400/403/404 answers.

``NotFound`` is used both for what does not exist and for what lies outside the actor's
tenant or scope, so an answer never reveals that another employer's object exists.
"""

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
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


class Refusals:
    """Every refusal of one input, collected instead of raised one at a time, so a person
    sees all that is wrong after one submit (issue 15).

    A service's check function adds to it, skipping each check whose inputs are missing
    (a form passes ``None`` for a field that failed its own check); the service itself
    ends with ``raise_if_any()``, a form's ``clean()`` adds them to its own errors."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str | None, message: str) -> None:
        messages = self.by_field.setdefault(field or NON_FIELD_ERRORS, [])
        if str(message) not in messages:
            messages.append(str(message))

    def collect(self, error: ValidationError) -> None:
        """Take over the refusals of a check that raises."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add(field, message)
        else:
            for message in error.messages:
                self.add(None, message)

    def run(self, check: Callable[[], object]) -> None:
        """Run a check that raises ``ValidationError``; keep its refusals, go on."""
        try:
            check()
        except ValidationError as error:
            self.collect(error)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def error(self) -> ServiceError:
        return ServiceError({field: list(messages) for field, messages in self.by_field.items()})

    def raise_if_any(self) -> None:
        if self:
            raise self.error()
