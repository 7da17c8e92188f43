from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "poortwachter.web"
    label = "web"
    verbose_name = "Webinterface"
