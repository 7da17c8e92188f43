"""``poortwachter db-privileges --app-role ROLE [--database ALIAS] [--apply]``:
PostgreSQL privileges for the role the application connects as. It may read and append
to the access log, and set an unsealed event's three chain columns (the sealer), but never
update anything else, delete or truncate (NEN 7513 §8). ``--database medical`` does the
same for the medical database's log (the tables of every registered log in that
database). Run migrations as the owning role and the application as ROLE; without
``--apply`` the SQL is printed for review."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, router

from poortwachter.audit.db import APPEND_ONLY_TABLES, SEALED_TABLES, privilege_statements
from poortwachter.audit.verify import chains


class Command(BaseCommand):
    help = "Rechten van de applicatierol op PostgreSQL: het toegangslog alleen lezen en aanvullen."

    def add_arguments(self, parser):
        parser.add_argument("--app-role", required=True, help="De databaserol van de applicatie.")
        parser.add_argument("--apply", action="store_true", help="Voer de SQL ook uit.")
        parser.add_argument("--database", default="default", help="De database (default, medical).")

    def handle(self, *args, **options):
        alias = options["database"]
        if alias not in connections:
            raise CommandError(f"Onbekende database: {alias}.")
        connection = connections[alias]
        if connection.vendor != "postgresql":
            raise CommandError("Databaserechten gelden alleen voor PostgreSQL.")
        tables: list[str] = list(APPEND_ONLY_TABLES) if alias == "default" else []
        sealed: list[str] = list(SEALED_TABLES) if alias == "default" else []
        for chain in chains():
            if alias != "default" and router.db_for_write(chain.event_model) == alias:
                event_table = chain.event_model._meta.db_table
                tables += [event_table, chain.checkpoint_model._meta.db_table]
                sealed.append(event_table)
        if not tables:
            raise CommandError(f"Geen toegangslog in database {alias}.")
        statements = privilege_statements(options["app_role"], tuple(tables), tuple(sealed))
        for statement in statements:
            self.stdout.write(statement + ";")
        if options["apply"]:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
            self.stdout.write("Toegepast.")
