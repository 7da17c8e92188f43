"""Security regression suite over real HTTP (issue 18 "Beyond the findings", R-SEC-1,
R-AUTHZ-1, SECURITY.md section 3).

Each test replays, against pytest-django's live server (a real socket, a real WSGI
server thread), the attack of a published advisory of a similar system, or a finding of
issue 18, the way an attacker sends it: cookies, CSRF tokens, headers and bodies as a
browser or a script would. The test names the advisory; docs/security.md maps them.
One server per worker (pytest-django's is session-wide); one xdist group so that the
suite shares that server."""

import re
import time

import pytest
import requests
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from poortwachter.absences.models import AbsenceCase, SickReport
from poortwachter.accounts.allauth_internals import AUTHENTICATION_METHODS_SESSION_KEY
from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.core import clock
from poortwachter.core.roles import Role
from poortwachter.medical.stepup import SEEN
from poortwachter.reintegration.models import ThirdPartyReport
from tests.core.upload_cases import PDF
from tests.factories import PASSWORD, UserFactory, grant
from tests.helpers import sign_in, totp_code
from tests.medical.conftest import CANARIES, plant_file
from tests.security_live.live import LOGIN, SECOND_FACTOR, Http, totp_secret_on

pytestmark = pytest.mark.xdist_group("live-http")

MEDICAL_FILE = "/bedrijfsarts/dossiers/{}/"
ENROL = "/accounts/2fa/totp/activate/"
EVIL = "evil.example"


@pytest.fixture
def http(live_server):
    return lambda: Http(live_server.url)


def _report_body(world, employee=None, **extra) -> dict:
    return {
        "employee": (employee or world.own_employee).pk,
        "first_sick_day": clock.today().isoformat(), "phone": "0612345678",
        "care_street": "Lindelaan", "care_house_number": "12", "care_postcode": "3511 AB",
        "care_city": "Utrecht", "expected_duration": "days", "appointments_and_work": "",
        "safety_net_applies": False, "work_accident": False,
        "traffic_accident_third_party": False, **extra,
    }  # fmt: skip


def _key_only(user) -> Authenticator:
    """A security key as the account's one factor (HTTP cannot play a key)."""
    key = Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    return key


def _session_of(user, *, age: float = 0, reauthenticated_by_key: bool = False) -> str:
    """A two-factor session made as allauth leaves it after password + key, aged
    ``age`` seconds; its key goes into the HTTP client's cookie jar."""
    client = sign_in(Client(), user)
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] = time.time() - age
    if reauthenticated_by_key:
        records.append(
            {"method": "mfa", "type": "webauthn", "at": time.time(), "reauthenticated": True}
        )
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[SEEN] = time.time() - age
    session.save()
    return session.session_key


# --- authorisation -----------------------------------------------------------------------


def test_ids_of_another_employer_answer_404_and_change_nothing(world, http):
    """OpenEMR CVE-2026-27943, CVE-2026-25745, CVE-2026-34055, openemr#11853 (SECURITY.md
    pattern 1): records looked up by id alone. HR of one employer swaps in the ids of
    another employer's employee on pages, API reads and an API write."""
    hr = http()
    hr.sign_in(world.hr, world.secrets["hr"])
    other = world.other_employee.pk
    for path in (f"/werknemers/{other}/", f"/api/v1/employees/{other}/"):
        response = hr.get(path)
        assert response.status_code == 404, (path, response.status_code)
        assert world.other_employee.last_name not in response.text
    response = hr.post("/api/v1/sick-reports/", json=_report_body(world, world.other_employee))
    assert response.status_code in (400, 403, 404), response.text[:300]
    assert not SickReport.objects.filter(employee=world.other_employee).exists()
    # The control: the same request for the own employer works.
    assert hr.get(f"/werknemers/{world.own_employee.pk}/").status_code == 200


