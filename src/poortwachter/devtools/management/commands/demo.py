import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from poortwachter.devtools.demo import accounts_file, ensure_demo, mail_destination


class Command(BaseCommand):
    help = (
        "Prepare and serve the demo: migrate, generate synthetic data when the database is "
        "empty (idempotent on re-run), print one account per role, serve on 127.0.0.1:8000 "
        "with the scheduler and the task queue's worker beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-serve", action="store_true", help="Prepare only.")

    def handle(self, *args, host, port, seed, no_serve, **options):
        served = f"http://{host}:{port}"
        if not os.environ.get("POORTWACHTER_BASE_URL") and served != settings.POORTWACHTER_BASE_URL:
            # Links in e-mails point where this demo serves (the scheduler and the
            # worker read it from the environment; issue 19).
            os.environ["POORTWACHTER_BASE_URL"] = served
            settings.POORTWACHTER_BASE_URL = served
        call_command("migrate", verbosity=0, interactive=False)
        call_command("migrate", database="medical", verbosity=0, interactive=False)
        key_file = Path(settings.POORTWACHTER_MEDICAL_KEY_FILE)
        if settings.POORTWACHTER_MEDICAL_KEY_PROVIDER == "file" and not key_file.exists():
            # In production the service administrator creates it (medical-keys init);
            # the demo does it for them, in its own data directory.
            call_command("medical-keys", "init")
        accounts, created = ensure_demo(seed=seed)
        self.stdout.write(
            ("Synthetic demo data generated." if created else "Demo data already present.")
            + f" Accounts: {accounts_file()}\n"
        )
        width = max(len(a.email) for a in accounts)
        self.stdout.write(f"{'role':32} {'e-mail':{width}} {'password':18} TOTP secret")
        for a in accounts:
            self.stdout.write(
                f"{a.role:32} {a.email:{width}} {a.password or '-':18} {a.totp_secret or '-'}"
            )
        self.stdout.write(
            "\nSign in with e-mail and password, then the 6-digit code: add the TOTP secret to "
            "an authenticator app, or print the current code with `poortwachter totp EMAIL`.\n"
        )
        for a in accounts:
            if a.role == "privacy_officer" and a.note:
                # Four eyes on medical roles (R-ACC-1): one request waits for a decision.
                self.stdout.write(f"Four eyes: {a.email} {a.note}.\n")
        for a in accounts:
            if not a.password:
                self.stdout.write(
                    f"Not yet activated, as a newly issued account: {a.email}, {a.note} "
                    "(valid 72 hours from the first run).\n"
                )
        self.stdout.write(mail_destination() + "\n")
        if not no_serve:
            # The scheduler (retention, the access-log check) runs beside the web server
            # as its own process, as it would in production, and stops with it.
            scheduler = subprocess.Popen(
                [sys.executable, "-m", "poortwachter", "scheduler", "--stop-with-parent"]
            )
            # The task queue's worker (reminder e-mails; the console shows them in the demo).
            worker = subprocess.Popen(
                [sys.executable, "-m", "poortwachter", "db_worker", "--no-reload",
                 "--no-startup-delay"]
            )  # fmt: skip
            # A plain kill (SIGTERM) should stop the scheduler too: turn it into an exit.
            signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
            self.stdout.write(f"Serving on http://{host}:{port}/ (Ctrl-C stops)\n")
            try:
                call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)
            finally:
                for process in (scheduler, worker):
                    process.terminate()
                for process in (scheduler, worker):
                    process.wait(timeout=10)
