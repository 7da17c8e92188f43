"""The navigation a signed-in user sees: one entry per workspace their roles open."""

from functools import partial

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from poortwachter.accounts.policies import can_decide_role_requests
from poortwachter.accounts.second_factor import session_passed_second_factor
from poortwachter.core.access import request_actor
from poortwachter.core.roles import Role
from poortwachter.notifications.selectors import unread_count

#: Per role its pages, the first being where the role lands after sign-in.
WORKSPACES = [
    (Role.EMPLOYEE, "absences:my_absence", _("Mijn verzuim")),
    (Role.EMPLOYEE, "web:employee_home", _("Mijn gegevens")),
    (Role.EMPLOYEE, "reintegration:my_tasks", _("Mijn re-integratie")),
    (Role.MANAGER, "absences:team", _("Verzuim in mijn team")),
    (Role.MANAGER, "organisations:team", _("Mijn team")),
    (Role.MANAGER, "absences:calendar", _("Verzuimkalender")),
    (Role.MANAGER, "statistics:dashboard", _("Verzuimstatistiek")),
    (Role.HR, "absences:hr_list", _("Verzuimoverzicht")),
    (Role.HR, "organisations:employee_list", _("Werknemers")),
    (Role.HR, "statistics:dashboard", _("Verzuimstatistiek")),
    (Role.HR, "reintegration:hr_tasks", _("Taken re-integratie")),
    (Role.HR, "reintegration:my_cases", _("Mijn dossiers")),
    (Role.HR, "absences:calendar", _("Verzuimkalender")),
    (Role.EMPLOYER_ADMIN, "accounts:employer_admin_home", _("Beheer werkgever")),
    (Role.DOCTOR, "absences:caseload", _("Werkvoorraad")),
    (Role.DOCTOR, "medical:caseload", _("Medische dossiers")),
    (Role.DOCTOR, "medical:agenda", _("Spreekuur")),
    (Role.DOCTOR, "organisations:doctor_home", _("Mijn werkgevers")),
    (Role.DOCTOR, "medical:cause_statistics", _("Oorzakenstatistiek")),
    (Role.DOCTOR, "reintegration:doctor_tasks", _("Taken re-integratie")),
    (Role.ASSISTANT, "medical:caseload", _("Medische dossiers")),
    (Role.ASSISTANT, "medical:agenda", _("Spreekuur")),
    (Role.SERVICE_ADMIN, "organisations:employer_list", _("Beheer arbodienst")),
    (Role.SERVICE_ADMIN, "security:report_list", _("Beveiliging")),
    (Role.SERVICE_ADMIN, "accounts:role_requests", _("Aanvragen vier ogen")),
    (Role.PRIVACY_OFFICER, "privacy:event_list", _("Toegangslog")),
    (Role.PRIVACY_OFFICER, "privacy:assignment_history", _("Toewijzingen bedrijfsartsen")),
    (Role.PRIVACY_OFFICER, "accounts:role_requests", _("Aanvragen vier ogen")),
]
#: Pages a role reaches only under a further condition: no link leads to a refusal (the
#: privacy officer of one employer does not decide the service's medical roles).
GATES = {"accounts:role_requests": can_decide_role_requests}


def _open_to(actor, role, url_name) -> bool:
    gate = GATES.get(url_name)
    return actor.has_role(role) and (gate is None or gate(actor))


def workspaces_for(actor) -> list[dict]:
    return [
        {"role": role, "url": reverse(url_name), "label": label}
        for role, url_name, label in WORKSPACES
        if _open_to(actor, role, url_name)
    ]


def landing_for(actor) -> str | None:
    """Where a user with one role lands; None when there is a choice to make."""
    roles = {w["role"] for w in workspaces_for(actor)}
    if len(roles) != 1:
        return None
    return workspaces_for(actor)[0]["url"]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not session_passed_second_factor(request):
        return {"workspaces": []}  # enrolment first: no links the middleware would refuse
    actor = request_actor(request)  # built once per request, shared with the view
    return {
        "workspaces": workspaces_for(actor),
        "actor": actor,
        # Counted only when a template shows it: one query on an index (issue 19).
        "notification_count": partial(unread_count, actor),
    }
