"""``EncryptedModel`` on the real medical models: content is stored only as ciphertext,
bound to its table, field and row, and key rotation (``rewrap_all``) keeps every row
readable while touching only the wrapped data keys."""

import datetime as dt
import json
import os
import pickle
import secrets
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connections, models
from django.test.utils import isolate_apps
from django.utils import timezone

from poortwachter.medical.crypto import DecryptionError
from poortwachter.medical.encryption import EncryptedModel, key_usage, rewrap_all
from poortwachter.medical.keys import (
    VaultTransitKeyProvider,
    add_key_to_file,
    create_key_file,
    get_key_provider,
    read_key_file,
    reset_key_provider,
)
from poortwachter.medical.models import Consultation, Diagnosis, MedicalFile
from tests.medical.test_keys import TOKEN, running_fake_vault

pytestmark = pytest.mark.django_db(databases=["default", "medical"])

CANARY = "CANARY-7f3a synthetische klacht: rugpijn na tilwerk"


@pytest.fixture(autouse=True)
def key_file(tmp_path, settings):
    path = tmp_path / "medical-keys.json"
    create_key_file(path)
    settings.POORTWACHTER_MEDICAL_KEY_PROVIDER = "file"
    settings.POORTWACHTER_MEDICAL_KEY_FILE = path
    reset_key_provider()
    yield path
    reset_key_provider()


@pytest.fixture
def medical_file():
    return MedicalFile.objects.create(
        employee_id=900001, employer_id=900, opened_at=timezone.now(), opened_by_id=900002
    )


def _consultation(medical_file, notes: str | None = CANARY) -> Consultation:
    consultation = Consultation(
        file=medical_file,
        author_id=900002,
        created_at=timezone.now(),
        held_on=dt.date(2025, 3, 3),
        kind="spreekuur",
    )
    consultation.encrypt("notes", notes)
    consultation.save()
    return consultation


def _diagnosis(medical_file) -> Diagnosis:
    return Diagnosis(
        file=medical_file,
        author_id=900002,
        created_at=timezone.now(),
        recorded_on=dt.date(2025, 3, 3),
    )


def _raw_notes(pk) -> bytes:
    with connections["medical"].cursor() as cursor:
        cursor.execute(
            f"SELECT notes_enc FROM {Consultation._meta.db_table} WHERE id = %s",  # noqa: S608
            [Consultation._meta.pk.get_db_prep_value(pk, connections["medical"])],
        )
        return bytes(cursor.fetchone()[0])


def test_a_value_round_trips_through_the_database(medical_file):
    saved = _consultation(medical_file)
    loaded = Consultation.objects.get(pk=saved.pk)
    assert loaded.decrypt("notes") == CANARY
    assert loaded.key_id == get_key_provider().current_key_id()


def test_the_database_holds_only_ciphertext(medical_file):
    saved = _consultation(medical_file)
    raw = _raw_notes(saved.pk)
    assert CANARY.encode() not in raw
    assert b"CANARY" not in raw


def test_none_stays_none(medical_file):
    saved = _consultation(medical_file, notes=None)
    loaded = Consultation.objects.get(pk=saved.pk)
    assert loaded.notes_enc is None
    assert loaded.decrypt("notes") is None
    assert loaded.decrypt_bytes("notes") is None


def test_bytes_round_trip(medical_file):
    consultation = _consultation(medical_file)
    consultation.encrypt("notes", b"\x00\xffbinary")
    consultation.save()
    assert Consultation.objects.get(pk=consultation.pk).decrypt_bytes("notes") == b"\x00\xffbinary"


def test_several_fields_of_one_row_share_its_data_key(medical_file):
    diagnosis = _diagnosis(medical_file)
    diagnosis.encrypt("complaints", "synthetische klachten")
    diagnosis.encrypt("diagnosis", "synthetische diagnose")
    diagnosis.encrypt("cas_code", "L99")
    diagnosis.encrypt("correction_reason", "synthetische reden")
    diagnosis.save()
    loaded = Diagnosis.objects.get(pk=diagnosis.pk)
    assert [loaded.decrypt(n) for n in Diagnosis.ENCRYPTED_FIELDS] == [
        "synthetische klachten",
        "synthetische diagnose",
        "L99",
        "synthetische reden",
    ]