@pytest.mark.parametrize(
    "extra",
    [
        {"employer": "{other_employer}"},
        {"reported_by": "{doctor}"},
        {"diagnosis": "griep"},
        {"incapacity_percentage": 50},
    ],
)
def test_fields_beyond_the_form_are_refused_not_trusted(world, http, extra):
    """OpenEMR CVE-2025-67645 (pattern 2): the server trusted ids in the body. Mass
    assignment over the API: an extra field is a 400 and nothing is stored."""
    values = {"other_employer": world.other_employer.pk, "doctor": world.doctor.pk}
    extra = {k: v.format(**values) if isinstance(v, str) else v for k, v in extra.items()}
    hr = http()
    hr.sign_in(world.hr, world.secrets["hr"])
    response = hr.post("/api/v1/sick-reports/", json=_report_body(world, **extra))
    assert response.status_code == 400, response.text[:300]
    assert not SickReport.objects.exists()


@pytest.mark.parametrize("value", [None, "", [], {}])
def test_empty_or_null_role_never_skips_the_check(world, http, value):
    """Bitwarden CVE-2026-43638 (pattern 13): an empty collection skipped the check.
    An employer administrator sends an empty or null role for the doctor's account."""
    admin = http()
    admin.sign_in(world.employer_admin, world.secrets["employer_admin"])
    response = admin.post(f"/api/v1/users/{world.doctor.pk}/grants/", json={"role": value})
    assert response.status_code in (400, 403, 404), response.status_code
    assert list(
        RoleAssignment.objects.filter(user=world.doctor).values_list("role", flat=True)
    ) == [Role.DOCTOR]


@pytest.mark.parametrize("persona", ["hr", "employer_admin", "service_admin", "privacy_officer"])
def test_no_other_role_gets_a_byte_of_the_medical_file(world, http, actor_of, persona):
    """OpenEyes CVE-2021-40375 (pattern 5: "Forbidden" shown, data in the page source) and
    OpenEMR CVE-2026-25127 (pattern 6: a module without a permission check)."""
    plant_file(world, actor_of)
    visitor = http()
    visitor.sign_in(world.users[persona], world.secrets[persona])
    for path in (MEDICAL_FILE.format(world.own_employee.pk), "/bedrijfsarts/werkvoorraad/"):
        response = visitor.get(path)
        assert response.status_code in (302, 403, 404), (path, response.status_code)
        for canary in CANARIES.values():
            assert str(canary) not in response.text, (path, canary)


# --- the second factor -------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", [None, "Basic {basic}", "Bearer {session}", "Token {session}", "Session {session}"]
)
def test_a_password_step_alone_reaches_nothing_by_any_scheme(world, http, header):
    """Nextcloud CVE-2026-45690 / CVE-2026-45691 (pattern 7): a session or token from
    before the second factor was accepted through another authentication scheme. Also
    "2FA bypass by skipping the step": after the password, go straight to the pages."""
    attacker = http()
    first = attacker.password_step(world.hr.email)
    assert first.headers["Location"] == SECOND_FACTOR
    pending = attacker.session.cookies.get("sessionid", "")
    basic = requests.auth._basic_auth_str(world.hr.email, PASSWORD)  # type: ignore[attr-defined]
    headers = {}
    if header:
        headers["Authorization"] = header.format(basic=basic.split(" ", 1)[1], session=pending)
    for path in ("/api/v1/me/", "/api/v1/employees/", "/werknemers/", "/", "/verzuim/"):
        response = attacker.get(path, headers=headers)
        assert response.status_code in (302, 401, 403), (path, response.status_code)
        if response.status_code == 302:
            assert response.headers["Location"].startswith((LOGIN, SECOND_FACTOR)), path
        assert world.own_employee.last_name not in response.text


def test_guessing_the_code_ends_the_pending_sign_in(world, http):
    """wg-easy#2775, pypi/warehouse#5940 and #8456 (pattern 9): unlimited TOTP guesses.
    After five wrong codes (SECURITY.md G4: at most 5 tries per pending sign-in; a fixed
    number, not the setting, so a loosened setting fails the test) even the right one
    does not help."""
    attacker = http()
    attacker.password_step(world.hr.email)
    for guess in range(5):
        attacker.post(SECOND_FACTOR, {"code": f"{guess:06d}"})
    response = attacker.post(SECOND_FACTOR, {"code": _code(world, "hr")})
    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)
    assert attacker.get("/werknemers/").status_code == 302


def _code(world, persona: str, offset: int = 0) -> str:
    return totp_code(world.secrets[persona], offset)


