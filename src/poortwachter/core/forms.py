"""Helpers for forms that call services."""

from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from poortwachter.core.errors import Refusals, ServiceError

F = TypeVar("F", bound=forms.Field)


def add_service_error(form: forms.Form, error: ServiceError) -> None:
    """Show a service's refusal on the form: per field where it names a field of this
    form, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def add_refusals(form: forms.Form, refusals: Refusals) -> None:
    """Add collected refusals to the form's errors, each message once per field."""
    for field, messages in refusals.by_field.items():
        target = field if field in form.fields else None
        known = {str(m) for m in (form.errors.get(target or NON_FIELD_ERRORS) or [])}
        new = [m for m in messages if m not in known]
        if new:
            form.add_error(target, new)


class CheckedForm(forms.Form):
    """A form that shows every error of one submit at once (issue 15).

    Django runs ``clean()`` even when some fields failed their own checks; ``cleaned_data``
    then holds only the fields that passed. ``refusals()`` gets that data and runs the
    cross-field checks and the service's own checks on whatever is present (each check
    skips when a field it needs is missing), so field, cross-field and service errors
    appear together instead of in rounds. The service still checks everything itself
    when it is called: the form only shows the same refusals earlier."""

    def refusals(self, data: dict[str, Any]) -> Refusals:
        return Refusals()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_refusals(self, self.refusals(dict(data)))
        return self.cleaned_data


def sometimes_required(field: F) -> F:
    """A field required only in some cases, which the form's ``clean()`` decides (a
    personnel number for the role Werknemer, a department for Leidinggevende). Its help
    text says when; the page does not call it "niet verplicht" and then refuse it."""
    field.required = False
    field.sometimes_required = True  # type: ignore[attr-defined]  # read by _field.html
    return field
