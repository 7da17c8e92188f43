"""Adding an authenticator does not reopen the doctor's medical window (issue 18,
finding 2).

The attack replayed: in a doctor's session whose medical window has closed, someone
with the password re-authenticates by password, adds an authenticator of their own, and
the session counts as having just passed the second factor, which the medical step-up
trusted. Now only a use of an existing factor counts, and adding a factor needs one
first; the addition is logged and the holder told by an e-mail without content."""

import re
import time

from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from poortwachter.accounts.allauth_internals import AUTHENTICATION_METHODS_SESSION_KEY
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.medical.stepup import SEEN
from tests.factories import PASSWORD
from tests.helpers import totp_code
from tests.medical.conftest import plant_file

FILE = "/bedrijfsarts/dossiers/{}/"
ENROL = "/accounts/2fa/totp/activate/"


def _key_only(user) -> Authenticator:
    key = Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    return key


def _age_session(client, seconds: float) -> None:
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] = time.time() - seconds
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[SEEN] = time.time() - seconds
    session.save()


def _add_record(client, **record) -> None:
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    records.append({"at": time.time(), **record})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()


def _mfa_records(client) -> list[dict]:
    records = client.session[AUTHENTICATION_METHODS_SESSION_KEY]
    return [r for r in records if r.get("method") == "mfa"]


def test_a_new_factor_added_by_password_does_not_open_the_medical_window(
    world, client_for, actor_of
):
    plant_file(world, actor_of)
    key = _key_only(world.doctor)
    client = client_for("doctor")
    url = FILE.format(world.own_employee.pk)
    assert client.get(url).status_code == 200
    _age_session(client, 16 * 60)  # the window has closed
    assert client.get(url)["Location"].startswith(reverse("mfa_reauthenticate"))

    # 1. The password no longer re-authenticates someone who holds a factor.
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate_webauthn"))
    records = client.session[AUTHENTICATION_METHODS_SESSION_KEY]
    assert not [r for r in records if r.get("method") == "password" and r.get("reauthenticated")]

    # 2. Even with a password re-authentication (as allauth used to accept), adding a
    #    factor asks for the existing one first.
    _add_record(client, method="password", reauthenticated=True)
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate_webauthn"))
    response = client.post(ENROL, {"code": "123456"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(
        user=world.doctor, type=Authenticator.Type.TOTP
    ).exists()

    # 3. The medical file stays closed.
    assert client.get(url)["Location"].startswith(reverse("mfa_reauthenticate"))
    assert Authenticator.objects.filter(pk=key.pk).exists()


def test_adding_a_factor_after_using_one_is_logged_notified_and_opens_nothing(
    world, client_for, actor_of, django_capture_on_commit_callbacks
):
    plant_file(world, actor_of)
    _key_only(world.doctor)
    client = client_for("doctor")
    url = FILE.format(world.own_employee.pk)
    _age_session(client, 16 * 60)
    # A use of the existing key (what allauth's key re-authentication records).
    _add_record(client, method="mfa", type="webauthn", reauthenticated=True)
    before = _mfa_records(client)

    page = client.get(ENROL)
    assert page.status_code == 200
    secret = re.search(r"\b([A-Z2-7]{32})\b", page.content.decode().replace(" ", "")).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ENROL, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=world.doctor, type=Authenticator.Type.TOTP).exists()

    # Adding wrote no "second factor passed" of its own: only the key's use is there.
    assert _mfa_records(client) == before
    event = AccessEvent.objects.get(
        action=Action.MFA_ENROLLED,
        subject_user_id=world.doctor.pk,
        details__type=Authenticator.Type.TOTP,
    )
    assert event.details["after"] == "factor"
    [notice] = [m for m in mail.outbox if m.to == [world.doctor.email]]
    assert "tweede factor toegevoegd" in notice.subject
    # No content: no name, no role, no employer, no employee.
    for word in (world.doctor.last_name, world.employer.name, world.own_employee.last_name):
        assert word not in notice.body

    # Once that use is 15 minutes old, the window closes again: the new factor kept
    # nothing open.
    _age_session(client, 16 * 60)
    assert client.get(url)["Location"].startswith(reverse("mfa_reauthenticate"))
