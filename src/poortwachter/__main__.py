"""Console entry point: ``poortwachter <command>`` runs a Django management command.

``poortwachter demo``, ``poortwachter migrate``, ``poortwachter seed`` ... all run with
the embedded default settings unless ``DJANGO_SETTINGS_MODULE`` says otherwise.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poortwachter.config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["poortwachter", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
