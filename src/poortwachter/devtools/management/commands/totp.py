from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from poortwachter.accounts.allauth_internals import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from poortwachter.accounts.models import User


class Command(BaseCommand):
    help = (
        "Print the current TOTP code of a synthetic demo account, so the demo can be used "
        "without an authenticator app. Refuses every account that is not synthetic."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email=email.strip().lower(), is_synthetic=True).first()
        if user is None:
            raise CommandError("No synthetic demo account with that e-mail address.")
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is None:
            raise CommandError("That account has no TOTP authenticator.")
        secret = decrypt(totp.data["secret"])
        counters = list(yield_hotp_counters_from_time())
        current = counters[len(counters) // 2]
        self.stdout.write(format_hotp_value(hotp_value(secret, current)))
