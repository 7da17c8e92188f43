from django.db import models


class FloorRow(models.Model):
    """One row per request of the floor view (no migrations: ``migrate --run-syncdb``)."""

    created_at = models.DateTimeField(auto_now_add=True)
    payload = models.CharField(max_length=200)

    class Meta:
        app_label = "floor"

    def __str__(self) -> str:
        return f"floor row {self.pk}"
