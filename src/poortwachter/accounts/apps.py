from django.apps import AppConfig
from django.db.models.signals import post_migrate

from poortwachter.accounts.db import reinstall_after_migrate


class AccountsConfig(AppConfig):
    name = "poortwachter.accounts"
    label = "accounts"
    verbose_name = "Accounts en rollen"

    def ready(self) -> None:
        from poortwachter.accounts import signals  # noqa: F401

        # The separation triggers survive SQLite's table rebuilds (accounts.db).
        post_migrate.connect(reinstall_after_migrate, sender=self, dispatch_uid="accounts-db")
