from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "poortwachter.imports"
    label = "imports"
    verbose_name = "Import van werknemers"

    def ready(self) -> None:
        # Uploaded files not imported within a day, and reports after two years, go.
        from poortwachter.imports.services import imports_daily
        from poortwachter.scheduling.registry import Job, register

        register(Job("imports", run=imports_daily, order=90))
