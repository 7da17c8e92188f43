import json
import sys

from django.core.management.base import BaseCommand

from poortwachter.textguard import PROFILES, GuardResult, check_text


def as_json(result: GuardResult) -> str:
    return json.dumps(
        {
            "medical": result.medical,
            "matches": [
                {"term": m.term, "start": m.start, "end": m.end, "category": m.category}
                for m in result.matches
            ],
        },
        ensure_ascii=False,
    )


class Command(BaseCommand):
    help = (
        "Run the medical-text guard (R-SICK-2, R-SICK-3, R-INC-1) over standard input: one "
        "text per line in, one JSON object per line out, "
        '{"medical": …, "matches": [{"term", "start", "end", "category"}]}, offsets in '
        "characters into the line. --profile employer (default: employer-side fields) or "
        "advice (the company doctor's advice, R-DOC-1). For trying out the lexicon; nothing "
        "is stored or logged."
    )
    requires_system_checks: list[str] = []
    # call_command("check-text", stdin=StringIO(...)) passes its own input.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "--profile",
            choices=PROFILES,
            default="employer",
            help="employer (default) or advice (the company doctor's advice, R-DOC-1)",
        )

    def handle(self, *args, **options):
        profile = options["profile"]
        stdin = options.get("stdin")
        if stdin is None:
            stdin = sys.stdin
            if hasattr(stdin, "reconfigure"):
                stdin.reconfigure(encoding="utf-8", errors="replace")
            if options.get("stdout") is None and hasattr(sys.stdout, "reconfigure"):
                sys.stdout.reconfigure(encoding="utf-8")
        for line in stdin:
            self.stdout.write(as_json(check_text(line.rstrip("\r\n"), profile=profile)))
            self.stdout.flush()
