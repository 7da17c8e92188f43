import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from poortwachter.accounts.bootstrap import service_admin_bootstrap
from poortwachter.core.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Create a service administrator (beheerder arbodienst) from the server's command "
        "line: the root of trust that issues every other medical or administrative account "
        "(R-ACC-1). The account must enrol a second factor at first sign-in (R-SEC-1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, email, first_name, last_name, **options):
        password = getpass.getpass("Wachtwoord: ")
        if password != getpass.getpass("Nogmaals: "):
            raise CommandError("De wachtwoorden verschillen.")
        try:
            validate_password(password)
            user = service_admin_bootstrap(
                email=email, first_name=first_name, last_name=last_name, password=password
            )
        except (ValidationError, ServiceError) as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Beheerder {user.email} aangemaakt; stel bij inloggen een tweede factor in."
        )
