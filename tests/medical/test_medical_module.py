"""The company doctor's module (issue 4, R-MED-1, R-AUTHZ-1): isolation by
construction, encryption bound to the row, access for the doctor and a delegated
assistant only, every access recorded, the advice as the only path to the employer."""

import time

import pytest
from django.db import connections
from django.urls import reverse

from poortwachter.absences.models import PublishedAdvice
from poortwachter.audit.models import AccessEvent
from poortwachter.audit.sealer import seal_all
from poortwachter.audit.verify import verify_chain
from poortwachter.core.errors import NotFound
from poortwachter.medical import policies, services
from poortwachter.medical.crypto import DecryptionError
from poortwachter.medical.models import (
    Consultation,
    Diagnosis,
    MedicalAccessEvent,
    MedicalChainCheckpoint,
    MedicalChainHead,
    WorkingNote,
)
from poortwachter.medical.stepup import SEEN
from tests.medical.conftest import CANARIES, PDF_BYTES

FILE = "/bedrijfsarts/dossiers/{}/"


def _dump(alias: str) -> str:
    """Every row of every table of one database, as text (what a copy of it holds)."""
    connection = connections[alias]
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def test_the_main_database_holds_no_medical_content(world, medical):
    main = _dump("default")
    for canary in CANARIES.values():
        if canary == "P74":
            continue  # a bare code; checked in the medical database below
        assert canary not in main


def test_the_medical_database_holds_the_content_only_as_ciphertext(world, medical):
    dump = _dump("medical")
    for name, canary in CANARIES.items():
        assert canary not in dump, name
    assert Consultation.objects.get().decrypt("notes") == CANARIES["notes"]


def test_a_ciphertext_moved_to_another_row_or_field_does_not_decrypt(world, actor_of, medical):
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    services.entry_add(
        access=access, kind="consult",
        data={"held_on": medical.document.received_on, "kind": "phone", "notes": "tweede"},
    )  # fmt: skip
    first, second = Consultation.objects.order_by("created_at")
    second.notes_enc = first.notes_enc
    with pytest.raises(DecryptionError):
        second.decrypt("notes")
    diagnosis = Diagnosis.objects.get()
    diagnosis.diagnosis_enc = diagnosis.complaints_enc
    with pytest.raises(DecryptionError):
        diagnosis.decrypt("diagnosis")


def test_the_doctor_reads_the_file_and_the_read_is_recorded(world, client_for, medical):
    response = client_for("doctor").get(FILE.format(world.own_employee.pk))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("notes", "complaints", "diagnosis", "treatment", "analysis", "working_note"):
        assert CANARIES[name] in page, name
    event = MedicalAccessEvent.objects.filter(action="read").latest("id")
    assert (event.actor_user_id, event.actor_role) == (world.doctor.pk, "doctor")
    assert event.subject_employee_id == world.own_employee.pk
    assert event.request_id
    assert event.remote_addr
    seal_all()
    result = verify_chain(
        event_model=MedicalAccessEvent, head_model=MedicalChainHead, subject_model=None,
        checkpoint_model=MedicalChainCheckpoint, slug="medical-access-log",
    )  # fmt: skip
    assert result.intact
    assert result.checked
    # Nothing about the medical access reaches the employer's database.
    assert not AccessEvent.objects.filter(target_type__startswith="medical.").exists()


