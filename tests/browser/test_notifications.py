"""Issue 19's "done when", in a real browser on a phone (390 px) and a desktop
(1280 px): Eva reports herself sick; at once (no nightly job) she has her confirmation,
her manager, HR and the doctor have a notification, the doctor's queue has the report
and the case has its first tasks. The e-mails the worker then sends carry no name, date
or case detail (R-AUTHZ-1). The manager follows the notification to the report and
marks it read."""

import datetime as dt
import re

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from poortwachter.absences.models import ServiceQueueItem, SickReport
from poortwachter.core.roles import Role
from poortwachter.notifications import tasks
from poortwachter.notifications.models import Kind, Notification, Preference
from poortwachter.organisations.models import DoctorAssignment
from poortwachter.reintegration.models import Task
from tests.browser.flows import main_button, persona, sign_in, sign_out, submit
from tests.browser.test_absences import _fill_report, _team
from tests.browser.test_accessibility import blocking_violations

pytestmark = pytest.mark.xdist_group("browser")


@pytest.mark.browser
@pytest.mark.parametrize("size", ["phone_page", "page"], ids=["390px", "1280px"])
def test_a_sick_report_in_the_browser_signals_everyone_at_once(site, request, size):
    page = request.getfixturevalue(size)
    width = page.viewport_size["width"]
    employer, department, eva = _team()
    user, secret = persona("eva@test.example", Role.EMPLOYEE, employer=employer, employee=eva)
    manager, manager_secret = persona(
        "mark@test.example", Role.MANAGER, employer=employer, department=department
    )
    persona("hanna@test.example", Role.HR, employer=employer)
    doctor, _doctor_secret = persona("dokter@test.example", Role.DOCTOR)
    DoctorAssignment.objects.create(employer=employer, doctor=doctor, since=dt.date(2024, 1, 1))

    sign_in(page, site, user, secret)
    page.goto(site + "/verzuim/")
    submit(page, page.get_by_role("link", name="Ziek melden"))
    _fill_report(page, "Presentatie van vrijdag gaat naar Joost.")
    submit(page, main_button(page, "Ziekmelding versturen"))
    assert "De ziekmelding is vastgelegd" in page.locator(".messages").inner_text()
    report = SickReport.objects.get(employee=eva)

    # At once, without any nightly job:
    told = {(n.recipient.email, n.kind) for n in Notification.objects.select_related("recipient")}
    assert told == {
        ("eva@test.example", Kind.SICK_REPORT_RECEIVED),
        ("mark@test.example", Kind.SICK_REPORT),
        ("hanna@test.example", Kind.SICK_REPORT),
        ("dokter@test.example", Kind.SICK_REPORT),
    }
    assert ServiceQueueItem.objects.filter(report=report).exists()
    assert Task.objects.filter(case=report.case).exists()
    assert page.locator(".notification-count").inner_text().startswith("1")
    page.goto(site + "/verzuim/mijn-taken/")
    assert "Nog geen taken" not in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Nothing was sent in the request; the worker sends four content-free e-mails.
    assert mail.outbox == []
    for job in DBTaskResult.objects.filter(task_path=f"{tasks.__name__}.deliver"):
        tasks.deliver.call(*job.args_kwargs["args"])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["eva@test.example", "mark@test.example", "hanna@test.example", "dokter@test.example"]
    )
    day = report.first_sick_day
    forbidden = [eva.first_name, eva.last_name, eva.bsn, "Alfa Zorg", "Verpleging",
                 day.isoformat(), day.strftime("%d-%m-%Y"), f"{day.day}-{day.month}-{day.year}",
                 f"/verzuim/meldingen/{report.pk}/"]  # fmt: skip
    for message in mail.outbox:
        text = message.subject + "\n" + message.body
        assert [s for s in forbidden if s in text] == [], text

    # The manager follows the e-mail's link: after sign-in, the report itself.
    [to_manager] = [m for m in mail.outbox if m.to == [manager.email]]
    link = re.search(r"https?://\S+?(/meldingen/\d+/)", to_manager.body).group(1)
    sign_out(page)
    sign_in(page, site, manager, manager_secret)
    page.goto(site + "/meldingen/")
    item = page.locator(".notification--unread")
    assert item.get_by_role("link").inner_text() == "Nieuwe ziekmelding"
    assert blocking_violations(page) == []  # WCAG 2.1 AA, as every page (axe-core)
    page.goto(site + link)
    assert page.url.endswith(f"/verzuim/meldingen/{report.pk}/")
    page.goto(site + "/meldingen/")
    submit(page, page.get_by_role("button", name="Markeer als gelezen"))
    assert page.locator(".notification--unread").count() == 0
    assert page.locator(".notification-count").count() == 0
    page.goto(site + "/account/meldingen/")
    assert blocking_violations(page) == []
    page.get_by_label("Eén keer per dag een overzicht per e-mail").check()
    page.get_by_label("Tijdstip van het dagoverzicht").select_option("17")
    submit(page, main_button(page, "Opslaan"))
    assert "opgeslagen" in page.locator(".messages").inner_text()
    saved = Preference.objects.get(user=manager)
    assert (saved.delivery, saved.digest_hour) == ("digest", 17)
