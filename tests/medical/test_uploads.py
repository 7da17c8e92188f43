"""The doctor's documents use the one upload rule of ``core.uploads`` (issue 14)."""

import datetime as dt

import pytest

from poortwachter.core import uploads
from poortwachter.core.errors import ServiceError
from poortwachter.medical import forms, services
from poortwachter.medical.models import Document
from tests.core.upload_cases import PDF, PNG, REFUSED

pytestmark = pytest.mark.django_db


def _upload(medical, content, declared):
    return services.document_upload(
        access=medical.access, title="Brief", received_on=dt.date(2026, 1, 5),
        content=content, declared_type=declared,
    )  # fmt: skip


@pytest.mark.parametrize(("content", "declared", "message"), REFUSED)
def test_a_refused_document_says_why_in_dutch(world, medical, content, declared, message):
    before = Document.objects.count()
    with pytest.raises(ServiceError) as refused:
        _upload(medical, content, declared)
    assert refused.value.message_dict["upload"] == [message]
    assert Document.objects.count() == before


def test_a_document_is_stored_with_the_type_its_content_shows(world, medical):
    assert _upload(medical, PNG, "image/png").content_type == "image/png"


def test_the_size_limit_is_the_shared_one(world, medical, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_BYTES", len(PDF) - 1)
    with pytest.raises(ServiceError) as refused:
        _upload(medical, PDF, "application/pdf")
    assert refused.value.message_dict["upload"] == ["Het bestand is groter dan 10 MB."]


def test_the_form_offers_only_the_accepted_types():
    widget = forms.DocumentForm().fields["upload"].widget
    assert widget.attrs["accept"] == ",".join(uploads.ACCEPTED_TYPES)
