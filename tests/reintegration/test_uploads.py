"""Third parties' reports use the one upload rule of ``core.uploads`` (issue 14)."""

import pytest

from poortwachter.core import clock, uploads
from poortwachter.core.errors import ServiceError
from poortwachter.reintegration import forms, services
from poortwachter.reintegration.models import ThirdPartyReport
from tests.core.upload_cases import PDF, REFUSED

pytestmark = pytest.mark.django_db


def _upload(actor, case, content, declared="application/pdf"):
    return services.report_upload(
        actor=actor, case=case, title="Voortgangsrapport", author="agency",
        received_on=clock.today(), content=content, declared_type=declared,
    )  # fmt: skip


@pytest.mark.parametrize(("content", "declared", "message"), REFUSED)
def test_a_refused_report_says_why_in_dutch(world, actor_of, long_case, content, declared,
                                             message):  # fmt: skip
    with pytest.raises(ServiceError) as refused:
        _upload(actor_of("hr"), long_case, content, declared)
    assert refused.value.message_dict["upload"] == [message]
    assert not ThirdPartyReport.objects.exists()


def test_the_size_limit_is_the_shared_one(world, actor_of, long_case, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_BYTES", len(PDF) - 1)
    with pytest.raises(ServiceError) as refused:
        _upload(actor_of("hr"), long_case, PDF)
    assert refused.value.message_dict["upload"] == ["Het bestand is groter dan 10 MB."]


def test_the_form_offers_only_the_accepted_types():
    widget = forms.ReportUploadForm().fields["upload"].widget
    assert widget.attrs["accept"] == ",".join(uploads.ACCEPTED_TYPES)
