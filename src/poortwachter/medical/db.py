"""The medical database's append-only log tables (see ``audit.db``)."""

MEDICAL_APPEND_ONLY_TABLES = ("medical_medicalaccessevent",)
