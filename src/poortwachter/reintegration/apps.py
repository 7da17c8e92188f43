from django.apps import AppConfig
from django.db.models.signals import post_migrate

from poortwachter.reintegration.db import reinstall_after_migrate


class ReintegrationConfig(AppConfig):
    name = "poortwachter.reintegration"
    label = "reintegration"
    verbose_name = "Re-integratie"

    def ready(self) -> None:
        # The employer triggers survive SQLite's table rebuilds (reintegration.db).
        post_migrate.connect(reinstall_after_migrate, sender=self, dispatch_uid="reintegration-db")
        # The daily job (tasks from the timeline, reminders) and the retention
        # categories of the re-integration file (R-RET-2, R-RET-5).
        from poortwachter.reintegration import own_data, retention
        from poortwachter.reintegration.sync import reintegration_daily
        from poortwachter.scheduling.registry import Job, register

        register(Job("reintegration", run=reintegration_daily, order=60))
        # A new, joined or closed case gets its tasks at once (issue 19).
        from poortwachter.absences.events import case_changed
        from poortwachter.reintegration.sync import on_case_changed

        case_changed.connect(on_case_changed, dispatch_uid="reintegration-tasks")
        retention.register()
        own_data.register()  # its part of the employee's own-data export
        # HR's absence overview sorts by the deadlines this app keeps (issue 15).
        from poortwachter.absences.selectors import register_overview_sort
        from poortwachter.reintegration import deadlines

        register_overview_sort("termijn", deadlines.next_due_expression)
        register_overview_sort("casemanager", deadlines.case_manager_expression)
        register_overview_sort("status", deadlines.late_expression, inverted=True)