def test_password_guessing_is_stopped(world, http):
    """Nextcloud CVE-2021-41177 (pattern 8: the rate limit silently off) and ASVS 2.2.1:
    after ten wrong passwords from one source, the right one no longer leads on to the
    second factor (nor does any later wrong one)."""
    attacker = http()
    for attempt in range(10):  # SECURITY.md G4: back-off after 10 failures
        attacker.password_step(world.doctor.email, password=f"geraden-{attempt}-wachtwoord")
    response = attacker.password_step(world.doctor.email)
    assert response.headers.get("Location") != SECOND_FACTOR
    assert "_auth_user_id" not in response.text


def test_the_session_id_changes_at_each_step_and_old_ones_are_dead(world, http):
    """nextcloud/all-in-one#7839 (pattern 15): session fixation. An id the attacker
    planted, and the id of the pending (password-only) step, are worthless afterwards."""
    victim = http()
    victim.set_cookie("sessionid", "aangeplant0000000000000000000000")
    victim.password_step(world.hr.email)
    pending = victim.session.cookies.get("sessionid")
    assert pending != "aangeplant0000000000000000000000"
    victim.post(SECOND_FACTOR, {"code": _code(world, "hr")})
    signed_in = victim.session.cookies.get("sessionid")
    assert signed_in not in (pending, "aangeplant0000000000000000000000")
    assert victim.get("/werknemers/").status_code == 200
    for stale in (pending, "aangeplant0000000000000000000000"):
        attacker = http()
        attacker.adopt(stale)
        assert attacker.get("/werknemers/").status_code == 302, stale


# --- requests forged or poisoned --------------------------------------------------------


def test_a_forged_cross_site_write_is_refused(world, http):
    """2018 Project Insecurity report on OpenEMR (CSRF): a signed-in HR user's browser
    sends a write without the token, or from another origin with a stolen token."""
    hr = http()
    hr.sign_in(world.hr, world.secrets["hr"])
    body = _report_body(world)
    assert hr.post("/api/v1/sick-reports/", json=body, csrf=False).status_code == 403
    assert (
        hr.post(f"/verzuim/ziekmelden/{world.own_employee.pk}/", body, csrf=False).status_code
        == 403
    )
    forged = hr.post(
        "/api/v1/sick-reports/", json=body,
        headers={"Origin": f"https://{EVIL}", "Referer": f"https://{EVIL}/"},
    )  # fmt: skip
    assert forged.status_code == 403
    assert not SickReport.objects.exists()
    # The control: the same write from the product's own page works.
    assert hr.post("/api/v1/sick-reports/", json=body).status_code == 201


XSS = '<script>alert("pw")</script><img src=x onerror=alert(1)>'


def test_free_text_comes_back_as_text(world, http):
    """Stored XSS (2018 Project Insecurity report; OpenEMR's many stored-XSS advisories):
    markup written through the API by one role is shown as text to the others."""
    manager = http()
    manager.sign_in(world.manager, world.secrets["manager"])
    response = manager.post(
        "/api/v1/sick-reports/",
        json=_report_body(world, care_city=XSS, appointments_and_work=XSS),
    )
    assert response.status_code == 201, response.text[:300]
    report = SickReport.objects.get()
    pages = {
        "hr": [f"/verzuim/meldingen/{report.pk}/", "/verzuim/overzicht/"],
        "employee": ["/verzuim/"],
        "doctor": ["/bedrijfsarts/werkvoorraad/"],
    }
    for persona, paths in pages.items():
        reader = http()
        reader.sign_in(world.users[persona], world.secrets[persona])
        for path in paths:
            page = reader.get(path)
            assert page.status_code == 200, (persona, path)
            assert "<script>alert" not in page.text, (persona, path)
            assert "onerror=alert(1)>" not in page.text, (persona, path)
    api = manager.get(f"/api/v1/sick-reports/{report.pk}/")
    assert api.headers["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "target", [f"https://{EVIL}/", f"//{EVIL}/", f"/\\{EVIL}/", f"https:{EVIL}", "javascript:x"]
)
def test_sign_in_never_sends_the_visitor_elsewhere(world, http, target):
    """Open redirect (SECURITY.md checklist; ASVS 5.1.5): ``next`` after signing in, and
    after signing out, stays on this site."""
    visitor = http()
    visitor.get(f"{LOGIN}?next={target}")
    first = visitor.password_step(world.hr.email, next=target)
    assert EVIL not in first.headers.get("Location", "")
    second = visitor.post(f"{SECOND_FACTOR}?next={target}", {"code": _code(world, "hr")})
    location = second.headers.get("Location", "")
    assert location.startswith("/"), location
    assert not location.startswith(("//", "/\\")), location
    assert EVIL not in location
    out = visitor.post("/accounts/logout/", {"next": target})
    assert EVIL not in out.headers.get("Location", "")


