from django.apps import AppConfig
from django.db.models.signals import post_migrate

from poortwachter.audit.db import reinstall_after_migrate


class AuditConfig(AppConfig):
    name = "poortwachter.audit"
    label = "audit"
    verbose_name = "Toegangslog"

    def ready(self) -> None:
        from poortwachter.audit import checks  # noqa: F401  (registers the deploy checks)
        from poortwachter.audit.jobs import JOB, SEALER
        from poortwachter.scheduling.registry import register, register_frequent

        register(JOB)
        register_frequent(SEALER)
        # The append-only triggers survive SQLite's table rebuilds (audit.db).
        post_migrate.connect(reinstall_after_migrate, sender=self, dispatch_uid="audit-db")
