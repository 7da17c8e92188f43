"""The doctor's consultation planning (spreekuur, issue 19): an agenda of free slots,
planning without double booking, the employee's invitation (a content-free
notification, details and an .ics after sign-in, confirm or ask to reschedule through
the medical-text guard, R-SICK-3/R-SICK-4), HR sees only date, time and attendance, the
reason stays in the medical file (R-MED-1), and the consultation record starts from the
appointment."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connections
from django.db import transaction as django_transaction
from django.utils import timezone

from poortwachter.core import clock
from poortwachter.core.errors import ServiceError
from poortwachter.core.roles import Role
from poortwachter.medical import policies, selectors, services
from poortwachter.medical.models import Appointment, Consultation, MedicalAccessEvent
from poortwachter.notifications.models import Kind, Notification
from poortwachter.reintegration import services as reintegration_services
from poortwachter.reintegration.models import ConsultationAppointment
from tests.factories import UserFactory, grant
from tests.helpers import IMMEDIATE_TASKS, sign_in
from tests.reintegration.conftest import make_case

REASON = "CANARY-SPREEKUUR-REDEN-4411 terugkerende migraine bespreken"


def _tomorrow_at(hour: int, minute: int = 0) -> dt.datetime:
    day = clock.today() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _hours(actor):
    for weekday in range(7):
        services.hours_add(
            actor=actor, weekday=weekday, starts=dt.time(9), ends=dt.time(12), slot_minutes=30
        )


def _data(starts_at, **changes):
    data = {
        "starts_at": starts_at,
        "duration_minutes": 30,
        "mode": "place",
        "place": "Arbodienst, Stationsplein 1, Utrecht",
        "with_whom": "doctor",
        "reason": REASON,
    }
    data.update(changes)
    return data


@pytest.fixture
def planned(world, actor_of):
    """Eva is sick; the doctor keeps hours 9-12 every day and plans her tomorrow 10:00."""
    case = make_case(world.own_employee, days_ago=20)
    doctor = actor_of("doctor")
    _hours(doctor)
    access = policies.get_access_for(doctor, world.own_employee.pk)
    appointment = services.appointment_plan(access=access, data=_data(_tomorrow_at(10)))
    published = ConsultationAppointment.objects.get(source_ref=str(appointment.pk))
    return case, appointment, published


def _form(starts_at, **changes):
    local = timezone.localtime(starts_at)
    data = {
        "day": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "duration_minutes": "30",
        "mode": "place",
        "place": "Stationsplein 1, Utrecht",
        "with_whom": "doctor",
        "reason": REASON,
    }
    data.update(changes)
    return data


def test_the_doctor_plans_in_a_free_slot_and_the_employee_is_invited(world, client_for, actor_of):
    """R-MED-1: the reason stays in the medical database, encrypted; the employer side
    holds date, time, form and status; the employee gets a notification."""
    make_case(world.own_employee, days_ago=20)
    _hours(actor_of("doctor"))
    client = client_for("doctor")
    page = client.get("/bedrijfsarts/spreekuur/").content.decode()
    assert "Vrije tijdsloten" in page
    url = f"/bedrijfsarts/dossiers/{world.own_employee.pk}/spreekuur/nieuw/"
    assert client.get(url).status_code == 200
    response = client.post(url, _form(_tomorrow_at(9, 30)))
    assert response.status_code == 302, response.content.decode()[:2000]
    appointment = Appointment.objects.get()
    assert appointment.decrypt("reason") == REASON
    published = ConsultationAppointment.objects.get()
    assert published.starts_at == _tomorrow_at(9, 30)
    assert published.status == "planned"
    note = Notification.objects.get(recipient=world.employee)
    assert note.kind == Kind.CONSULTATION
    assert note.link == f"/verzuim/spreekuur/{published.pk}/"
    # Nothing of the reason in the main database, in any table.
    with connections["default"].cursor() as cursor:
        for table in connections["default"].introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  # table names from introspection
            assert "CANARY-SPREEKUUR" not in repr(cursor.fetchall())
    agenda = client.get("/bedrijfsarts/spreekuur/").content.decode()
    assert "Eva Eigen" in agenda
    assert REASON in agenda


def test_no_double_booking_and_only_inside_the_agenda(world, actor_of, planned):
    _case, _appointment, _published = planned
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    with pytest.raises(ServiceError, match="al een afspraak"):
        services.appointment_plan(access=access, data=_data(_tomorrow_at(10, 15)))
    with pytest.raises(ServiceError, match="niet in een vrij blok"):
        services.appointment_plan(access=access, data=_data(_tomorrow_at(14)))
    with pytest.raises(ServiceError, match="niet in een vrij blok"):
        services.appointment_plan(access=access, data=_data(_tomorrow_at(11, 45)))
    assert Appointment.objects.count() == 1
    # The booked slot is not free any more; the next one is.
    free = [s.starts_at for s in selectors.free_slots(world.doctor.pk)]
    assert _tomorrow_at(10) not in free
    assert _tomorrow_at(10, 30) in free


def test_a_single_slot_outside_the_weekly_hours_can_be_booked(world, actor_of):
    make_case(world.own_employee, days_ago=20)
    doctor = actor_of("doctor")
    services.slot_add(actor=doctor, starts_at=_tomorrow_at(16), duration_minutes=45)
    access = policies.get_access_for(doctor, world.own_employee.pk)
    services.appointment_plan(
        access=access, data=_data(_tomorrow_at(16), duration_minutes=45, mode="phone", place="")
    )
    assert ConsultationAppointment.objects.get().mode == "phone"


def test_the_employee_sees_the_details_downloads_ics_and_confirms(world, client_for, planned):
    _case, _appointment, published = planned
    client = client_for("employee")
    home = client.get("/mijn-gegevens/").content.decode()
    assert "/verzuim/spreekuur/" in home
    assert (
        f"/verzuim/spreekuur/{published.pk}/" in client.get("/verzuim/spreekuur/").content.decode()
    )
    page = client.get(f"/verzuim/spreekuur/{published.pk}/").content.decode()
    assert "Stationsplein 1" in page
    assert REASON not in page
    ics = client.get(f"/verzuim/spreekuur/{published.pk}/afspraak.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert f"UID:spreekuur-{published.source_ref}@" in body
    assert re.search(r"^DTSTAMP:\d{8}T\d{6}Z\r$", body, re.M)
    local = timezone.localtime(published.starts_at).strftime("%Y%m%dT%H%M%S")
    assert f"DTSTART;TZID=Europe/Amsterdam:{local}\r\n" in body
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam" in body
    assert "SEQUENCE:0" in body
    for forbidden in ("CANARY", "Eva", world.own_employee.last_name, "Alfa"):
        assert forbidden not in body
    response = client.post(f"/verzuim/spreekuur/{published.pk}/", {"response": "confirmed"})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.response == "confirmed"
    answered = Notification.objects.filter(recipient=world.doctor, kind=Kind.CONSULTATION_ANSWERED)
    assert answered.exists()


def test_a_request_to_reschedule_passes_the_medical_text_guard(world, client_for, planned):
    """R-SICK-3/R-SICK-4: the reason is kept with the employer side's record."""
    _case, _appointment, published = planned
    client = client_for("employee")
    url = f"/verzuim/spreekuur/{published.pk}/"
    refused = client.post(
        url,
        {
            "response": "reschedule",
            "reason": "Ik heb dan een afspraak bij de fysiotherapeut voor mijn hernia.",
        },
    )
    assert refused.status_code == 400
    assert refused.context["form"].errors["reason"]
    assert client.post(url, {"response": "reschedule", "reason": ""}).status_code == 400
    published.refresh_from_db()
    assert published.response == ""
    ok = client.post(url, {"response": "reschedule", "reason": "Die ochtend werk ik in Zwolle."})
    assert ok.status_code == 302
    agenda = client_for("doctor").get("/bedrijfsarts/spreekuur/").content.decode()
    assert "Die ochtend werk ik in Zwolle." in agenda


