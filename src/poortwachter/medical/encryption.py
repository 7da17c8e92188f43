"""Envelope encryption for medical models (R-MED-1).

A concrete model inherits :class:`EncryptedModel`, names its content fields in
``ENCRYPTED_FIELDS`` and declares for each name ``N`` a ``N_enc = BinaryField(null=True)``.
Each row has its own random data key, wrapped by the key provider's key-encryption key
with the row as context (``"<table>|<pk>"``). Each value is sealed with AES-256-GCM and
the associated data ``"<table>|<field>|<pk>"``, so a ciphertext copied to another row
or field, or a whole row copied under another primary key, fails to decrypt.

The unwrapped data key is cached on the instance only: never on the class, in a module
global or in Django's cache, and it is left out when an instance is pickled.
"""

import uuid
from collections.abc import Iterable
from typing import Any, ClassVar

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router, transaction
from django.db.models import Count

from poortwachter.medical.crypto import DecryptionError, new_data_key, seal, unseal
from poortwachter.medical.keys import KeyProvider, get_key_provider, rewrap_data_key

_DATA_KEY = "_medical_data_key"  # instance attribute: (primary key it belongs to, key)


def _row(pk: Any) -> str:
    if pk is None:
        raise ValueError("An encrypted record needs its primary key before encryption.")
    return str(pk if isinstance(pk, uuid.UUID) else uuid.UUID(str(pk)))


def key_context(table: str, pk: Any) -> bytes:
    """What a row's data key is wrapped against."""
    return f"{table}|{_row(pk)}".encode()


def value_aad(table: str, name: str, pk: Any) -> bytes:
    """What one field's ciphertext is bound to."""
    return f"{table}|{name}|{_row(pk)}".encode()


class EncryptedModel(models.Model):
    # A Python-side primary key: the associated data is known before the first insert.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key_id = models.CharField(max_length=100, blank=True, editable=False)
    wrapped_key = models.BinaryField(editable=False)

    ENCRYPTED_FIELDS: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop(_DATA_KEY, None)  # a pickled instance (cache, session) never holds a key
        return state

    def encrypt(self, name: str, value: str | bytes | None) -> None:
        """Seal ``value`` into ``<name>_enc`` (``None`` stays ``None``). Save afterwards."""
        column = self._column(name)
        if value is None:
            setattr(self, column, None)
            return
        plaintext = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        aad = value_aad(self._meta.db_table, name, self.pk)
        setattr(self, column, seal(self._data_key(), plaintext, aad=aad))

    def decrypt_bytes(self, name: str) -> bytes | None:
        """The plaintext of ``<name>_enc``; raises ``DecryptionError`` if it does not
        belong to this row and field or was tampered with."""
        blob = getattr(self, self._column(name))
        if blob is None:
            return None
        aad = value_aad(self._meta.db_table, name, self.pk)
        return unseal(self._data_key(), bytes(blob), aad=aad)

    def decrypt(self, name: str) -> str | None:
        plaintext = self.decrypt_bytes(name)
        return None if plaintext is None else plaintext.decode("utf-8")

    def _column(self, name: str) -> str:
        if name not in self.ENCRYPTED_FIELDS:
            raise ValueError(f"{type(self).__name__}.{name} is not an encrypted field.")
        return f"{name}_enc"

    def _data_key(self) -> bytes:
        row = _row(self.pk)
        cached = self.__dict__.get(_DATA_KEY)
        if cached is not None and cached[0] == row:
            return bytes(cached[1])
        context = key_context(self._meta.db_table, row)
        provider = get_key_provider()
        if self.key_id and self.wrapped_key:
            key = provider.unwrap(self.key_id, bytes(self.wrapped_key), context=context)
        elif any(getattr(self, f"{name}_enc") is not None for name in self.ENCRYPTED_FIELDS):
            raise DecryptionError("Encrypted values without a data key.")
        else:
            key = new_data_key()
            self.key_id, self.wrapped_key = provider.wrap(key, context=context)
        self.__dict__[_DATA_KEY] = (row, key)
        return key

    @classmethod
    def check(cls, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        if not cls._meta.abstract:
            errors.extend(cls._check_encrypted_fields())
        return errors

    @classmethod
    def _check_encrypted_fields(cls) -> Iterable[checks.CheckMessage]:
        for name in cls.ENCRYPTED_FIELDS:
            try:
                field: Any = cls._meta.get_field(f"{name}_enc")
            except FieldDoesNotExist:
                field = None
            if not isinstance(field, models.BinaryField) or not field.null:
                yield checks.Error(
                    f"ENCRYPTED_FIELDS names {name!r}, so the model must declare "
                    f"{name}_enc = models.BinaryField(null=True).",
                    obj=cls,
                    id="medical.E001",
                )


def encrypted_models() -> list[type[EncryptedModel]]:
    return [model for model in apps.get_models() if issubclass(model, EncryptedModel)]


def key_usage() -> dict[str, dict[str, int]]:
    """Rows per key-encryption key id, per model (``""``: a row without a data key)."""
    usage = {}
    for model in encrypted_models():
        rows = model._default_manager.order_by().values("key_id").annotate(rows=Count("pk"))
        usage[model._meta.label] = {row["key_id"]: row["rows"] for row in rows}
    return usage


def rewrap_all(provider: KeyProvider | None = None, batch_size: int = 500) -> dict[str, int]:
    """Wrap every row's data key under the provider's current key-encryption key.

    Only ``key_id`` and ``wrapped_key`` change; the field ciphertext is never read or
    written. Rows already on the current key are skipped, so a second run (or a run
    after an interruption) does only what is left. Returns rows rewrapped per model.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1.")
    provider = provider or get_key_provider()
    current = provider.current_key_id()
    return {
        model._meta.label: _rewrap_model(model, provider, current, batch_size)
        for model in encrypted_models()
    }


def _rewrap_model(
    model: type[EncryptedModel], provider: KeyProvider, current: str, batch_size: int
) -> int:
    manager, table = model._default_manager, model._meta.db_table
    pending = manager.exclude(key_id=current).exclude(key_id="").order_by("pk")
    done, last = 0, None
    while True:
        rows = pending if last is None else pending.filter(pk__gt=last)
        batch = list(rows.values_list("pk", "key_id", "wrapped_key")[:batch_size])
        if not batch:
            return done
        # Wrap outside the transaction: a key service's round trips must not hold the
        # database's write lock.
        updates = [
            (pk, key_id, _rewrapped(provider, table, pk, key_id, wrapped))
            for pk, key_id, wrapped in batch
        ]
        with transaction.atomic(using=router.db_for_write(model)):
            for pk, old_id, (new_id, new_wrapped) in updates:
                # Conditional on the old key id: a concurrent run's update is not undone.
                done += manager.filter(pk=pk, key_id=old_id).update(
                    key_id=new_id, wrapped_key=new_wrapped
                )
        last = batch[-1][0]


def _rewrapped(
    provider: KeyProvider, table: str, pk: Any, key_id: str, wrapped: bytes
) -> tuple[str, bytes]:
    return rewrap_data_key(provider, key_id, bytes(wrapped), context=key_context(table, pk))
