from django.apps import AppConfig
from django.db.models.signals import post_migrate

from poortwachter.absences.db import reinstall_after_migrate


class AbsencesConfig(AppConfig):
    name = "poortwachter.absences"
    label = "absences"
    verbose_name = "Verzuim"

    def ready(self) -> None:
        # The employer triggers survive SQLite's table rebuilds (absences.db).
        post_migrate.connect(reinstall_after_migrate, sender=self, dispatch_uid="absences-db")
