from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "poortwachter.imports"
    label = "imports"
    verbose_name = "Import van werknemers"
