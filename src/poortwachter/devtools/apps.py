from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Synthetic data, the demo and the second-factor helper for demo accounts. Only the
    development and test settings install this app: production has no command that
    prints second-factor codes or fills a database with invented people (R-DEV-1)."""

    name = "poortwachter.devtools"
    label = "devtools"
    verbose_name = "Development tools"

    def ready(self) -> None:
        # Adds the absence-history step to the synthetic data generator.
        from poortwachter.devtools import absence_history  # noqa: F401
