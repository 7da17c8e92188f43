from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "poortwachter.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from poortwachter.api import schema  # noqa: F401  (registers the auth extension)