def test_a_reset_link_never_points_at_a_host_the_attacker_names(world, http, mailoutbox):
    """Password-reset poisoning through the Host header (Django's ALLOWED_HOSTS
    advisories; GitLab CVE-2023-7028 sent the link to the attacker by another route):
    the link in the e-mail always names this installation."""
    attacker = http()
    token = attacker.csrf()
    forged = attacker.session.post(
        attacker.url("/accounts/password/reset/"), data={"email": world.hr.email},
        headers={"Host": EVIL, "X-CSRFToken": token}, allow_redirects=False, timeout=15,
    )  # fmt: skip
    assert forged.status_code == 400
    for header in ("X-Forwarded-Host", "X-Forwarded-Server", "Forwarded"):
        value = f"host={EVIL}" if header == "Forwarded" else EVIL
        attacker.post("/accounts/password/reset/", {"email": world.hr.email},
                      headers={header: value})  # fmt: skip
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        assert EVIL not in message.body
        assert message.to == [world.hr.email]


def test_a_reset_for_an_array_of_addresses_mails_one_link_to_one_address(world, http, mailoutbox):
    """GitLab CVE-2023-7028 (pattern 10): ``email[]=victim&email[]=attacker`` mailed the
    victim's reset link to the attacker too."""
    attacker = http()
    attacker.post("/accounts/password/reset/",
                  [("email", world.hr.email), ("email", f"aanvaller@{EVIL}")])  # fmt: skip
    attacker.post("/accounts/password/reset/",
                  {"email": f"{world.hr.email},aanvaller@{EVIL}"})  # fmt: skip
    for message in mailoutbox:
        assert message.to == [world.hr.email]
        assert EVIL not in " ".join(message.to + message.cc + message.bcc)


def test_reset_answers_the_same_for_known_and_unknown_addresses(world, http):
    """Django GHSA-rrqc-c2jx-6jgv (pattern 12): account enumeration through the reset."""
    known = http().post("/accounts/password/reset/", {"email": world.hr.email})
    unknown = http().post("/accounts/password/reset/", {"email": "niemand@test.example"})
    assert (known.status_code, known.headers.get("Location")) == (
        unknown.status_code,
        unknown.headers.get("Location"),
    )


# --- files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/werknemers/..%2f..%2f..%2fetc%2fpasswd/",
        "/api/v1/employees/%2e%2e%2f%2e%2e%2fsettings/",
        "/verzuim/dossiers/1/rapporten/..%2f..%2f..%2fetc%2fpasswd/",
    ],
)
def test_paths_outside_the_product_are_not_served(world, http, path):
    """Path traversal in downloads (2018 Project Insecurity report on OpenEMR)."""
    hr = http()
    hr.sign_in(world.hr, world.secrets["hr"])
    response = hr.session.get(hr.url(path), allow_redirects=True, timeout=15)
    assert response.status_code in (400, 404), (path, response.status_code)
    assert "root:" not in response.text
    assert "SECRET_KEY" not in response.text


