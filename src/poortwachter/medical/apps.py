from django.apps import AppConfig

MEDICAL_FILE_REASON = (
    "Het medisch dossier houdt de bedrijfsarts bij, in een eigen database waar uw "
    "werkgever niet bij kan; inzage of een afschrift vraagt u aan de bedrijfsarts."
)


class MedicalConfig(AppConfig):
    """The company doctor's module (R-MED-1). Its models live in their own database
    (``config.routers.MedicalRouter``); nothing employer-facing imports it."""

    name = "poortwachter.medical"
    label = "medical"
    verbose_name = "Medisch dossier"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from poortwachter.audit.verify import Chain, register_chain
        from poortwachter.medical.models import (
            MedicalAccessEvent,
            MedicalChainCheckpoint,
            MedicalChainHead,
        )

        chain = Chain(
            "medisch toegangslog",
            "medical-access-log",
            MedicalAccessEvent,
            MedicalChainHead,
            MedicalChainCheckpoint,
        )
        register_chain(chain)
        # Its append-only triggers come back after every migrate of its database, as the
        # main log's do (SQLite rebuilds a table on some changes and drops its triggers).
        from poortwachter.audit.db import register_append_only
        from poortwachter.medical.db import MEDICAL_APPEND_ONLY_TABLES, MEDICAL_SEALED_TABLES

        register_append_only(MEDICAL_APPEND_ONLY_TABLES, MEDICAL_SEALED_TABLES)
        # The employer-side own-data export leaves the medical file out, every model of
        # it (also one added later): the doctor gives inspection and copies (R-MED-1).
        from poortwachter.core import own_data

        for model in self.get_models():
            own_data.exclude(model._meta.label, MEDICAL_FILE_REASON)
        # The medical file's retention (issue 16, R-RET-3, R-RET-4), registered from here:
        # the retention app never imports the medical module.
        from poortwachter.medical import retention

        retention.register()
