"""``poortwachter medical-keys init|rotate|status``: the medical key-encryption keys.

Never prints key material: only key ids, file paths and row counts.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from poortwachter.medical.crypto import DecryptionError
from poortwachter.medical.encryption import key_usage, rewrap_all
from poortwachter.medical.keys import (
    KeyProviderError,
    add_key_to_file,
    configured_key_file,
    configured_provider_kind,
    create_key_file,
    get_key_provider,
    reset_key_provider,
)

NO_KEY = ""


class Command(BaseCommand):
    help = (
        "Beheer de sleutels van het medisch dossier (R-MED-1). 'init' maakt het "
        "sleutelbestand (modus 0600) met één nieuwe sleutel en overschrijft nooit. 'rotate' "
        "voegt een nieuwe sleutel toe, maakt die de huidige en pakt de gegevenssleutel van "
        "elke rij opnieuw in; oude sleutels blijven om te lezen (bij Vault roteer je in "
        "Vault en pakt dit alleen opnieuw in). 'status' telt rijen per sleutel per model."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        init = actions.add_parser("init", help="Maak het sleutelbestand aan.")
        init.add_argument(
            "--path", default=None,
            help="Maak het bestand hier aan in plaats van op POORTWACHTER_MEDICAL_KEY_FILE.",
        )  # fmt: skip
        rotate = actions.add_parser("rotate", help="Nieuwe sleutel en opnieuw inpakken.")
        rotate.add_argument(
            "--rewrap-only", dest="rewrap_only", action="store_true",
            help="Geen nieuwe sleutel: alleen inpakken onder de huidige (na een onderbreking).",
        )  # fmt: skip
        rotate.add_argument("--batch-size", dest="batch_size", type=int, default=500)
        status = actions.add_parser("status", help="Rijen per sleutel, per model.")
        status.add_argument("--json", dest="as_json", action="store_true")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except (KeyProviderError, DecryptionError, OSError) as error:
            raise CommandError(_("Sleutelbeheer mislukt: %(error)s") % {"error": error}) from None

    def _init(self, path=None, **options):
        if path is None and configured_provider_kind() != "file":
            raise CommandError(
                _(
                    "De sleutelleverancier is Vault: maak daar de transit-sleutel aan "
                    "(vault write -f transit/keys/<naam> derived=true). 'init' maakt alleen "
                    "een sleutelbestand."
                )
            )
        target = Path(path) if path else configured_key_file()
        if not target.parent.is_dir():
            raise CommandError(_("Map %(path)s bestaat niet.") % {"path": target.parent})
        key_id = create_key_file(target)
        reset_key_provider()
        self.stdout.write(
            _(
                "Sleutelbestand aangemaakt: %(path)s (sleutel %(key_id)s, modus 0600). Bewaar "
                "een reservekopie op een andere plek dan de databaseback-ups: zonder dit "
                "bestand is het medisch dossier niet meer te lezen."
            )
            % {"path": target, "key_id": key_id}
        )

    def _rotate(self, rewrap_only=False, batch_size=500, **options):
        if batch_size < 1:
            raise CommandError(_("--batch-size moet minstens 1 zijn."))
        if rewrap_only:
            pass
        elif configured_provider_kind() == "file":
            key_id = add_key_to_file(configured_key_file())
            self.stdout.write(
                _("Nieuwe sleutel %(key_id)s is nu de huidige; oude sleutels blijven om te lezen.")
                % {"key_id": key_id}
            )
        else:
            self.stdout.write(
                _(
                    "Vault: roteer de sleutel in Vault (vault write -f transit/keys/<naam>/"
                    "rotate); hier worden alleen de gegevenssleutels opnieuw ingepakt."
                )
            )
        reset_key_provider()
        provider = get_key_provider()
        counts = rewrap_all(provider, batch_size=batch_size)
        for label, rows in counts.items():
            self.stdout.write(
                _("%(model)s: %(rows)s rijen opnieuw ingepakt.") % {"model": label, "rows": rows}
            )
        self.stdout.write(
            _("Alles staat op sleutel %(key_id)s. Verwijder een oude sleutel pas als 'status' "
              "er geen rijen meer op telt.") % {"key_id": provider.current_key_id()}
        )  # fmt: skip

    def _status(self, as_json=False, **options):
        provider = get_key_provider()
        current, known = provider.current_key_id(), provider.key_ids()
        usage = key_usage()
        unknown = sum(
            rows for per_key in usage.values() for key_id, rows in per_key.items()
            if key_id != NO_KEY and key_id not in known
        )  # fmt: skip
        if as_json:
            self.stdout.write(json.dumps({
                "provider": configured_provider_kind(), "current": current, "key_ids": known,
                "models": usage, "rows_on_unknown_keys": unknown,
            }))  # fmt: skip
        else:
            self._status_report(provider, current, known, usage)
        if unknown:
            raise CommandError(
                _("%(rows)s rijen gebruiken een sleutel die de sleutelleverancier niet kent; "
                  "die zijn niet te lezen.") % {"rows": unknown}
            )  # fmt: skip

    def _status_report(self, provider, current, known, usage):
        self.stdout.write(_("Sleutelleverancier: %(provider)s") % {"provider": provider})
        self.stdout.write(_("Huidige sleutel: %(key_id)s") % {"key_id": current})
        self.stdout.write(_("Bekende sleutels: %(key_ids)s") % {"key_ids": ", ".join(known)})
        behind = 0
        for label, per_key in usage.items():
            parts = [
                f"{key_id or _('(nog geen gegevenssleutel)')}: {rows}"
                for key_id, rows in sorted(per_key.items())
            ]
            behind += sum(rows for key_id, rows in per_key.items() if key_id not in {current, ""})
            total = sum(per_key.values())
            self.stdout.write(
                _("%(model)s: %(rows)s rijen") % {"model": label, "rows": total}
                + (f" ({', '.join(parts)})" if parts else "")
            )
        if behind:
            self.stdout.write(
                _("%(rows)s rijen staan nog op een oude sleutel: voer 'medical-keys rotate "
                  "--rewrap-only' uit.") % {"rows": behind}
            )  # fmt: skip
