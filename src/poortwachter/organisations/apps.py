from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "poortwachter.organisations"
    label = "organisations"
    verbose_name = "Organisaties"
