from django.apps import AppConfig


class MedicalConfig(AppConfig):
    """The company doctor's module (R-MED-1). Its models live in their own database
    (``config.routers.MedicalRouter``); nothing employer-facing imports it."""

    name = "poortwachter.medical"
    label = "medical"
    verbose_name = "Medisch dossier"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from poortwachter.audit.verify import Chain, register_chain
        from poortwachter.medical.models import MedicalAccessEvent, MedicalChainHead

        register_chain(Chain("medisch toegangslog", MedicalAccessEvent, MedicalChainHead))
