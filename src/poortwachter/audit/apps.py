from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "poortwachter.audit"
    label = "audit"
    verbose_name = "Toegangslog"

    def ready(self) -> None:
        from poortwachter.audit.jobs import JOB
        from poortwachter.scheduling.registry import register

        register(JOB)
