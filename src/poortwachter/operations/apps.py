from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Operators' tooling that sits above the domain apps: backups and restore tests
    (``poortwachter restore-test``). Kept out of ``core``, which is the bottom layer."""

    name = "poortwachter.operations"
    label = "operations"
    verbose_name = "Beheer"
