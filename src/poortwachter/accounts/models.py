"""Users and their role assignments.

A user signs in with an e-mail address; what they may do comes only from
``RoleAssignment`` rows, each scoped to an employer (and a department or employee record
where the role needs one). Django's superuser flag is unused and a database constraint
keeps it off: no account can bypass the policies.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from poortwachter.core.models import TimeStampedModel
from poortwachter.core.roles import FOUR_EYES_ROLES, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, *args, **kwargs):
        raise NotImplementedError(
            "Poortwachter has no superusers: create a service administrator with "
            "`poortwachter create-service-admin`."
        )


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mailadres"), unique=True)
    #: Raised when credentials are reset or the account is blocked: every session
    #: carrying an older value is signed out on its next request.
    session_epoch = models.PositiveIntegerField(default=0)
    is_synthetic = models.BooleanField(_("synthetische gegevens"), default=False)
    #: Not stored: set by ``services.user_create`` on the account it returns, so the
    #: issuer can be shown the activation code once.
    issued_activation: "IssuedActivation | None" = None
    #: Not stored: set by ``services.user_create`` when the first role is a medical one,
    #: which waits for a second person (four eyes).
    filed_role_request: "RoleRequest | None" = None

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(condition=Q(is_superuser=False), name="user_no_superuser"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


_EMPLOYER_SCOPED = [Role.EMPLOYEE, Role.MANAGER, Role.HR, Role.EMPLOYER_ADMIN]
_UNSCOPED = [Role.DOCTOR, Role.ASSISTANT, Role.SERVICE_ADMIN]


class RoleAssignment(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    employer = models.ForeignKey(
        "organisations.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    department = models.ForeignKey(
        "organisations.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    employee = models.ForeignKey(
        "organisations.Employee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: For a medical role: the approved request it came from (four eyes). The requester
    #: and the approver (``granted_by``) are both on it.
    role_request = models.OneToOneField(
        "accounts.RoleRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignment",
    )

    class Meta:
        ordering = ["role"]
        verbose_name = _("roltoewijzing")
        verbose_name_plural = _("roltoewijzingen")
        constraints = [
            # The shape of each role's scope is a database rule, not a convention.
            models.CheckConstraint(
                condition=~Q(role__in=_EMPLOYER_SCOPED) | Q(employer__isnull=False),
                name="role_employer_side_has_employer",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=_UNSCOPED) | Q(employer__isnull=True),
                name="role_service_side_has_no_employer",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.MANAGER) | Q(department__isnull=False),
                name="role_manager_has_department",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.EMPLOYEE) | Q(employee__isnull=False),
                name="role_employee_has_record",
            ),
        ]
        indexes = [models.Index(fields=["employer", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


_OUTCOME_SHAPE = (
    Q(outcome="pending", decided_at__isnull=True, decided_by__isnull=True)
    | Q(outcome__in=["approved", "refused"], decided_at__isnull=False, decided_by__isnull=False)
    | Q(outcome="withdrawn", decided_at__isnull=False, decided_by__isnull=True)
)


class RoleRequest(models.Model):
    """A request for a medical role, or to reset the credentials of an account that
    holds one (four eyes, R-ACC-1): filed by one person, decided by another. A pending
    request is not a ``RoleAssignment`` and gives no access; only the approval makes the
    assignment or the reset (``services.role_request_decide``). Decided once: approved,
    refused, or withdrawn by its requester."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("rol toekennen")
        CREDENTIALS = "credentials", _("inloggegevens herstellen")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("wacht op een tweede persoon")
        APPROVED = "approved", _("goedgekeurd")
        REFUSED = "refused", _("afgewezen")
        WITHDRAWN = "withdrawn", _("ingetrokken door de aanvrager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_requests"
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.GRANT)
    #: The medical role requested, or (a credentials reset) the one the account holds.
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    #: A credentials reset: what is reset (a second factor always with the password).
    reset_password = models.BooleanField(default=False)
    reset_second_factor = models.BooleanField(default=False)
    employer = models.ForeignKey(
        "organisations.Employer", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    department = models.ForeignKey(
        "organisations.Department", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    employee = models.ForeignKey(
        "organisations.Employee", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("aangevraagd op"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("aanvraag vier ogen")
        verbose_name_plural = _("aanvragen vier ogen")
        constraints = [
            # Four eyes as a database rule: never the requester, never the subject.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                name="role_request_not_decided_by_requester",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("user")),
                name="role_request_not_decided_by_subject",
            ),
            models.CheckConstraint(
                condition=~Q(requested_by=F("user")), name="role_request_not_for_oneself"
            ),
            models.CheckConstraint(
                condition=Q(role__in=sorted(FOUR_EYES_ROLES)), name="role_request_four_eyes_role"
            ),
            # Pending: undecided. Approved or refused: by someone. Withdrawn: by nobody
            # else (the requester, who is not stored as a decider).
            models.CheckConstraint(condition=_OUTCOME_SHAPE, name="role_request_outcome_shape"),
            models.UniqueConstraint(
                fields=["user", "kind", "role"],
                condition=Q(outcome="pending"),
                name="role_request_one_pending_per_role",
            ),
            models.CheckConstraint(
                condition=Q(kind="grant", reset_password=False, reset_second_factor=False)
                | Q(kind="credentials", reset_password=True),
                name="role_request_reset_shape",
            ),
        ]
        indexes = [models.Index(fields=["outcome", "-requested_at"])]

    #: Not stored: set by ``services.role_request_decide`` when an approved reset issued
    #: an activation, whose code the approver is shown once.
    issued_activation: "IssuedActivation | None" = None

    def __str__(self) -> str:
        return f"aanvraag {self.pk}: {self.get_role_display()}"

    @property
    def is_pending(self) -> bool:
        return self.outcome == self.Outcome.PENDING


class Activation(TimeStampedModel):
    """A one-time way to claim an account that has no second factor yet: a new account
    or one whose factor the service reset (issue 18, finding 4). Two parts travel
    separately: a link by e-mail (``token``) and a code the issuer hands over in person
    or by phone. Only their digests are stored. Valid for a limited time, used once,
    void after a few wrong codes or when a newer one is issued."""

    class Purpose(models.TextChoices):
        NEW = "new", _("nieuw account")
        RESET = "reset", _("tweede factor hersteld")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activations"
    )
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    token_digest = models.CharField(max_length=64, unique=True)
    code_digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    failed_codes = models.PositiveSmallIntegerField(default=0)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("activering")
        verbose_name_plural = _("activeringen")

    def __str__(self) -> str:
        return f"activering {self.pk}"


@dataclass(frozen=True)
class IssuedActivation:
    """What the issuer gets back once: the code to hand over. ``url`` is the holder's
    link, which goes by e-mail only: pages and the API never show it to the issuer (the
    demo prints it for its synthetic account)."""

    code: str
    expires_at: datetime
    url: str
