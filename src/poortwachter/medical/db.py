"""The medical database's append-only log tables (see ``audit.db``)."""

MEDICAL_APPEND_ONLY_TABLES = ("medical_medicalaccessevent", "medical_medicalchaincheckpoint")
#: The event table: UPDATE is allowed only to seal an unsealed event.
MEDICAL_SEALED_TABLES = ("medical_medicalaccessevent",)
