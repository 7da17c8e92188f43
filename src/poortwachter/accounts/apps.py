from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "poortwachter.accounts"
    label = "accounts"
    verbose_name = "Accounts en rollen"

    def ready(self) -> None:
        from poortwachter.accounts import signals  # noqa: F401
