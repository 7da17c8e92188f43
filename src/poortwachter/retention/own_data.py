"""Legal holds in the employee's own-data export (art. 15 AVG, issue 16): that a hold
was placed, its kind and reason, and when it was lifted. Registered with
``core.own_data`` from ``RetentionConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from poortwachter.core import own_data
from poortwachter.retention.models import LegalHold


def _holds(employee_ids):
    return own_data.rows_of(LegalHold.objects.filter(employee_id__in=employee_ids), "employee_id")


def register() -> None:
    own_data.register(
        own_data.section_of(
            "legal_holds", _("Bewaarblokkades (juridische geschillen)"), LegalHold, _holds
        )
    )
