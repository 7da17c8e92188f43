"""Medical data lives in its own database (R-MED-1, DESIGN boundary 1).

Every model of the ``medical`` app reads, writes and migrates on the ``medical``
connection, and no other model does. Relations between the two databases are plain ids:
the router refuses foreign keys across them, so a query can never join medical rows into
the employer's data.
"""

MEDICAL_APP = "medical"
MEDICAL_DB = "medical"


class MedicalRouter:
    def _is_medical(self, model) -> bool:
        return model._meta.app_label == MEDICAL_APP

    def db_for_read(self, model, **hints):
        return MEDICAL_DB if self._is_medical(model) else "default"

    def db_for_write(self, model, **hints):
        return MEDICAL_DB if self._is_medical(model) else "default"

    def allow_relation(self, obj1, obj2, **hints):
        # ``obj._meta`` also works through lazy wrappers such as ``request.user``.
        return (obj1._meta.app_label == MEDICAL_APP) == (obj2._meta.app_label == MEDICAL_APP)

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == MEDICAL_APP:
            return db == MEDICAL_DB
        return db == "default"
