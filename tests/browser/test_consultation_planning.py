"""The consultation planning in the browser (issue 19): the doctor keeps weekly hours,
plans Eva in a free slot from her medical file and records that she came to last week's
appointment; Eva finds the invitation from her home page, downloads the .ics and
confirms; HR sees on the case file that a consultation is planned and that she attended,
nothing else (R-MED-1). Each walk starts at the role's home page and clicks on; the tour
(``journeys.Tour``) checks every page at 1280 px and again at 360 px (no sideways
scrolling, axe), and with ``POORTWACHTER_SCREENSHOTS=1`` writes 1280 and 390 px shots."""

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone

from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.medical.models import Appointment, MedicalFile
from poortwachter.organisations.models import DoctorAssignment
from poortwachter.reintegration.models import ConsultationAppointment
from tests.browser.conftest import _new_context
from tests.browser.flows import path_of, persona
from tests.browser.journeys import DESKTOP, Tour, expect_text
from tests.browser.test_daily_rhythm import sign_in
from tests.factories import DepartmentFactory, EmployeeFactory, EmployerFactory, EmploymentFactory
from tests.reintegration.conftest import make_case

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REASON = "CANARY-REDEN-SPREEKUUR-7731 migraine en slaapproblemen"
PLACE = "Arbodienst Utrecht, Stationsplein 1"


def _seed():
    employer = EmployerFactory(name="Alfa Zorg B.V.")
    nursing = DepartmentFactory(employer=employer, name="Verpleging")
    eva = EmployeeFactory(employer=employer, first_name="Eva", last_name="Eigen")
    EmploymentFactory(employee=eva, employer=employer, department=nursing)
    case = make_case(eva, days_ago=20)
    doctor, doctor_secret = persona("dora@test.example", Role.DOCTOR, "Dora", "Dokter")
    DoctorAssignment.objects.create(employer=employer, doctor=doctor, since=dt.date(2024, 1, 1))
    # Last week's appointment, which the doctor marks as attended in the browser.
    file = MedicalFile.objects.create(employee_id=eva.pk, employer_id=employer.pk,
                                      opened_at=clock.now(), opened_by_id=doctor.pk)  # fmt: skip
    past = timezone.make_aware(
        dt.datetime.combine(clock.today() - dt.timedelta(days=6), dt.time(9, 30))
    )
    earlier = Appointment(
        file=file, doctor_id=doctor.pk, starts_at=past, duration_minutes=30, mode="phone",
        with_whom="doctor", planned_by_id=doctor.pk, created_at=clock.now(), id=uuid.uuid4(),
    )  # fmt: skip
    earlier.encrypt("reason", REASON)
    earlier.save(force_insert=True)
    ConsultationAppointment.objects.create(
        case=case, employer=employer, employee=eva, source_ref=str(earlier.pk), doctor=doctor,
        starts_at=past, duration_minutes=30, mode="phone", with_whom="doctor",
    )  # fmt: skip
    return employer, nursing, eva, case, doctor, doctor_secret


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_doctor_plans_employee_confirms_and_hr_sees_planned_and_attended(
    request, site, browser, console
):  # fmt: skip
    employer, _nursing, eva, case, doctor, doctor_secret = _seed()
    tours = []

    def tour_for(who: str) -> Tour:
        context = _new_context(browser, console, DESKTOP)
        request.addfinalizer(context.close)
        tour = Tour(context.new_page(), site, who)
        tours.append(tour)
        return tour

    # The doctor: weekly hours for tomorrow, then Eva's file, a free slot, the plan.
    tour = tour_for("doctor")
    page = tour.page
    sign_in(tour, doctor, doctor_secret)
    tour.follow("Spreekuur", within="header", shot="doctor-agenda")
    tomorrow = clock.today() + dt.timedelta(days=1)
    hours = page.locator("main form", has=page.get_by_role("button", name="Spreekuur toevoegen"))
    hours.get_by_label("Dag", exact=True).select_option(str(tomorrow.weekday()))
    hours.get_by_label("Van", exact=True).fill("09:00")
    hours.get_by_label("Tot", exact=True).fill("12:00")
    tour.submit("Spreekuur toevoegen")
    expect_text(tour, "De spreekuren zijn toegevoegd", lambda p: p.locator(".messages"))
    row = page.locator("main tr", has_text="Eva Eigen")
    with page.expect_navigation():
        row.get_by_role("button", name="Verschenen", exact=True).click()
    tour.check()
    expect_text(tour, "De afspraak is bijgewerkt", lambda p: p.locator(".messages"))
    tour.follow("Naar de medische dossiers")
    tour.follow("Eva Eigen")
    tour.follow("Spreekuur plannen", shot="doctor-plan")
    page.locator("main details a").first.click()
    page.wait_for_load_state("load")
    tour.check()
    page.get_by_label(re.compile("^Plaats")).fill(PLACE)
    page.get_by_label(re.compile("^Reden van het spreekuur")).fill(REASON)
    tour.submit("Afspraak plannen")
    expect_text(tour, "De afspraak is gepland", lambda p: p.locator(".messages"))
    planned = ConsultationAppointment.objects.get(status="planned")
    assert timezone.localtime(planned.starts_at).date() == tomorrow
    assert timezone.localtime(planned.starts_at).time() == dt.time(9)
    tour.assert_clean(min_pages=5)

    # Eva: from her home page to the invitation, the calendar file, her confirmation.
    user, secret = persona("eva@test.example", Role.EMPLOYEE, "Eva", "Eigen",
                           employer=employer, employee=eva)  # fmt: skip
    eva.user = user
    eva.save(update_fields=["user"])
    tour = tour_for("employee")
    page = tour.page
    sign_in(tour, user, secret)
    assert path_of(page) == "/verzuim/"
    tour.follow("Mijn afspraken op het spreekuur van de bedrijfsarts", shot="employee-appointments")
    invitation = page.locator("main .card-list a").first
    assert "gepland" in invitation.inner_text()
    with page.expect_navigation():
        invitation.click()
    tour.check(shot="employee-appointment")
    expect_text(tour, PLACE)
    assert REASON not in page.locator("main").inner_text()
    ics = tour.download("Zet in mijn agenda (.ics)").decode()
    assert "BEGIN:VEVENT" in ics
    assert "TZID=Europe/Amsterdam" in ics
    assert "Eva" not in ics
    assert "CANARY" not in ics
    page.get_by_label("Ik kom op deze afspraak").check()
    tour.submit("Reactie versturen")
    expect_text(tour, "Uw reactie is doorgegeven", lambda p: p.locator(".messages"))
    planned.refresh_from_db()
    assert planned.response == "confirmed"
    tour.assert_clean(min_pages=3)

    # HR: the case file says a consultation is planned and that Eva came; nothing else.
    hr, hr_secret = persona("hanna@test.example", Role.HR, "Hanna", "Rekers", employer=employer)
    tour = tour_for("hr")
    page = tour.page
    sign_in(tour, hr, hr_secret)
    tour.follow("Eva Eigen")
    tour.follow("Naar het re-integratiedossier", fallback=f"/verzuim/dossiers/{case.pk}/",
                shot="hr-case-file-consultations")  # fmt: skip
    section = page.locator("main table", has_text="Datum en tijd")
    text = section.inner_text()
    assert "gepland" in text
    assert "verschenen" in text
    main = page.locator("main").inner_text()
    for hidden in (REASON, PLACE, "bevestigd", "Telefonisch", "telefonisch"):
        assert hidden not in main
    tour.assert_clean(min_pages=3)