def test_a_ciphertext_swapped_to_another_row_fails_to_decrypt(medical_file):
    first, second = _consultation(medical_file), _consultation(medical_file, "tweede")
    Consultation.objects.filter(pk=second.pk).update(notes_enc=_raw_notes(first.pk))
    with pytest.raises(DecryptionError):
        Consultation.objects.get(pk=second.pk).decrypt("notes")


def test_a_whole_row_copied_under_another_key_fails_to_decrypt(medical_file):
    first, second = _consultation(medical_file), _consultation(medical_file, "tweede")
    Consultation.objects.filter(pk=second.pk).update(
        key_id=first.key_id, wrapped_key=first.wrapped_key, notes_enc=_raw_notes(first.pk)
    )
    with pytest.raises(DecryptionError):
        Consultation.objects.get(pk=second.pk).decrypt("notes")


def test_a_ciphertext_moved_to_another_field_fails_to_decrypt(medical_file):
    diagnosis = _diagnosis(medical_file)
    diagnosis.encrypt("complaints", CANARY)
    diagnosis.save()
    Diagnosis.objects.filter(pk=diagnosis.pk).update(diagnosis_enc=diagnosis.complaints_enc)
    with pytest.raises(DecryptionError):
        Diagnosis.objects.get(pk=diagnosis.pk).decrypt("diagnosis")


def test_a_tampered_ciphertext_fails_to_decrypt(medical_file):
    saved = _consultation(medical_file)
    raw = bytearray(_raw_notes(saved.pk))
    raw[-1] ^= 1
    Consultation.objects.filter(pk=saved.pk).update(notes_enc=bytes(raw))
    with pytest.raises(DecryptionError):
        Consultation.objects.get(pk=saved.pk).decrypt("notes")


def test_only_declared_fields_are_encrypted(medical_file):
    consultation = _consultation(medical_file)
    with pytest.raises(ValueError, match="not an encrypted field"):
        consultation.encrypt("kind", "x")
    with pytest.raises(ValueError, match="not an encrypted field"):
        consultation.decrypt("held_on")


def test_the_data_key_is_cached_on_the_instance_only_and_never_pickled(medical_file):
    saved = _consultation(medical_file)
    loaded = Consultation.objects.get(pk=saved.pk)
    loaded.decrypt("notes")
    assert "_medical_data_key" in loaded.__dict__
    assert not any("data_key" in name for name in vars(Consultation))
    restored = pickle.loads(pickle.dumps(loaded))  # noqa: S301 (our own bytes)
    assert "_medical_data_key" not in restored.__dict__
    assert restored.decrypt("notes") == CANARY


def test_decryption_does_not_depend_on_secret_key(medical_file, settings):
    saved = _consultation(medical_file)
    settings.SECRET_KEY = secrets.token_urlsafe(50)  # a different one
    reset_key_provider()
    assert Consultation.objects.get(pk=saved.pk).decrypt("notes") == CANARY


def test_rotation_rewraps_every_row_and_keeps_it_readable(medical_file, key_file):
    rows = [_consultation(medical_file, f"notitie {n}") for n in range(5)]
    ciphertexts = {row.pk: _raw_notes(row.pk) for row in rows}
    old_id = read_key_file(key_file)[0]
    new_id = add_key_to_file(key_file)
    counts = rewrap_all(batch_size=2)
    assert counts["medical.Consultation"] == 5
    for row in rows:
        loaded = Consultation.objects.get(pk=row.pk)
        assert loaded.key_id == new_id
        assert _raw_notes(row.pk) == ciphertexts[row.pk]  # the content was not touched
    # With the old key gone from the file, everything still opens.
    _, keys = read_key_file(key_file)
    _drop_key(key_file, old_id)
    reset_key_provider()
    assert get_key_provider().key_ids() == [new_id]
    assert [Consultation.objects.get(pk=r.pk).decrypt("notes") for r in rows] == [
        f"notitie {n}" for n in range(5)
    ]
    assert len(keys) == 2


