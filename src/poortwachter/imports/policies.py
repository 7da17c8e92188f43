"""Who may import employees: the employer's own HR and employer administrator (as for
adding one employee, ``organisations.policies.can_manage_people``), and the operator's
``poortwachter import-employees`` command, which runs on the server as the system."""

from poortwachter.core.actor import Actor
from poortwachter.core.errors import NotFound
from poortwachter.imports.models import ImportRun
from poortwachter.organisations.models import Employer
from poortwachter.organisations.policies import can_manage_people, can_manage_people_somewhere


def can_open_import_pages(actor: Actor) -> bool:
    """Route gate; which employer is decided by ``can_import``."""
    return can_manage_people_somewhere(actor)


def can_import(actor: Actor, employer_id: int) -> bool:
    """Also a machine client of the employer with ``employees:write`` (issue 20)."""
    return (
        actor.is_system
        or can_manage_people(actor, employer_id)
        or actor.client_may("employees:write", employer_id)
    )


def get_run_for(actor: Actor, employer: Employer, run_id: int) -> ImportRun:
    """A run of this employer that the actor may see (404 otherwise, as for others)."""
    if not can_import(actor, employer.pk):
        raise NotFound
    run = ImportRun.objects.filter(pk=run_id, employer=employer).first()
    if run is None:
        raise NotFound
    return run