def test_the_delegated_assistant_works_on_the_doctors_behalf(world, client_for, medical):
    response = client_for("assistant").get(FILE.format(world.own_employee.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert CANARIES["notes"] in page
    assert CANARIES["working_note"] not in page  # the doctor's personal notes
    event = MedicalAccessEvent.objects.filter(action="read").latest("id")
    assert event.actor_role == "assistant"
    assert event.on_behalf_of_user_id == world.doctor.pk
    # Not delegated: not found, as if there were no file.
    assert client_for("assistant").get(FILE.format(world.kitchen_employee.pk)).status_code == 404


def test_an_ended_delegation_closes_the_file_to_the_assistant(world, actor_of, medical):
    services.delegation_end(access=medical.access, delegation=medical.delegation)
    with pytest.raises(NotFound):
        policies.get_access_for(actor_of("assistant"), world.own_employee.pk)


def test_a_doctor_who_does_not_serve_the_employer_finds_nothing(world, client_for, medical):
    assert client_for("doctor").get(FILE.format(world.other_employee.pk)).status_code == 404


@pytest.mark.parametrize(
    "persona",
    ["employee", "manager", "hr", "employer_admin", "service_admin", "privacy_officer", "outsider"],
)
def test_no_other_role_reaches_the_file_or_its_content(world, client_for, medical, persona):
    client = client_for(persona)
    urls = [
        FILE.format(world.own_employee.pk),
        reverse("medical:caseload"),
        reverse("medical:document_download", args=[world.own_employee.pk, medical.document.pk]),
        reverse("medical:copy", args=[world.own_employee.pk]),
        reverse("medical:copy_download", args=[world.own_employee.pk, medical.copy.pk, "json"]),
        reverse("medical:entry_new", args=[world.own_employee.pk, "consult"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        body = response.content.decode(errors="replace")
        assert not any(canary in body for canary in CANARIES.values() if canary != "P74")


def test_working_notes_are_the_doctors_own(world, client_for, medical):
    client = client_for("assistant")
    url = reverse("medical:entry_new", args=[world.own_employee.pk, "werkaantekening"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "x"}).status_code == 403
    assert WorkingNote.objects.count() == 1


def test_uploads_are_checked_by_content_not_by_name(world, client_for, medical):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("doctor")
    url = reverse("medical:document_new", args=[world.own_employee.pk])
    disguised = SimpleUploadedFile("brief.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(
        url, {"received_on": "2026-01-05", "title": "Brief", "upload": disguised}
    )
    assert response.status_code == 200
    assert "Alleen PDF, PNG of JPEG" in response.content.decode()
    png_as_pdf = SimpleUploadedFile("scan.pdf", b"\x89PNG\r\n\x1a\n0000", "application/pdf")
    response = client.post(
        url, {"received_on": "2026-01-05", "title": "Scan", "upload": png_as_pdf}
    )
    assert "Alleen PDF, PNG of JPEG" in response.content.decode()
    good = SimpleUploadedFile("brief.pdf", PDF_BYTES, "application/pdf")
    response = client.post(url, {"received_on": "2026-01-05", "title": "Brief", "upload": good})
    assert response.status_code == 302


def test_documents_are_served_as_attachments_to_the_medical_roles(world, client_for, medical):
    url = reverse("medical:document_download", args=[world.own_employee.pk, medical.document.pk])
    response = client_for("doctor").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response.content == PDF_BYTES


def test_medical_pages_need_a_recent_second_factor_and_close_after_15_idle_minutes(
    world, client_for, medical
):
    client = client_for("doctor")
    url = FILE.format(world.own_employee.pk)
    assert client.get(url).status_code == 200
    session = client.session
    long_ago = time.time() - 16 * 60
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] = long_ago - 60
    session["account_authentication_methods"] = records
    session[SEEN] = long_ago
    session.save()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    # Still active within the window: each medical page extends it.
    session = client.session
    session[SEEN] = time.time() - 10 * 60
    session.save()
    assert client.get(url).status_code == 200


def test_publishing_the_advice_is_the_only_path_to_the_employer(world, client_for, medical):
    client = client_for("doctor")
    url = reverse("medical:advice_edit", args=[world.own_employee.pk, medical.advice.pk])
    form = {
        "advised_on": medical.advice.advised_on.isoformat(),
        "work_possible": "Lichte administratieve taken, 4 uur per dag.",
        "work_not_possible": "Geen klantcontact en geen tilwerk.",
        "implications_for_work": "Rooster aanpassen.",
        "expected_duration": "weeks_2_6",
        "incapacity_percentage": "50",
        "adjustments_advice": "Rustige werkplek.",
    }
    refused = client.post(url, {**form, "work_possible": "Heeft een burn-out.", "publish": "1"})
    assert refused.status_code == 200
    assert not PublishedAdvice.objects.exists()
    response = client.post(url, {**form, "publish": "1"})
    assert response.status_code == 302
    advice = PublishedAdvice.objects.get()
    assert (advice.incapacity_percentage, advice.doctor_id) == (50, world.doctor.pk)
    assert advice.source_ref == str(medical.advice.pk)
    # Publishing twice changes nothing (idempotent), and a published advice is closed.
    assert client.post(url, {**form, "publish": "1"}).status_code == 404
    assert PublishedAdvice.objects.count() == 1


def test_the_employees_copy_leaves_out_working_notes_and_lists_the_accesses(
    world, client_for, medical
):
    client = client_for("doctor")
    url = reverse("medical:copy_download", args=[world.own_employee.pk, medical.copy.pk, "json"])
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert CANARIES["notes"] in text
    assert CANARIES["working_note"] not in text
    document = response.json()
    assert document["access_log"]
    pdf = client.get(url.replace(".json", ".pdf"))
    assert pdf.content.startswith(b"%PDF")
    medical.copy.refresh_from_db()
    assert medical.copy.produced_format == "pdf"


def test_verify_audit_finds_an_edit_in_the_medical_log(world, medical):
    from io import StringIO

    from django.core.management import CommandError, call_command
    from django.db.models import QuerySet

    from tests.audit_support import append_only_triggers_off

    seal_all()
    out = StringIO()
    call_command("verify-audit", stdout=out)
    assert "medisch toegangslog intact" in out.getvalue()
    first = MedicalAccessEvent.objects.order_by("seq").first()
    with append_only_triggers_off("medical"):
        QuerySet.update(MedicalAccessEvent.objects.filter(pk=first.pk), actor_label="Iemand")
    with pytest.raises(CommandError, match="medisch toegangslog: keten gebroken bij gebeurtenis 1"):
        call_command("verify-audit")


def test_the_medical_log_refuses_changes_in_its_database(world, medical):
    from django.db import DatabaseError, transaction

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(using="medical"),
        connections["medical"].cursor() as cursor,
    ):
        cursor.execute("DELETE FROM medical_medicalaccessevent")
