"""The checks of the periodic security report (R-SEC-2, issue 8). Each returns findings
as codes with a severity, a count and the ids involved; the page and the command turn
codes into Dutch text. Nothing here reads content or secrets."""

import datetime as dt
import importlib.metadata
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import checks
from django.core.checks import CheckMessage
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from poortwachter.accounts.models import RoleAssignment
from poortwachter.audit.verify import chains
from poortwachter.core import clock
from poortwachter.core.roles import EMPLOYER_ROLES, MEDICAL_ROLES, SEPARATED_FROM_MEDICAL, Role
from poortwachter.medical import keys
from poortwachter.retention.services import find_due
from poortwachter.security.models import Severity

DORMANT_DAYS = 90
NEVER_USED_DAYS = 30
KEY_MAX_AGE_DAYS = 365
MAX_SERVICE_ADMINS = 3
PACKAGES = (
    "django", "django-allauth", "djangorestframework", "cryptography", "django-axes",
    "django-csp", "argon2-cffi", "fido2", "psycopg", "gunicorn", "fpdf2", "openpyxl",
    "django-tasks", "django-tasks-db", "whitenoise", "pyjwt",
)  # fmt: skip

#: Django's check framework (``check --deploy``) gives these their severity; any other
#: warning is medium, errors are high, the rest low.
HIGH_WARNINGS = frozenset({"security.W009", "security.W018", "security.W025"})

#: What each code means, for people. A Django check without a Dutch text here shows
#: Django's own message.
MESSAGES = {
    "check.security.W004": _("HSTS staat niet aan."),
    "check.security.W008": _("Verkeer wordt niet naar HTTPS doorgestuurd."),
    "check.security.W009": _("De SECRET_KEY is te kort of te voorspelbaar."),
    "check.security.W012": _("Het sessiecookie gaat niet alleen via HTTPS."),
    "check.security.W016": _("Het CSRF-cookie gaat niet alleen via HTTPS."),
    "check.security.W018": _("DEBUG staat aan."),
    "settings.hsts": _("HSTS is korter dan een jaar."),
    "settings.allowed_hosts": _("ALLOWED_HOSTS staat elke host toe."),
    "settings.password_hasher": _("Wachtwoorden worden niet met Argon2 opgeslagen."),
    "accounts.no_second_factor": _("Actieve accounts zonder tweede factor."),
    "accounts.dormant": _("Actieve accounts die lang niet gebruikt zijn."),
    "accounts.never_used": _("Actieve accounts die nooit zijn gebruikt."),
    "accounts.mixed_sides": _("Accounts met zowel een werkgeversrol als een medische rol."),
    "accounts.conflicting_duties": _(
        "Accounts met een medische rol naast beheer van de arbodienst of privacytoezicht "
        "(van voor de functiescheiding; zie poortwachter check-separation-of-duties)."
    ),
    "accounts.many_service_admins": _("Meer beheerders van de arbodienst dan nodig."),
    "accounts.superuser": _("Accounts met superuser- of staf-rechten."),
    "audit.chain_broken": _("Een hashketen van het toegangslog is gebroken."),
    "check.audit.W001": _(
        "De controlepunten van het toegangslog blijven in de database: "
        "POORTWACHTER_AUDIT_CHECKPOINT_DIR is niet ingesteld."
    ),
    "check.audit.E001": _(
        "De map voor de controlepunten van het toegangslog bestaat niet of is niet beschrijfbaar."
    ),
    "retention.backlog": _("Gegevens voorbij hun bewaartermijn zijn nog niet verwijderd."),
    "keys.old": _("De huidige sleutel voor het medisch dossier is ouder dan een jaar."),
    "keys.unreadable": _("De sleutels voor het medisch dossier zijn niet te lezen."),
    "dast.not_run": _("De dynamische scan (Wapiti) is niet uitgevoerd."),
    "dast.role_not_scanned": _("De dynamische scan kon een scanaccount niet gebruiken."),
    "dast.roles_not_scanned": _(
        "De dynamische scan heeft niet als elke rol aangemeld: geen scanaccount met deze "
        "rollen (POORTWACHTER_DAST_ACCOUNTS)."
    ),
    "deps.not_run": _(
        "De controle van de afhankelijkheden op bekende kwetsbaarheden is niet uitgevoerd."
    ),
    "deps.advisory": _("Een geïnstalleerd pakket heeft een bekende kwetsbaarheid."),
}

#: Why the dynamic scan or the dependency audit did not run, for people.
REASONS = {
    "not_requested": _(
        "Niet gevraagd: de dynamische scan duurt minuten en draait alleen wekelijks via de "
        "planner of met 'poortwachter security-scan --dynamic', niet vanaf deze pagina."
    ),
    "not_recorded": _("Niet vastgelegd: dit rapport is ouder dan deze scan."),
    "no_url": _("Niet ingesteld: POORTWACHTER_DAST_URL is leeg."),
    "no_accounts": _(
        "Geen scanaccounts: POORTWACHTER_DAST_ACCOUNTS noemt geen actief account met een "
        "tweede factor."
    ),
    "no_scanner": _("Wapiti is niet geïnstalleerd (make scanner, of apt-get install wapiti)."),
    "no_mirror": _(
        "Niet ingesteld: er is geen kopie van een kwetsbaarhedendatabase "
        "(POORTWACHTER_ADVISORY_DB)."
    ),
    "mirror_missing": _("De ingestelde kopie van de kwetsbaarhedendatabase bestaat niet."),
    "mirror_unreadable": _("De ingestelde kopie van de kwetsbaarhedendatabase is niet te lezen."),
}


