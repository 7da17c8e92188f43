from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "poortwachter.notifications"
    label = "notifications"
    verbose_name = "Meldingen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The daily digest: an hourly job that mails each user who chose it once a day,
        # at their hour (issue 19); and the daily deletion of old notifications.
        from poortwachter.notifications import receivers
        from poortwachter.notifications.delivery import CLEANUP_JOB, DIGEST_JOB
        from poortwachter.scheduling.registry import register

        register(DIGEST_JOB)
        register(CLEANUP_JOB)
        receivers.connect()
