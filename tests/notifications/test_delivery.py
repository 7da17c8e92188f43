"""E-mail about notifications (issue 19; R-AUTHZ-1): immediately, as a daily digest at
the user's hour, or not at all; legally required signals at least in the digest; Dutch
or English; the installation's own address; one-click unsubscribe for digests."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client

from poortwachter.notifications import delivery
from poortwachter.notifications.models import Delivery, Digest, Kind, Notification, Preference
from poortwachter.notifications.services import notify
from poortwachter.scheduling.services import run_due
from tests.notifications.conftest import leaks, personal_strings
from tests.retention.conftest import local


def _notify(user, kind=Kind.SICK_REPORT, link="/verzuim/"):
    with transaction.atomic():
        return notify(recipients=[user.pk], kind=kind, link=link)


def _prefer(user, delivery_mode, hour=8, language="nl"):
    Preference.objects.update_or_create(
        user=user, defaults={"delivery": delivery_mode, "digest_hour": hour, "language": language}
    )


def _digests_to(user):
    return [m for m in mail.outbox if m.to == [user.email] and "dagoverzicht" in m.subject]


def test_the_digest_goes_once_a_day_at_the_chosen_hour(
    world, settings, time_machine, immediate_tasks
):
    """The clock moves (core.clock via time-machine): nothing before 08:00, one e-mail at
    the first run of the 08:00 hour, none at the next runs that day, one the next day."""
    settings.POORTWACHTER_BASE_URL = "https://verzuim.example.nl"
    _prefer(world.hr, Delivery.DIGEST, hour=8)
    time_machine.move_to(local(2026, 11, 23, 6, 10), tick=False)
    _notify(world.hr)
    _notify(world.hr, Kind.RECOVERY)
    assert mail.outbox == []  # digest users get nothing immediately
    time_machine.move_to(local(2026, 11, 23, 7, 59), tick=False)
    run_due()
    assert _digests_to(world.hr) == []
    time_machine.move_to(local(2026, 11, 23, 8, 1), tick=False)
    run_due()
    [digest] = _digests_to(world.hr)
    assert "2 nieuwe meldingen" in digest.body
    assert digest.extra_headers["List-Unsubscribe"].startswith(
        "<https://verzuim.example.nl/meldingen/afmelden/"
    )
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Later that day: more notifications, more runs, but no second digest.
    _notify(world.hr)
    for hour in (8, 9, 17, 23):
        time_machine.move_to(local(2026, 11, 23, hour, 30), tick=False)
        run_due()
        delivery.digest_run(dt.date(2026, 11, 23))  # even run by hand
    assert len(_digests_to(world.hr)) == 1
    assert Digest.objects.filter(user=world.hr).count() == 1
    # The next day at 08:00: the one that came after yesterday's digest.
    time_machine.move_to(local(2026, 11, 24, 8, 5), tick=False)
    run_due()
    assert len(_digests_to(world.hr)) == 2
    assert "1 nieuwe melding " in _digests_to(world.hr)[-1].body
    assert not Notification.objects.filter(recipient=world.hr, emailed_at__isnull=True).exists()


def test_in_app_only_still_gets_the_legally_required_signals_in_the_digest(
    world, time_machine, immediate_tasks
):
    _prefer(world.hr, Delivery.IN_APP, hour=7)
    time_machine.move_to(local(2026, 11, 23, 5, 0), tick=False)
    _notify(world.hr, Kind.SICK_REPORT)
    assert mail.outbox == []
    time_machine.move_to(local(2026, 11, 23, 7, 10), tick=False)
    run_due()
    assert mail.outbox == []  # nothing required: no e-mail at all
    _notify(world.hr, Kind.DEADLINE_PASSED)
    time_machine.move_to(local(2026, 11, 24, 7, 10), tick=False)
    run_due()
    [digest] = _digests_to(world.hr)
    assert "1 nieuwe melding " in digest.body
    assert Notification.objects.get(kind=Kind.SICK_REPORT).emailed_at is None  # app only


def test_immediate_mail_in_the_users_language_on_the_configured_address(
    world, settings, immediate_tasks
):
    settings.POORTWACHTER_BASE_URL = "https://verzuim.example.nl"
    _prefer(world.manager, Delivery.IMMEDIATE, language="en")
    [notification] = _notify(world.manager)
    _notify(world.hr)
    [english] = [m for m in mail.outbox if m.to == [world.manager.email]]
    [dutch] = [m for m in mail.outbox if m.to == [world.hr.email]]
    assert english.subject == "[Poortwachter] There is something for you"
    assert f"https://verzuim.example.nl/meldingen/{notification.pk}/" in english.body
    assert "Er staat iets" in dutch.subject
    assert "127.0.0.1" not in english.body + dutch.body


def _last_subject_to(user) -> str:
    return [m for m in mail.outbox if m.to == [user.email]][-1].subject


def test_the_emails_follow_the_language_picked_in_the_header_until_one_is_chosen(
    world, client_for, immediate_tasks
):
    """Dutch and English by the user's language (issue 19): a user who reads in English
    gets English e-mail without visiting the preferences page; a language chosen there
    stays whatever the header says later."""
    manager = client_for("manager")
    assert manager.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    _notify(world.manager)
    assert _last_subject_to(world.manager) == "[Poortwachter] There is something for you"
    manager.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    _notify(world.manager)
    assert _last_subject_to(world.manager) == "[Poortwachter] Er staat iets voor u klaar"
    manager.post(
        "/account/meldingen/", {"delivery": "immediate", "digest_hour": "8", "language": "en"}
    )
    manager.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    _notify(world.manager)
    assert _last_subject_to(world.manager) == "[Poortwachter] There is something for you"
    # A visitor who is not signed in changes nobody's preference.
    visitor = Client()
    assert visitor.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert list(Preference.objects.values_list("user_id", flat=True)) == [world.manager.pk]


def test_no_email_for_in_app_users_or_inactive_accounts(world, immediate_tasks):
    _prefer(world.manager, Delivery.IN_APP)
    world.hr.is_active = False
    world.hr.save(update_fields=["is_active"])
    _notify(world.manager)
    _notify(world.hr)
    assert mail.outbox == []


def test_every_email_is_free_of_personal_and_case_data(
    world, report_for, time_machine, immediate_tasks
):
    """Every subject, body and header, immediate and digest: no name, no date, no BSN,
    no case detail of the synthetic data."""
    _prefer(world.hr, Delivery.DIGEST, hour=9)
    time_machine.move_to(local(2026, 11, 23, 7, 0), tick=False)
    report = report_for("employee", world.own_employee)
    time_machine.move_to(local(2026, 11, 23, 9, 5), tick=False)
    run_due()
    assert len(mail.outbox) >= 4  # the employee, the manager, the doctor; HR's digest
    assert _digests_to(world.hr)
    forbidden = [*personal_strings(world, report), "Alfa Zorg", "Verpleging", "ziekmelding"]
    for message in mail.outbox:
        assert leaks(message, forbidden) == [], message.subject


def test_one_click_unsubscribe_needs_no_session_and_keeps_required_signals(world, client):
    token = delivery.unsubscribe_token(world.hr.pk)
    _prefer(world.hr, Delivery.DIGEST)
    page = client.get(f"/meldingen/afmelden/{token}/")
    assert page.status_code == 200
    # A mail client's one-click POST: no session, no CSRF token (RFC 8058).
    client.handler.enforce_csrf_checks = True
    assert client.post(f"/meldingen/afmelden/{token}/").status_code == 200
    assert Preference.objects.get(user=world.hr).delivery == Delivery.IN_APP
    assert client.post("/meldingen/afmelden/niet-geldig/").status_code == 404
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(f"/meldingen/afmelden/{forged}/").status_code == 404


@pytest.mark.parametrize("persona", ["employee", "hr", "doctor", "privacy_officer"])
def test_preferences_are_reachable_from_the_account_page_and_saved(world, client_for, persona):
    client = client_for(persona)
    account = client.get("/account/").content.decode()
    assert "/account/meldingen/" in account
    assert client.get("/account/meldingen/").status_code == 200
    response = client.post(
        "/account/meldingen/", {"delivery": "digest", "digest_hour": "17", "language": "en"}
    )
    assert response.status_code == 302
    saved = Preference.objects.get(user=world.users[persona])
    assert (saved.delivery, saved.digest_hour, saved.language) == ("digest", 17, "en")
    bad = client.post("/account/meldingen/", {"delivery": "never", "digest_hour": "25"})
    assert set(bad.context["form"].errors) >= {"delivery", "digest_hour"}


def test_production_settings_link_to_the_real_address():
    """Reminder e-mails linked to 127.0.0.1:8000 (issue 19): production uses the
    configured address, else HTTPS on the first allowed host."""
    from tests.config.test_production_settings import _run

    code = "import django; from django.conf import settings as s; django.setup(); "
    derived = _run(code + "print(s.POORTWACHTER_BASE_URL)", POORTWACHTER_BASE_URL="")
    assert derived.stdout.strip() == "https://verzuim.example.nl", derived.stderr
    configured = _run(
        code + "print(s.POORTWACHTER_BASE_URL)", POORTWACHTER_BASE_URL="https://pw.example.org"
    )
    assert configured.stdout.strip() == "https://pw.example.org", configured.stderr


def test_production_mail_comes_from_the_installations_own_address():
    """Not the development default "poortwachter@localhost" (issue 19): the configured
    sender, else poortwachter@ the host the e-mails link to."""
    from tests.config.test_production_settings import _run

    code = ("import django; from django.conf import settings as s; django.setup(); "
            "print(s.DEFAULT_FROM_EMAIL, s.SERVER_EMAIL)")  # fmt: skip
    derived = _run(code, POORTWACHTER_BASE_URL="", POORTWACHTER_FROM_EMAIL="")
    assert derived.stdout.split() == ["poortwachter@verzuim.example.nl"] * 2, derived.stderr
    linked = _run(code, POORTWACHTER_BASE_URL="https://pw.example.org", POORTWACHTER_FROM_EMAIL="")
    assert linked.stdout.split() == ["poortwachter@pw.example.org"] * 2, linked.stderr
    configured = _run(code, POORTWACHTER_FROM_EMAIL="Verzuim <verzuim@example.com>")
    assert configured.stdout.count("Verzuim <verzuim@example.com>") == 2, configured.stderr
    # A wildcard host names no address: the start refuses instead of sending from
    # "poortwachter@.example.org" (found by review).
    wildcard = _run(code, POORTWACHTER_ALLOWED_HOSTS=".example.org", POORTWACHTER_BASE_URL="",
                    POORTWACHTER_FROM_EMAIL="")  # fmt: skip
    assert wildcard.returncode != 0
    assert "POORTWACHTER_BASE_URL" in wildcard.stderr
    no_host = _run(code, POORTWACHTER_BASE_URL="file:///tmp", POORTWACHTER_FROM_EMAIL="")
    assert no_host.returncode != 0
    assert "POORTWACHTER_FROM_EMAIL" in no_host.stderr


def test_notifications_older_than_a_year_are_deleted_by_the_daily_job(world, time_machine):
    time_machine.move_to(local(2025, 11, 1, 10, 0), tick=False)
    old = _notify(world.hr)[0]
    time_machine.move_to(local(2026, 10, 1, 10, 0), tick=False)
    recent = _notify(world.hr)[0]
    time_machine.move_to(local(2026, 11, 23, 3, 0), tick=False)
    outcomes = {o.job: o for o in run_due()}
    assert outcomes["notification_cleanup"].summary["notifications"] == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Notification.objects.filter(pk=old.pk).exists()
