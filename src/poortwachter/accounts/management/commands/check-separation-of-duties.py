from django.core.management.base import BaseCommand, CommandError

from poortwachter.accounts.selectors import accounts_with_conflicting_duties


class Command(BaseCommand):
    help = (
        "List accounts that combine a medical role (bedrijfsarts, praktijkondersteuner) "
        "with service administration or privacy oversight (issue 18, finding 3; R-ACC-1). "
        "Nothing is changed: such an account issues and assigns nothing until the service "
        "revokes one side by hand. Exits with status 1 when any is found."
    )

    def handle(self, *args, **options):
        found = accounts_with_conflicting_duties()
        for user, roles in found:
            self.stdout.write(f"{user.pk}\t{user.email}\t{', '.join(roles)}")
        if found:
            raise CommandError(
                f"{len(found)} account(s) combineren een medische rol met beheer of "
                "privacytoezicht; trek per account een van beide in."
            )
        self.stdout.write("Geen accounts met een medische rol naast beheer of privacytoezicht.")