def test_an_upload_name_never_becomes_a_path(world, http, tmp_path):
    """Path traversal and disguised files in uploads (2018 Project Insecurity report on
    OpenEMR): the name the browser sends is never used; content decides the type."""
    day = clock.today()
    hr = http()
    hr.sign_in(world.hr, world.secrets["hr"])
    created = hr.post("/api/v1/sick-reports/", json=_report_body(world))
    assert created.status_code == 201, created.text[:300]
    case = AbsenceCase.objects.get()
    planted = tmp_path / "geplant.pdf"
    name = "../" * 12 + str(planted).lstrip("/")
    fields = {"title": "Rapport", "author": "other", "received_on": day.isoformat()}
    url = f"/verzuim/dossiers/{case.pk}/rapporten/nieuw/"
    disguised = hr.post(url, fields, files={"upload": (name, b"<html><script>x</script>",
                                                       "application/pdf")})  # fmt: skip
    assert disguised.status_code == 400
    ok = hr.post(url, fields, files={"upload": (name, PDF, "application/pdf")})
    assert ok.status_code == 302, re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]*)', ok.text)
    assert not planted.exists()
    report = ThirdPartyReport.objects.get()
    download = hr.get(f"/verzuim/dossiers/{case.pk}/rapporten/{report.pk}/")
    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert ".." not in disposition
    assert "/" not in disposition.split("filename", 1)[1]


# --- issue 18, findings 1, 2 and 4, as they were done ------------------------------------


def test_finding_1_the_last_key_survives_a_long_id_over_http(world, http):
    """Issue 18, finding 1: ``POST /accounts/2fa/webauthn/keys/0000000000000000019/remove/``
    reached allauth's own route (any number of digits) past the guarded one (1-18) and
    removed the last key; the next password-only sign-in landed on enrolment."""
    key = _key_only(world.hr)
    attacker = http()
    attacker.adopt(_session_of(world.hr, reauthenticated_by_key=True))
    for key_id in (str(key.pk).zfill(19), str(key.pk).zfill(25), str(key.pk)):
        attacker.post(f"/accounts/2fa/webauthn/keys/{key_id}/remove/")
        assert Authenticator.objects.filter(pk=key.pk).exists(), key_id
    attacker.post("/accounts/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(user=world.hr).count() == 1
    # Whoever has the password is asked for the key, not offered enrolment.
    stranger = http()
    response = stranger.password_step(world.hr.email)
    assert response.headers["Location"] == SECOND_FACTOR
    assert stranger.get(ENROL).status_code == 302


def test_finding_2_adding_a_factor_does_not_reopen_the_medical_window(world, http, actor_of):
    """Issue 18, finding 2 (and Bitwarden CVE-2026-43640, pattern 14: no step-up): in a
    doctor's session whose medical window has closed, re-authenticate by password, add
    an authenticator of one's own, and read the file."""
    plant_file(world, actor_of)
    _key_only(world.doctor)
    url = MEDICAL_FILE.format(world.own_employee.pk)
    attacker = http()
    attacker.adopt(_session_of(world.doctor, age=16 * 60))
    closed = attacker.get(url)
    assert closed.status_code == 302
    assert closed.headers["Location"].startswith(reverse("mfa_reauthenticate"))
    attacker.post("/accounts/reauthenticate/", {"password": PASSWORD})
    enrol = attacker.get(ENROL)
    secret = totp_secret_on(enrol.text) if enrol.status_code == 200 else None
    if secret:  # the attack goes on wherever the page lets it
        attacker.post(ENROL, {"code": totp_code(secret)})
    assert not Authenticator.objects.filter(
        user=world.doctor, type=Authenticator.Type.TOTP
    ).exists()
    response = attacker.get(url)
    assert response.status_code == 302
    for canary in CANARIES.values():
        assert str(canary) not in response.text


def test_finding_4_a_password_alone_never_claims_an_account(world, http):
    """Issue 18, finding 4: an account without a factor (new, or reset) was claimed by
    whoever first signed in with its password and enrolled their own authenticator."""
    user = UserFactory(email="zonder.factor@test.example")
    grant(user, Role.HR, employer=world.employer)
    attacker = http()
    response = attacker.password_step(user.email)
    assert response.headers.get("Location") not in (ENROL, SECOND_FACTOR)
    enrol = attacker.get(ENROL)
    secret = totp_secret_on(enrol.text) if enrol.status_code == 200 else None
    if secret:
        attacker.post(ENROL, {"code": totp_code(secret)})
    assert not Authenticator.objects.filter(user=user).exists()
    assert attacker.get("/werknemers/").status_code == 302
    assert not User.objects.get(pk=user.pk).last_login
