from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "poortwachter.audit"
    label = "audit"
    verbose_name = "Toegangslog"
