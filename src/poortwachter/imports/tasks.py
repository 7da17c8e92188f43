"""The check and the import of a file run on the task queue (django-tasks; ``db_worker``
runs them), so a 10,000-line file neither blocks a web process nor hits its timeout; the
page polls the run's progress. The actor is rebuilt from the person who uploaded the
file, and the service checks their access again (a role withdrawn meanwhile stops it)."""

from django_tasks import task

from poortwachter.accounts.models import User
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.core.actor import Actor
from poortwachter.imports import services
from poortwachter.imports.models import ImportRun


def _actor(run: ImportRun) -> Actor:
    user = User.objects.filter(pk=run.created_by_id).first() if run.created_by_id else None
    return actor_for_user(user) if user is not None else Actor(user_id=-1, label="")


@task()
def check_run(run_id: int) -> str:
    run = ImportRun.objects.select_related("employer").get(pk=run_id)
    return services.run_check(actor=_actor(run), run=run).status


@task()
def import_run(run_id: int) -> str:
    run = ImportRun.objects.select_related("employer").get(pk=run_id)
    return services.run_import(actor=_actor(run), run=run).status
