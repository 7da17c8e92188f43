"""``poortwachter db-privileges --app-role ROLE [--apply]``: PostgreSQL privileges for the
role the application connects as. It may read and append to the access log but never
update, delete or truncate it (NEN 7513 §8). Run migrations as the owning role and the
application as ROLE; without ``--apply`` the SQL is printed for review."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from poortwachter.audit.db import privilege_statements


class Command(BaseCommand):
    help = "Rechten van de applicatierol op PostgreSQL: het toegangslog alleen lezen en aanvullen."

    def add_arguments(self, parser):
        parser.add_argument("--app-role", required=True, help="De databaserol van de applicatie.")
        parser.add_argument("--apply", action="store_true", help="Voer de SQL ook uit.")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Databaserechten gelden alleen voor PostgreSQL.")
        statements = privilege_statements(options["app_role"])
        for statement in statements:
            self.stdout.write(statement + ";")
        if options["apply"]:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
            self.stdout.write("Toegepast.")
