"""E-mails to the occupational health service carry no content beyond "there is a new
item, sign in" (R-AUTHZ-1: no personal or medical data by e-mail)."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from poortwachter.accounts.links import absolute
from poortwachter.organisations.models import DoctorAssignment


def new_sick_report(employer_id: int) -> int:
    doctors = (
        DoctorAssignment.objects.filter(employer_id=employer_id, doctor__is_active=True)
        .values_list("doctor__email", flat=True)
        .distinct()
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Poortwachter] Nieuw item in uw werkvoorraad")
        body = _(
            "Er staat een nieuw item voor u klaar in Poortwachter.\n\n"
            "Log in om het te bekijken: {url}"
        ).format(url=absolute("/"))
    return send_mass_mail(
        [(subject, body, None, [email]) for email in doctors], fail_silently=False
    )
