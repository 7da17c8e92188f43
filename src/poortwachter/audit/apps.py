from django.apps import AppConfig


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
