from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "poortwachter.integrations"
    label = "integrations"
    verbose_name = "Koppelingen"

    def ready(self) -> None:
        # Webhook events are recorded in the transaction of the change (issue 20).
        from poortwachter.absences.events import absence_changed
        from poortwachter.integrations.services import on_absence_changed, on_employee_changed
        from poortwachter.organisations.events import employee_changed

        absence_changed.connect(on_absence_changed, dispatch_uid="integrations-absence")
        employee_changed.connect(on_employee_changed, dispatch_uid="integrations-employee")
        # Expired tokens, used assertions and old deliveries go (R-SEC-3).
        from poortwachter.integrations.services import integrations_daily
        from poortwachter.scheduling.registry import Job, register

        register(Job("integrations", run=integrations_daily, order=95))