def test_hr_sees_only_that_it_is_planned_and_whether_the_employee_came(
    world, client_for, actor_of, planned
):
    case, appointment, published = planned
    client_for("employee").post(
        f"/verzuim/spreekuur/{published.pk}/",
        {"response": "reschedule", "reason": "RESPONS-8812 ik werk dan"},
    )
    hr = client_for("hr")
    page = hr.get(f"/verzuim/dossiers/{case.pk}/").content.decode()
    assert "Spreekuur bedrijfsarts" in page
    assert "gepland" in page
    for hidden in (REASON, "Stationsplein", "RESPONS-8812", f"/verzuim/spreekuur/{published.pk}/"):
        assert hidden not in page
    assert hr.get(f"/verzuim/spreekuur/{published.pk}/").status_code == 403
    with time_machine.travel(_tomorrow_at(11), tick=False):
        access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
        services.appointment_state_set(access=access, appointment=appointment, state="no_show")
        page = client_for("hr").get(f"/verzuim/dossiers/{case.pk}/").content.decode()
    assert "niet verschenen" in page
    assert "status-late" in page
    # HR hears of the no-show (a fact HR may act on), with a link to the consultations.
    told = Notification.objects.filter(kind=Kind.CONSULTATION_NO_SHOW)
    assert {n.recipient_id for n in told} == {world.hr.pk}
    assert told.get().link == f"/verzuim/dossiers/{case.pk}/#spreekuur"
    # The manager reads the file but sees nothing of the appointment.
    manager = client_for("manager").get(f"/verzuim/dossiers/{case.pk}/").content.decode()
    assert "Spreekuur bedrijfsarts" not in manager