@dataclass
class Finding:
    code: str
    severity: str
    count: int = 1
    ids: list[int] = field(default_factory=list)
    detail: str = ""
    #: The check's own (English) text, for Django's checks that have no Dutch one.
    text: str = ""

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in ([], "")}


def describe(finding: dict) -> str:
    """The text a person reads for a stored finding; for a scan that did not run, with
    the reason."""
    code = finding["code"]
    message = str(MESSAGES.get(code) or finding.get("text") or code)
    if code.endswith(".not_run"):
        message += " " + reason_text(finding.get("detail", ""))
    return message


def reason_text(reason: str) -> str:
    return str(REASONS.get(reason, reason))


def _severity(message: CheckMessage) -> str:
    if message.level >= checks.ERROR or message.id in HIGH_WARNINGS:
        return Severity.HIGH
    if message.level >= checks.WARNING:
        return Severity.MEDIUM
    return Severity.LOW


def _django() -> Iterator[Finding]:
    """Django's system checks with its deployment checks, as ``check --deploy`` runs
    them (silenced ones left out), from Django and every installed app."""
    for message in checks.run_checks(include_deployment_checks=True):
        if not message.is_silenced():
            yield Finding(f"check.{message.id}", _severity(message), text=message.msg)


def _settings() -> Iterator[Finding]:
    """The project's own rules beyond Django's checks (G7: HSTS for at least a year)."""
    if 0 < getattr(settings, "SECURE_HSTS_SECONDS", 0) < 31_536_000:
        yield Finding("settings.hsts", Severity.MEDIUM)
    if "*" in settings.ALLOWED_HOSTS:
        yield Finding("settings.allowed_hosts", Severity.HIGH)
    if "Argon2" not in settings.PASSWORD_HASHERS[0]:
        yield Finding("settings.password_hasher", Severity.MEDIUM)


def _accounts() -> Iterator[Finding]:
    users = get_user_model().objects.filter(is_active=True)
    with_factor = Authenticator.objects.values("user_id")
    missing = list(users.exclude(pk__in=with_factor).values_list("pk", flat=True))
    if missing:
        yield Finding("accounts.no_second_factor", Severity.HIGH, len(missing), missing)
    now = clock.now()
    dormant = list(
        users.filter(last_login__lt=now - dt.timedelta(days=DORMANT_DAYS)).values_list(
            "pk", flat=True
        )
    )
    if dormant:
        yield Finding("accounts.dormant", Severity.MEDIUM, len(dormant), dormant)
    never = list(
        users.filter(
            last_login__isnull=True, date_joined__lt=now - dt.timedelta(days=NEVER_USED_DAYS)
        ).values_list("pk", flat=True)
    )
    if never:
        yield Finding("accounts.never_used", Severity.LOW, len(never), never)
    mixed = list(
        RoleAssignment.objects.values("user_id")
        .annotate(
            employer=Count("pk", filter=Q(role__in=EMPLOYER_ROLES)),
            medical=Count("pk", filter=Q(role__in=MEDICAL_ROLES)),
        )
        .filter(employer__gt=0, medical__gt=0)
        .values_list("user_id", flat=True)
    )
    if mixed:
        yield Finding("accounts.mixed_sides", Severity.HIGH, len(mixed), mixed)
    # Issue 18, finding 3: the triggers refuse new combinations; one made before them
    # stays until the service splits the account, and every report names it.
    conflicting = list(
        RoleAssignment.objects.values("user_id")
        .annotate(
            medical=Count("pk", filter=Q(role__in=MEDICAL_ROLES)),
            separated=Count("pk", filter=Q(role__in=SEPARATED_FROM_MEDICAL)),
        )
        .filter(medical__gt=0, separated__gt=0)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    if conflicting:
        yield Finding("accounts.conflicting_duties", Severity.HIGH, len(conflicting), conflicting)
    admins = list(
        RoleAssignment.objects.filter(role=Role.SERVICE_ADMIN, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    if len(admins) > MAX_SERVICE_ADMINS:
        yield Finding("accounts.many_service_admins", Severity.LOW, len(admins), admins)
    powerful = list(
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(is_staff=True))
        .values_list("pk", flat=True)
    )
    if powerful:
        yield Finding("accounts.superuser", Severity.HIGH, len(powerful), powerful)


def _audit() -> Iterator[Finding]:
    for chain in chains():
        result = chain.verify()
        if result.first_break is not None:
            yield Finding(
                "audit.chain_broken", Severity.HIGH, 1, [result.first_break.seq], chain.name
            )


def _retention() -> Iterator[Finding]:
    plan = find_due(clock.today())
    if plan.due:
        due = sorted(plan.due)
        yield Finding("retention.backlog", Severity.MEDIUM, len(due), due[:100])


def _keys() -> Iterator[Finding]:
    try:
        current = keys.get_key_provider().current_key_id()
    except keys.KeyProviderError:
        yield Finding("keys.unreadable", Severity.HIGH)
        return
    # File keys are named k-YYYYMMDD-...; a Vault key's age is Vault's to report.
    parts = current.split("-")
    if len(parts) >= 2 and parts[0] == "k" and parts[1].isdigit():
        made = dt.date(int(parts[1][:4]), int(parts[1][4:6]), int(parts[1][6:8]))
        age = (clock.today() - made).days
        if age > KEY_MAX_AGE_DAYS:
            yield Finding("keys.old", Severity.MEDIUM, 1, [], f"{age}")


CHECKS: tuple[Callable[[], Iterator[Finding]], ...] = (
    _django,
    _settings,
    _accounts,
    _audit,
    _retention,
    _keys,
)


def run_checks() -> list[Finding]:
    return [finding for check in CHECKS for finding in check()]


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "-"
    return versions
