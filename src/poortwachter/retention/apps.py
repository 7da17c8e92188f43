from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "poortwachter.retention"
    label = "retention"
    verbose_name = "Bewaartermijnen"

    def ready(self) -> None:
        # Registers the categories this app can purge itself (absence data, the employee
        # record). Later apps register theirs from their own ready().
        from poortwachter.retention import categories, own_data  # noqa: F401
        from poortwachter.retention.jobs import JOB
        from poortwachter.scheduling.registry import register

        register(JOB)
        own_data.register()  # legal holds in the employee's own-data export
