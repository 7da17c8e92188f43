"""The roles of REQUIREMENTS.md, as one vocabulary for every app.

Which side a role is on decides everything else: employer-side roles may never reach
medical data (category C), medical roles are issued only by the service administrator
(R-ACC-1), and no user holds roles of both sides.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Werknemer")
    MANAGER = "manager", _("Leidinggevende")
    HR = "hr", _("HR / verzuimcoördinator")
    EMPLOYER_ADMIN = "employer_admin", _("Functioneel beheerder werkgever")
    DOCTOR = "doctor", _("Bedrijfsarts")
    ASSISTANT = "assistant", _("Praktijkondersteuner / casemanager arbodienst")
    SERVICE_ADMIN = "service_admin", _("Beheerder arbodienst")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris / auditor")


#: Roles that work for one employer and are scoped to it.
EMPLOYER_ROLES = frozenset({Role.EMPLOYEE, Role.MANAGER, Role.HR, Role.EMPLOYER_ADMIN})
#: Roles that can reach the medical file (category C).
MEDICAL_ROLES = frozenset({Role.DOCTOR, Role.ASSISTANT})
#: The roles that can be the second person of a four-eyes request (service-wide): whoever
#: could grant one of them alone could make their own second person.
DECIDING_ROLES = frozenset({Role.SERVICE_ADMIN, Role.PRIVACY_OFFICER})
#: Roles that may need two people (four eyes, R-ACC-1): a first person files a request
#: (``accounts.RoleRequest``), a second one approves it, and only then is the role held.
#: Which grants do: ``needs_four_eyes``.
FOUR_EYES_ROLES = MEDICAL_ROLES | DECIDING_ROLES
#: Roles of the occupational health service that are not scoped to one employer.
SERVICE_ROLES = frozenset({Role.DOCTOR, Role.ASSISTANT, Role.SERVICE_ADMIN})
#: Employer-side roles that handle colleagues' absence data or accounts.
EMPLOYER_STAFF_ROLES = frozenset({Role.MANAGER, Role.HR, Role.EMPLOYER_ADMIN})
#: Separation of duties on the service side (issue 18, finding 3; R-ACC-1): who treats
#: patients does not also issue accounts, assign doctors or review the access log. An
#: account holds roles of at most one of these two groups.
SEPARATED_FROM_MEDICAL = frozenset({Role.SERVICE_ADMIN, Role.PRIVACY_OFFICER})


def duties_conflict(roles) -> bool:
    """Whether ``roles`` combine a medical role with service administration or privacy
    oversight (issue 18, finding 3)."""
    held = set(roles)
    return bool(held & MEDICAL_ROLES) and bool(held & SEPARATED_FROM_MEDICAL)


def needs_four_eyes(role: str, employer_id: int | None) -> bool:
    """Whether granting ``role`` (at ``employer_id``) takes two people: a medical role,
    and every role that decides such requests, the service administrator and the
    service's own privacy officer (no employer). Otherwise one service administrator
    could issue a second account to an address they control and approve their own
    requests with it. An employer's privacy officer decides nothing here."""
    if role in MEDICAL_ROLES or role == Role.SERVICE_ADMIN:
        return True
    return role == Role.PRIVACY_OFFICER and employer_id is None
