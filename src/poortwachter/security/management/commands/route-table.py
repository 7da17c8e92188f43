from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import poortwachter
from poortwachter.security import route_table


def docs_file() -> Path:
    """docs/security.md of the source tree this package runs from."""
    return Path(poortwachter.__file__).resolve().parents[2] / "docs" / "security.md"


class Command(BaseCommand):
    help = (
        "Print the table of every route's authentication, second-factor and step-up "
        "requirement, generated from the URL resolver and the views' gates (issue 18). "
        "--write puts it in docs/security.md; --check fails when that file is out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true")
        parser.add_argument("--check", action="store_true")
        parser.add_argument("--file", default=None, help="default: docs/security.md")

    def handle(self, *args, write, check, file, **options):
        path = Path(file) if file else docs_file()
        if not (write or check):
            self.stdout.write(route_table.markdown())
            return
        text = path.read_text(encoding="utf-8")
        updated = route_table.replace_in(text)
        if check:
            if updated != text:
                raise CommandError(
                    f"{path} is out of date: run `poortwachter route-table --write`."
                )
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(updated, encoding="utf-8")
        self.stdout.write(f"{path} written.")