def test_attendance_tells_nobody_and_a_no_show_only_this_employers_hr(world, actor_of, planned):
    _case, appointment, _published = planned
    other_hr = UserFactory(email="hr-elders@test.example")
    grant(other_hr, Role.HR, employer=world.other_employer)
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    with time_machine.travel(_tomorrow_at(11), tick=False):
        services.appointment_state_set(access=access, appointment=appointment, state="attended")
    assert not Notification.objects.filter(kind=Kind.CONSULTATION_NO_SHOW).exists()
    second = services.appointment_plan(access=access, data=_data(_tomorrow_at(11)))
    with time_machine.travel(_tomorrow_at(12), tick=False):
        services.appointment_state_set(access=access, appointment=second, state="no_show")
    told = set(
        Notification.objects.filter(kind=Kind.CONSULTATION_NO_SHOW).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {world.hr.pk}


def test_moving_and_cancelling_tell_the_employee_and_update_the_calendar(
    world, client_for, planned
):
    _case, appointment, published = planned
    client = client_for("doctor")
    url = f"/bedrijfsarts/spreekuur/{appointment.pk}/verzetten/"
    assert client.get(url).status_code == 200
    assert client.post(url, _form(_tomorrow_at(11))).status_code == 302
    published.refresh_from_db()
    assert (published.starts_at, published.sequence) == (_tomorrow_at(11), 1)
    assert Notification.objects.filter(recipient=world.employee).count() == 2
    # The old time is free again: another employee could be planned there.
    assert _tomorrow_at(10) in [s.starts_at for s in selectors.free_slots(world.doctor.pk)]
    state = f"/bedrijfsarts/spreekuur/{appointment.pk}/status/"
    assert client.post(state, {"state": "cancelled"}).status_code == 302
    published.refresh_from_db()
    assert (published.status, published.sequence) == ("cancelled", 2)
    ics = client_for("employee").get(f"/verzuim/spreekuur/{published.pk}/afspraak.ics")
    assert "STATUS:CANCELLED" in ics.content.decode()
    assert Notification.objects.filter(recipient=world.employee).count() == 3


def _told(kind, link):
    rows = Notification.objects.filter(kind=kind, link=link)
    return sorted(rows.values_list("recipient_id", flat=True))


def test_hr_hears_that_a_consultation_is_planned_moved_or_cancelled_the_case_manager_first(
    world, actor_of, planned
):
    """Issue 19: a consultation planned, moved or cancelled is told to the employee and to
    HR, who sees on the case file the date and attendance only; the case's case manager
    first, like the reminders. Nobody else on the employer side, nobody of employer B."""
    case, appointment, _published = planned
    other_hr = UserFactory(email="hr-elders@test.example")
    grant(other_hr, Role.HR, employer=world.other_employer)
    file_link = f"/verzuim/dossiers/{case.pk}/#spreekuur"
    assert _told(Kind.CONSULTATION, file_link) == [world.hr.pk]  # planned, no case manager
    case_manager = UserFactory(email="hr-cm@test.example")
    grant(case_manager, Role.HR, employer=world.employer)
    reintegration_services.case_manager_assign(
        actor=actor_of("hr"), case=case, manager_id=case_manager.pk
    )
    access = policies.get_access_for(actor_of("doctor"), world.own_employee.pk)
    services.appointment_move(access=access, appointment=appointment, data=_data(_tomorrow_at(11)))
    services.appointment_state_set(access=access, appointment=appointment, state="cancelled")
    assert _told(Kind.CONSULTATION, file_link) == [world.hr.pk, case_manager.pk, case_manager.pk]
    second = services.appointment_plan(access=access, data=_data(_tomorrow_at(9)))
    with time_machine.travel(_tomorrow_at(10), tick=False):
        services.appointment_state_set(access=access, appointment=second, state="no_show")
    assert _told(Kind.CONSULTATION_NO_SHOW, file_link) == [case_manager.pk]
    assert _told(Kind.CONSULTATION, file_link).count(world.hr.pk) == 1
    hr_side = Notification.objects.filter(link=file_link)
    assert not hr_side.exclude(recipient__in=[world.hr, case_manager]).exists()
    assert not Notification.objects.filter(
        recipient__in=[world.manager, world.outsider, other_hr]
    ).exists()


def test_the_consultation_record_starts_from_the_appointment(world, client_for, planned):
    _case, appointment, _published = planned
    with time_machine.travel(_tomorrow_at(10, 40), tick=False):
        client = client_for("doctor")
        file = f"/bedrijfsarts/dossiers/{world.own_employee.pk}"
        url = f"{file}/consult/nieuw/?afspraak={appointment.pk}"
        page = client.get(url)
        day = timezone.localtime(appointment.starts_at).date()
        assert page.context["form"].initial["held_on"] == day
        response = client.post(
            url, {"held_on": day.isoformat(), "kind": "spreekuur", "notes": "Besproken."}
        )
        assert response.status_code == 302
    assert Consultation.objects.get().appointment_id == appointment.pk


def test_the_assistant_plans_on_the_doctors_behalf_in_the_doctors_agenda(
    world, client_for, actor_of, planned
):
    doctor = actor_of("doctor")
    access = policies.get_access_for(doctor, world.own_employee.pk)
    services.delegation_grant(access=access, assistant=world.assistant)
    client = client_for("assistant")
    page = client.get("/bedrijfsarts/spreekuur/").content.decode()
    assert REASON in page
    assert "Wekelijks spreekuur toevoegen" not in page
    url = f"/bedrijfsarts/dossiers/{world.own_employee.pk}/spreekuur/nieuw/"
    assert client.post(url, _form(_tomorrow_at(10))).status_code == 400  # booked
    assert client.post(url, _form(_tomorrow_at(11))).status_code == 302
    new = Appointment.objects.get(starts_at=_tomorrow_at(11))
    assert (new.doctor_id, new.planned_by_id, new.on_behalf_of_id) == (
        world.doctor.pk,
        world.assistant.pk,
        world.doctor.pk,
    )
    event = MedicalAccessEvent.objects.filter(action="create", actor_user_id=world.assistant.pk)
    assert event.exists()
    assert (
        client.post(
            "/bedrijfsarts/spreekuur/",
            {
                "add_hours": "1",
                "uren-weekday": "0",
                "uren-starts": "13:00",
                "uren-ends": "14:00",
                "uren-slot_minutes": "30",
            },
        ).status_code
        == 403
    )


# --- access: every role, and another employer's users (pages) -------------------------------

EMPLOYEE_PAGES = (
    "/verzuim/spreekuur/",
    "/verzuim/spreekuur/{pk}/",
    "/verzuim/spreekuur/{pk}/afspraak.ics",
)


@pytest.mark.parametrize(
    "persona",
    [
        "manager",
        "hr",
        "employer_admin",
        "doctor",
        "assistant",
        "service_admin",
        "privacy_officer",
        "outsider",
    ],
)
def test_the_employees_pages_refuse_every_other_role(world, client_for, planned, persona):
    _case, _appointment, published = planned
    client = client_for(persona)
    for page in EMPLOYEE_PAGES:
        response = client.get(page.format(pk=published.pk))
        assert response.status_code == 403, (persona, page)
        assert b"Stationsplein" not in response.content
    response = client.post(f"/verzuim/spreekuur/{published.pk}/", {"response": "confirmed"})
    assert response.status_code == 403


def test_another_employers_employee_finds_no_appointment(world, client, planned):
    _case, _appointment, published = planned
    other = UserFactory(email="otto@test.example")
    grant(other, "employee", employer=world.other_employer, employee=world.other_employee)
    sign_in(client, other)
    assert client.get("/verzuim/spreekuur/").status_code == 200
    assert b"Stationsplein" not in client.get("/verzuim/spreekuur/").content
    for page in EMPLOYEE_PAGES[1:]:
        assert client.get(page.format(pk=published.pk)).status_code == 404
    assert (
        client.post(f"/verzuim/spreekuur/{published.pk}/", {"response": "confirmed"}).status_code
        == 404
    )
    assert client.get("/api/v1/appointments/").json() == []
    published.refresh_from_db()
    assert published.response == ""


def _medical_pages(world, appointment):
    return [
        ("get", "/bedrijfsarts/spreekuur/"),
        ("get", "/bedrijfsarts/spreekuur/agenda.json"),
        ("get", f"/bedrijfsarts/dossiers/{world.own_employee.pk}/spreekuur/nieuw/"),
        ("get", f"/bedrijfsarts/spreekuur/{appointment.pk}/verzetten/"),
        ("post", f"/bedrijfsarts/spreekuur/{appointment.pk}/status/"),
    ]


@pytest.mark.parametrize(
    "persona",
    ["employee", "manager", "hr", "employer_admin", "service_admin", "privacy_officer", "outsider"],
)
def test_the_medical_pages_refuse_every_non_medical_role(world, client_for, planned, persona):
    _case, appointment, _published = planned
    client = client_for(persona)
    for method, page in _medical_pages(world, appointment):
        response = getattr(client, method)(page, {"state": "cancelled"} if method == "post" else {})
        assert response.status_code == 403, (persona, page)
        assert b"CANARY" not in response.content
    assert Appointment.objects.get().state == "planned"


def test_a_doctor_of_another_employer_and_an_assistant_without_delegation_find_nothing(
    world, client, planned
):
    _case, appointment, _published = planned
    stranger = UserFactory(email="dokter2@test.example")
    grant(stranger, "doctor")
    for user in (stranger, world.assistant):
        sign_in(client, user)
        agenda = client.get("/bedrijfsarts/spreekuur/").content.decode()
        assert "CANARY" not in agenda
        assert "Eva Eigen" not in agenda
        assert b"CANARY" not in client.get("/bedrijfsarts/spreekuur/agenda.json").content
        assert client.get(f"/bedrijfsarts/spreekuur/{appointment.pk}/verzetten/").status_code == 404
        response = client.post(
            f"/bedrijfsarts/spreekuur/{appointment.pk}/status/", {"state": "cancelled"}
        )
        assert response.status_code == 404
        page = f"/bedrijfsarts/dossiers/{world.own_employee.pk}/spreekuur/nieuw/"
        assert client.get(page).status_code == 404
    assert Appointment.objects.get().state == "planned"


# --- API -------------------------------------------------------------------------------------


def test_the_api_gives_each_role_what_its_pages_give(world, client_for, planned):
    _case, _appointment, published = planned
    own = client_for("employee").get("/api/v1/appointments/").json()
    assert own[0]["place"].startswith("Arbodienst")
    assert own[0]["ics"].endswith(".ics")
    hr = client_for("hr").get("/api/v1/appointments/").json()
    assert hr == [
        {
            "id": published.pk,
            "starts_at": hr[0]["starts_at"],
            "status": "planned",
            "status_label": "gepland",
        }
    ]
    assert client_for("outsider").get("/api/v1/appointments/").json() == []
    for persona in (
        "manager",
        "employer_admin",
        "doctor",
        "assistant",
        "service_admin",
        "privacy_officer",
    ):
        assert client_for(persona).get("/api/v1/appointments/").status_code == 403, persona
    agenda = client_for("doctor").get("/bedrijfsarts/spreekuur/agenda.json").json()
    assert agenda["appointments"][0]["id"] == published.source_ref
    assert agenda["free_slots"]


def test_the_invitation_email_is_free_of_personal_and_appointment_data(
    world, actor_of, settings, mailoutbox
):
    """Only 'er staat iets voor u klaar' and a link: no name, date, time, place or reason."""
    settings.TASKS = IMMEDIATE_TASKS
    make_case(world.own_employee, days_ago=20)
    doctor = actor_of("doctor")
    _hours(doctor)
    access = policies.get_access_for(doctor, world.own_employee.pk)
    with django_transaction.atomic():
        services.appointment_plan(access=access, data=_data(_tomorrow_at(10)))
    # The employee's invitation and HR's notice that a consultation is planned.
    assert sorted(m.to for m in mailoutbox) == [[world.employee.email], [world.hr.email]]
    local = timezone.localtime(_tomorrow_at(10))
    forbidden = [
        "Eva Eigen",
        world.own_employee.last_name,
        "Alfa Zorg",
        "Stationsplein",
        "CANARY",
        "10:00",
        local.strftime("%d-%m-%Y"),
        f"{local.day}-{local.month}-{local.year}",
        "spreekuur",
    ]
    for message in mailoutbox:
        text = " ".join([message.subject, message.body, *map(str, message.extra_headers.values())])
        text += " ".join(body for body, _type in getattr(message, "alternatives", []))
        for word in forbidden:
            assert word.lower() not in text.lower(), word
