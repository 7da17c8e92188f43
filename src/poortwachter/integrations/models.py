"""Machine clients of an employer's HR or payroll system, and its webhooks (issue 20).

A client proves itself with a key pair (OAuth 2.0 ``private_key_jwt``, RFC 7523): only the
public key is stored. Access tokens are stored as a SHA-256 hash and live ten minutes.
A used assertion's ``jti`` is kept until the assertion expires, so a replay is refused.
Webhook deliveries keep their payload (identifiers and dates only) for the delivery log
and a replay."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from poortwachter.core.models import TimeStampedModel
from poortwachter.core.secrets_at_rest import unseal
from poortwachter.organisations.models import Employer


class Scope(models.TextChoices):
    EMPLOYEES_WRITE = "employees:write", _("werknemers bijwerken")
    EMPLOYEES_READ = "employees:read", _("werknemers inzien")
    ABSENCES_READ = "absences:read", _("verzuimperiodes inzien")


class MachineClient(TimeStampedModel):
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="machine_clients")
    name = models.CharField(_("naam"), max_length=100)
    #: The public identifier (``iss`` and ``sub`` of its assertions).
    client_id = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("koppeling")

    def __str__(self) -> str:
        return self.name


class ClientKey(TimeStampedModel):
    """A public key of a client; two may be active during a rotation."""

    client = models.ForeignKey(MachineClient, on_delete=models.CASCADE, related_name="keys")
    kid = models.CharField(max_length=64)
    algorithm = models.CharField(max_length=8)  # ES256 or RS256
    public_key_pem = models.TextField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["client", "kid"], name="client_key_kid")]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.kid}"


class UsedAssertion(models.Model):
    client = models.ForeignKey(MachineClient, on_delete=models.CASCADE, related_name="+")
    jti = models.CharField(max_length=128)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "jti"], name="used_jti")]

    def __str__(self) -> str:
        return self.jti


class AccessToken(models.Model):
    client = models.ForeignKey(MachineClient, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"token {self.pk}"


class IdempotentRequest(models.Model):
    """The answer to a write with an ``Idempotency-Key``, kept for a day."""

    client = models.ForeignKey(MachineClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    body_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="idempotency_key")]

    def __str__(self) -> str:
        return self.key


class Webhook(TimeStampedModel):
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="webhooks")
    url = models.URLField(_("adres"), max_length=500)
    #: The shared secret of the HMAC signature, sealed at rest (core.secrets_at_rest):
    #: shown once, at registration; ``signing_secret()`` opens it.
    secret = models.CharField(max_length=255)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("webhook")

    def __str__(self) -> str:
        return self.url

    def signing_secret(self) -> str:
        return unseal(self.secret)

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if self.active:  # the employer's events are recorded from now on (issue 21)
            Employer.objects.filter(pk=self.employer_id, has_webhooks=False).update(
                has_webhooks=True
            )


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("wordt verstuurd")
    DELIVERED = "delivered", _("afgeleverd")
    FAILED = "failed", _("mislukt")


class WebhookDelivery(models.Model):
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.CharField(max_length=64)
    event_type = models.CharField(max_length=32)
    #: Identifiers and dates only.
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"
