from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "poortwachter.api"
    label = "api"
    verbose_name = "API"
