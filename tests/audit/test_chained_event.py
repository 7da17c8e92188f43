"""Both access logs have one shape (issue 14): ``audit.ChainedAccessEvent`` holds the
chain fields and the NEN 7513 fields of the main log's ``AccessEvent`` and the medical
log's ``MedicalAccessEvent``, with no change to either table."""

from io import StringIO

import pytest
from django.core.management import call_command

from poortwachter.audit.chain import HASHED_FIELDS
from poortwachter.audit.models import AccessEvent, ChainedAccessEvent, ChainHead, ChainHeadFields
from poortwachter.medical.models import MedicalAccessEvent, MedicalChainHead

LOGS = (AccessEvent, MedicalAccessEvent)


def _field_names(model) -> set[str]:
    return {field.name for field in model._meta.get_fields()}


def test_both_logs_are_chained_access_events_with_the_same_fields():
    assert all(issubclass(model, ChainedAccessEvent) for model in LOGS)
    assert issubclass(ChainHead, ChainHeadFields)
    assert issubclass(MedicalChainHead, ChainHeadFields)
    shared = _field_names(AccessEvent) - {"subjects"}  # the main log's subject index
    assert shared == _field_names(MedicalAccessEvent)
    assert {"seq", "prev_hash", "hash", *HASHED_FIELDS} <= shared


def test_only_the_main_log_is_indexed_for_employer_and_account_views():
    for name in ("employer_id", "subject_user_id"):
        assert AccessEvent._meta.get_field(name).db_index
        assert not MedicalAccessEvent._meta.get_field(name).db_index
    assert [index.fields for index in AccessEvent._meta.indexes] == [
        ["subject_employee_id", "occurred_at"],
        ["id"],  # the sealer's work list (issue 21): unsealed events only
    ]
    assert [index.name for index in MedicalAccessEvent._meta.indexes] == ["medical_event_unsealed"]


@pytest.mark.parametrize("model", LOGS)
def test_both_logs_refuse_updates_and_deletes_through_their_manager(model):
    with pytest.raises(PermissionError):
        model.objects.all().update(purpose="anders")
    with pytest.raises(PermissionError):
        model.objects.all().delete()


@pytest.mark.django_db
def test_the_shared_shape_needs_no_migration():
    call_command("makemigrations", "audit", "medical", check=True, dry_run=True, stdout=StringIO())
