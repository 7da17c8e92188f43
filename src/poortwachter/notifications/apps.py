from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "poortwachter.notifications"
    label = "notifications"
    verbose_name = "Meldingen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The daily digest: an hourly job that mails each user who chose it once a day,
        # at their hour (issue 19).
        from poortwachter.notifications.delivery import DIGEST_JOB
        from poortwachter.scheduling.registry import register

        register(DIGEST_JOB)
