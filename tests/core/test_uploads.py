"""One rule for every upload (issue 14): a PDF, PNG or JPEG of at most 10 MB whose first
bytes agree with the declared type. The callers are tested in tests/medical and
tests/reintegration."""

import pytest

from poortwachter.core import uploads
from tests.core.upload_cases import JPEG, PDF, PNG, REFUSED


@pytest.mark.parametrize(
    ("content", "declared", "sniffed"),
    [
        (PDF, "application/pdf", "application/pdf"),
        (PNG, "image/png", "image/png"),
        (JPEG, "image/jpeg", "image/jpeg"),
        (PDF, "Application/PDF; charset=binary", "application/pdf"),
    ],
)
def test_a_file_whose_content_agrees_with_its_type_is_accepted(content, declared, sniffed):
    assert uploads.upload_error(content, declared) is None
    assert uploads.sniffed_type(content) == sniffed


@pytest.mark.parametrize(("content", "declared", "message"), REFUSED)
def test_a_disguised_empty_or_large_file_is_refused_with_a_dutch_message(
    content, declared, message
):
    assert uploads.upload_error(content, declared) == message


def test_exactly_10_mb_is_allowed():
    assert uploads.upload_error(PDF.ljust(uploads.MAX_BYTES, b"0"), "application/pdf") is None


def test_the_form_field_offers_only_the_accepted_types():
    field = uploads.upload_field()
    assert field.widget.attrs["accept"] == "application/pdf,image/png,image/jpeg"
    assert str(field.label) == "Bestand (PDF, PNG of JPEG, hooguit 10 MB)"
