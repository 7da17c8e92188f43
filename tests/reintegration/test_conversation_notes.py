"""Conversation notes (gespreksverslagen, issue 19): the manager or HR records an absence
conversation (date, participants, agreements), every text through the medical-text guard
(R-SICK-3); the employee reads it in their file and reacts, and that reaction is guarded
too (R-SICK-4: not even what the employee volunteers; R-SICK-7 is the emergency
information only). Part of the re-integration file, its retention (R-RET-2) and the
employee's own-data export."""

import datetime as dt

import pytest
import time_machine

from poortwachter.audit.models import AccessEvent
from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden
from poortwachter.notifications.models import Kind, Notification
from poortwachter.reintegration import services
from poortwachter.reintegration.models import (
    CaseManagerAssignment,
    ConversationNote,
    PlanOfAction,
)
from poortwachter.reintegration.retention import find_files
from poortwachter.retention.services import purge
from tests.reintegration.conftest import make_case, plan_input

MEDICAL = "Zij had een hernia en krijgt fysiotherapie."


def _note(client, case, **changes):
    data = {
        "held_on": (clock.today() - dt.timedelta(days=1)).isoformat(),
        "participants": "Eva Eigen (werknemer), Lieke (leidinggevende)",
        "agreements": "GESPREK-4471 Eva belt volgende week; werkplek wordt aangepast.",
    }
    data.update(changes)
    return client.post(f"/verzuim/dossiers/{case.pk}/gesprekken/nieuw/", data)


def test_the_manager_records_a_note_and_the_employee_reacts(world, client_for, long_case):
    assert _note(client_for("manager"), long_case).status_code == 302
    note = ConversationNote.objects.get()
    assert (note.author_role, note.written_by_id) == ("manager", world.manager.pk)
    file = client_for("employee").get(f"/verzuim/dossiers/{long_case.pk}/").content.decode()
    assert "GESPREK-4471" in file
    url = f"/verzuim/dossiers/{long_case.pk}/gesprekken/{note.pk}/reactie/"
    response = client_for("employee").post(url, {"reaction": "Akkoord, ik bel dinsdag."})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.employee_reaction == "Akkoord, ik bel dinsdag."
    hr_file = client_for("hr").get(f"/verzuim/dossiers/{long_case.pk}/").content.decode()
    assert "Akkoord, ik bel dinsdag." in hr_file
    event = AccessEvent.objects.filter(action="update", subject_employee_id=world.own_employee.pk)
    assert event.filter(actor_role="employee").exists()


def test_the_employee_is_told_of_a_new_note_and_its_link_is_the_reaction_page(
    world, client_for, long_case
):
    """Issue 19: the employee sees the notes and can react; a notification (no text of
    the note, only its kind and the reaction page) tells them one is there."""
    assert _note(client_for("manager"), long_case).status_code == 302
    note = ConversationNote.objects.get()
    told = Notification.objects.filter(kind=Kind.CONVERSATION_NOTE)
    assert [(n.recipient_id, n.link) for n in told] == [
        (world.employee.pk, f"/verzuim/dossiers/{long_case.pk}/gesprekken/{note.pk}/reactie/")
    ]
    employee = client_for("employee")
    opened = employee.get(f"/meldingen/{told.get().pk}/")
    assert opened.status_code == 302
    assert employee.get(opened.url).status_code == 200
    assert not Notification.objects.exclude(recipient=world.employee).exists()
    refused = _note(client_for("hr"), long_case, agreements=MEDICAL)
    assert refused.status_code == 400
    assert told.count() == 1  # a refused note tells nobody


def test_hr_records_a_note_too(world, client_for, long_case):
    assert _note(client_for("hr"), long_case).status_code == 302
    assert ConversationNote.objects.get().author_role == "hr"


@pytest.mark.parametrize("field", ["agreements", "participants"])
def test_medical_text_in_a_note_is_refused(world, client_for, long_case, field):
    response = _note(client_for("manager"), long_case, **{field: MEDICAL})
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not ConversationNote.objects.exists()


