from django.apps import AppConfig


class ReintegrationConfig(AppConfig):
    name = "poortwachter.reintegration"
    label = "reintegration"
    verbose_name = "Re-integratie"

    def ready(self) -> None:
        # The daily job (tasks from the timeline, reminders) and the retention
        # categories of the re-integration file (R-RET-2, R-RET-5).
        from poortwachter.reintegration import own_data, retention
        from poortwachter.reintegration.sync import reintegration_daily
        from poortwachter.scheduling.registry import Job, register

        register(Job("reintegration", run=reintegration_daily, order=60))
        retention.register()
        own_data.register()  # its part of the employee's own-data export