def _drop_key(path, key_id) -> None:
    data = json.loads(path.read_text())
    del data["keys"][key_id]
    path.unlink()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(data, handle)


def test_rewrap_is_idempotent(medical_file, key_file):
    _consultation(medical_file)
    add_key_to_file(key_file)
    assert rewrap_all()["medical.Consultation"] == 1
    assert set(rewrap_all().values()) == {0}


def test_rewrap_skips_rows_without_a_data_key(medical_file):
    Consultation.objects.create(
        file=medical_file,
        author_id=900002,
        created_at=timezone.now(),
        held_on=dt.date(2025, 1, 1),
        kind="phone",
    )
    add_key_to_file(get_key_provider().path)  # type: ignore[attr-defined]
    assert rewrap_all()["medical.Consultation"] == 0


def test_a_key_still_used_by_a_row_cannot_silently_disappear(medical_file, key_file):
    saved = _consultation(medical_file)
    Consultation.objects.filter(pk=saved.pk).update(key_id="k-verdwenen")
    out = StringIO()
    with pytest.raises(CommandError, match="niet kent"):
        call_command("medical-keys", "status", stdout=out)
    assert "k-verdwenen: 1" in out.getvalue()


def test_status_counts_rows_per_key(medical_file, key_file):
    _consultation(medical_file)
    _consultation(medical_file)
    old_id = read_key_file(key_file)[0]
    assert key_usage()["medical.Consultation"] == {old_id: 2}
    out = StringIO()
    call_command("medical-keys", "status", stdout=out)
    assert f"medical.Consultation: 2 rijen ({old_id}: 2)" in out.getvalue()
    out = StringIO()
    call_command("medical-keys", "rotate", stdout=out)
    assert "medical.Consultation: 2 rijen opnieuw ingepakt." in out.getvalue()
    new_id = read_key_file(key_file)[0]
    assert key_usage()["medical.Consultation"] == {new_id: 2}


@pytest.fixture
def vault_settings(settings):
    with running_fake_vault() as (transit, address):
        settings.POORTWACHTER_MEDICAL_KEY_PROVIDER = "vault"
        settings.POORTWACHTER_VAULT_ADDR = address
        settings.POORTWACHTER_VAULT_TOKEN = TOKEN
        settings.POORTWACHTER_VAULT_TOKEN_FILE = None
        settings.POORTWACHTER_VAULT_KEY = "poortwachter-medical"
        reset_key_provider()
        yield transit


def test_rotation_in_vault_rewraps_without_the_data_key_leaving_vault(medical_file, vault_settings):
    transit = vault_settings
    assert isinstance(get_key_provider(), VaultTransitKeyProvider)
    saved = _consultation(medical_file)
    assert saved.key_id == "vault:v1"
    transit.rotate()
    transit.requests.clear()
    assert rewrap_all()["medical.Consultation"] == 1
    assert not [path for _, path in transit.requests if "/decrypt/" in path]
    loaded = Consultation.objects.get(pk=saved.pk)
    assert loaded.key_id == "vault:v2"
    assert loaded.decrypt("notes") == CANARY


def test_encrypted_models_pass_their_checks():
    assert [e for e in Consultation.check() if e.id == "medical.E001"] == []
    assert [e for e in Diagnosis.check() if e.id == "medical.E001"] == []


@isolate_apps("poortwachter.medical")
def test_a_model_without_its_ciphertext_column_fails_the_check():
    class Broken(EncryptedModel):
        other_enc = models.BinaryField()  # not null: None could not be stored

        ENCRYPTED_FIELDS = ("missing", "other")

        class Meta:
            app_label = "medical"

    errors = [error for error in Broken.check() if error.id == "medical.E001"]
    assert len(errors) == 2


def test_a_record_without_a_primary_key_cannot_be_encrypted(medical_file):
    consultation = Consultation(file=medical_file, author_id=1, created_at=timezone.now())
    consultation.pk = None
    with pytest.raises(ValueError, match="primary key"):
        consultation.encrypt("notes", "x")
    assert isinstance(_consultation(medical_file).pk, uuid.UUID)  # set before any insert