def test_medical_text_in_the_employees_reaction_is_refused(world, client_for, long_case):
    _note(client_for("hr"), long_case)
    note = ConversationNote.objects.get()
    url = f"/verzuim/dossiers/{long_case.pk}/gesprekken/{note.pk}/reactie/"
    response = client_for("employee").post(url, {"reaction": MEDICAL})
    assert response.status_code == 400
    note.refresh_from_db()
    assert note.employee_reaction == ""


def test_a_date_outside_the_case_is_refused(world, client_for, long_case):
    before = long_case.first_sick_day - dt.timedelta(days=1)
    assert _note(client_for("hr"), long_case, held_on=before.isoformat()).status_code == 400
    future = clock.today() + dt.timedelta(days=1)
    assert _note(client_for("hr"), long_case, held_on=future.isoformat()).status_code == 400


def test_only_the_own_manager_and_hr_write_notes(world, actor_of, long_case):
    kees = make_case(world.kitchen_employee, days_ago=10)
    data = services.NoteInput(clock.today(), "Kees, HR", "Afspraak gemaakt.")
    with pytest.raises(Forbidden):
        services.note_record(actor=actor_of("manager"), case=kees, data=data)
    for persona in ("employee", "doctor", "outsider"):
        with pytest.raises(Forbidden):
            services.note_record(actor=actor_of(persona), case=long_case, data=data)


def test_only_the_employee_reacts(world, actor_of, long_case):
    data = services.NoteInput(clock.today(), "Eva, HR", "Afspraak gemaakt.")
    note = services.note_record(actor=actor_of("hr"), case=long_case, data=data)
    for persona in ("manager", "hr"):
        with pytest.raises(Forbidden):
            services.note_react(actor=actor_of(persona), note=note, reaction="Goed.")


def test_the_api_lists_the_notes_to_the_files_readers(world, client_for, actor_of, long_case):
    data = services.NoteInput(clock.today(), "Eva, HR", "API-AFSPRAAK-81")
    services.note_record(actor=actor_of("hr"), case=long_case, data=data)
    url = f"/api/v1/absence-cases/{long_case.pk}/conversation-notes/"
    for persona in ("employee", "manager", "hr"):
        notes = client_for(persona).get(url).json()
        assert [n["agreements"] for n in notes] == ["API-AFSPRAAK-81"]
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("employer_admin").get(url).status_code == 404


def test_the_notes_and_case_managers_are_in_the_own_data_export(
    world, client_for, actor_of, long_case
):
    data = services.NoteInput(clock.today(), "Eva, HR", "EXPORT-AFSPRAAK-55")
    services.note_record(actor=actor_of("hr"), case=long_case, data=data)
    services.case_manager_assign(actor=actor_of("hr"), case=long_case, manager_id=world.hr.pk)
    text = client_for("employee").get("/mijn-gegevens/export.json").content.decode()
    assert "EXPORT-AFSPRAAK-55" in text
    assert '"case_managers"' in text


def test_the_purge_deletes_notes_and_case_managers_with_the_file(world, actor_of, long_case):
    hr = actor_of("hr")
    services.plan_draw_up(
        actor=hr, case=long_case, data=plan_input(long_case, long_case.advice, world.hr)
    )
    services.note_record(
        actor=hr, case=long_case, data=services.NoteInput(clock.today(), "Eva", "Afspraak.")
    )
    long_case.reports.update(recovered_on=clock.today())
    long_case.closed_on = clock.today()
    long_case.save()
    as_of = clock.today().replace(year=clock.today().year + 2) + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(as_of, dt.time(12), tzinfo=dt.UTC)):
        purge(actor=Actor.system("retention"), as_of=as_of, dry_run=False)
    assert not PlanOfAction.objects.exists()
    assert not ConversationNote.objects.exists()
    assert not CaseManagerAssignment.objects.exists()


def test_a_note_alone_makes_a_file_with_a_retention_clock(world, actor_of, long_case):
    services.note_record(
        actor=actor_of("hr"), case=long_case,
        data=services.NoteInput(clock.today(), "Eva", "Afspraak."),
    )  # fmt: skip
    (clock_,) = find_files(clock.today(), [world.own_employee.pk])[world.own_employee.pk]
    assert clock_.unit == long_case.pk
