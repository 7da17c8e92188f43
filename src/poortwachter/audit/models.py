"""The access log: one row per access to personal data or change of rights (NEN 7513).

Rows hold identifiers and labels, never content: no medical data, no free text. They
refer to users and employers by id, not by foreign key, so deleting a user or purging
data by retention never cascades into the log. The log is append-only: the model refuses
updates and deletes, and database triggers refuse them too (migration 0003; on
PostgreSQL the application's role also lacks the privileges, see ``db-privileges``), with
one exception: the sealer sets an event's place in the chain (``seq``, ``prev_hash``,
``hash``) once, after the request that wrote it has committed (``audit.sealer``). Sealed
batches are recorded as checkpoints, here and off the host (``audit.checkpoints``), and
``verify-audit`` checks the chain against both.
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from poortwachter.audit.labels import purpose_label


class Action(models.TextChoices):
    CREATE = "create", _("aanmaken")
    READ = "read", _("inzien")
    UPDATE = "update", _("wijzigen")
    DELETE = "delete", _("verwijderen")
    SEARCH = "search", _("zoeken")
    EXPORT = "export", _("exporteren")
    PRINT = "print", _("afdrukken")
    GRANT = "grant", _("rol toekennen")
    REVOKE = "revoke", _("rol intrekken")
    RESET_CREDENTIALS = "reset_credentials", _("inloggegevens herstellen")
    SIGN_IN = "sign_in", _("inloggen")
    SIGN_IN_FAILED = "sign_in_failed", _("mislukte inlogpoging")
    SIGN_OUT = "sign_out", _("uitloggen")
    MFA_ENROLLED = "mfa_enrolled", _("tweede factor ingesteld")
    MFA_REMOVED = "mfa_removed", _("tweede factor verwijderd")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("gelukt")
    DENIED = "denied", _("geweigerd")
    FAILED = "failed", _("mislukt")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")


class ChainedAccessEvent(models.Model):
    """One access as a link of a hash chain: its number in the chain, the previous
    link's hash and its own (``audit.chain``), and the NEN 7513 fields. The shape of
    both access logs: ``AccessEvent`` here (main database) and ``MedicalAccessEvent``
    (medical database), so it lives in the audit app, which both may import. Append-only:
    the model and its manager refuse updates and deletes; the request path inserts the
    NEN 7513 fields only, and the sealer (``audit.sealer``) fills in the three chain
    fields once, in a batch, after the insert has committed."""

    #: Position in the hash chain: 1, 2, 3, ... without gaps; empty until sealed.
    seq = models.BigIntegerField(unique=True, null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, blank=True, default="")
    occurred_at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    # who
    actor_user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=200)
    actor_role = models.CharField(max_length=32)
    on_behalf_of_user_id = models.BigIntegerField(null=True, blank=True)
    # whom and what
    employer_id = models.BigIntegerField(null=True, blank=True)
    subject_employee_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    subject_user_id = models.BigIntegerField(null=True, blank=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=64, blank=True)
    # from where
    request_id = models.CharField(max_length=64, blank=True)
    remote_addr = models.CharField(max_length=64, blank=True)
    #: Identifiers only (for example the role granted, or ids a list showed).
    details = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")


class AccessEvent(ChainedAccessEvent):
    """The main access log. Indexed for "who viewed my data" and the employer's and the
    account's views of it, which the medical log does not serve."""

    employer_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    subject_user_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta(ChainedAccessEvent.Meta):
        indexes = [
            models.Index(fields=["subject_employee_id", "occurred_at"]),
            # The sealer's work list: only the few events not yet sealed.
            models.Index(fields=["id"], condition=Q(seq__isnull=True), name="audit_event_unsealed"),
        ]

    @property
    def purpose_label(self) -> str:
        return purpose_label(self.purpose)


class AccessEventSubject(models.Model):
    """Which employees a list or search showed: one row per employee, so "who viewed my
    data" finds list views too. Derived from ``details["employee_ids"]``, which the
    chain covers; ``verify-audit`` checks the two agree. Append-only like the events."""

    event = models.ForeignKey(AccessEvent, on_delete=models.PROTECT, related_name="subjects")
    employee_id = models.BigIntegerField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee_id", "event"], name="audit_subject_once")
        ]

    def __str__(self) -> str:
        return f"event {self.event_id} employee {self.employee_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")


class ChainHeadFields(models.Model):
    """The last sealed link of a chain, one row. Only the sealer locks it
    (``select_for_update``; on SQLite the IMMEDIATE transaction does), so batches are
    sealed one at a time; requests never touch it. It tells ``verify-audit`` where the
    chain must end, so removing the newest events shows too."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        abstract = True


class ChainCheckpointFields(models.Model):
    """One sealed batch: the events ``first_seq`` to ``last_seq`` and the hash of the
    last, which commits to every event before it. Written in the sealing transaction and
    then copied off the host (``audit.checkpoints``), where whoever can rewrite the
    database cannot reach it. Content-free: numbers and hashes only. Append-only."""

    batch = models.BigIntegerField(unique=True)
    first_seq = models.BigIntegerField()
    last_seq = models.BigIntegerField()
    last_hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["batch"]

    def __str__(self) -> str:
        return f"batch {self.batch}: {self.first_seq}-{self.last_seq}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")

    def line(self, chain: str) -> dict:
        """The off-host record of this batch (``audit.checkpoints``)."""
        return {
            "chain": chain,
            "batch": self.batch,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "last_hash": self.last_hash,
            "sealed_at": self.sealed_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        }


class ChainHead(ChainHeadFields):
    """The head of the main access log's chain."""

    def __str__(self) -> str:
        return f"chain head at {self.last_seq}"


class ChainCheckpoint(ChainCheckpointFields):
    """A sealed batch of the main access log."""
