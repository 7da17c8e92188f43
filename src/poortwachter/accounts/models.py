"""Users and their role assignments.

A user signs in with an e-mail address; what they may do comes only from
``RoleAssignment`` rows, each scoped to an employer (and a department or employee record
where the role needs one). Django's superuser flag is unused and a database constraint
keeps it off: no account can bypass the policies.
"""

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from poortwachter.core.models import TimeStampedModel
from poortwachter.core.roles import Role


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
