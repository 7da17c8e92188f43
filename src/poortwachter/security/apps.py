from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """The periodic security report (R-SEC-2): ``poortwachter security-scan``."""

    name = "poortwachter.security"
    label = "security"
    verbose_name = "Beveiligingsrapport"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from poortwachter.scheduling.registry import register
        from poortwachter.security.jobs import JOB

        register(JOB)
