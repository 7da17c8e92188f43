from django.apps import AppConfig
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate


def _create_cache_table(sender, using, **kwargs):
    """The database cache (embedded default) needs its table; idempotent."""
    backends = {cache["BACKEND"] for cache in settings.CACHES.values()}
    if "django.core.cache.backends.db.DatabaseCache" in backends:
        call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "poortwachter.core"
    label = "core"
    verbose_name = "Poortwachter core"

    def ready(self) -> None:
        from django.urls import register_converter

        from poortwachter.core.converters import IdConverter

        post_migrate.connect(_create_cache_table, sender=self)
        register_converter(IdConverter, "id")
