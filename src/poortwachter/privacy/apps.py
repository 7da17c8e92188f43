from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "poortwachter.privacy"
    label = "privacy"
    verbose_name = "Privacy"
