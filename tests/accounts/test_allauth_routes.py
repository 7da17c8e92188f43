"""No allauth page is reachable past a project guard (issue 18, finding 1), and an
account always keeps a second factor, whatever path asks to remove it (R-SEC-1).

The attack replayed: the project's guarded key-removal route matched ids of 1-18 digits;
allauth's own route behind it took any number, so
``POST /accounts/2fa/webauthn/keys/0000000000000000019/remove/`` removed the last key and
the next password-only sign-in landed on enrolment."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn import views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, path

from poortwachter.accounts import services
from poortwachter.accounts.adapters import MFAAdapter
from poortwachter.accounts.factor_views import GUARD_ATTRIBUTE
from poortwachter.config import allauth_urls
from poortwachter.core.errors import ServiceError
from poortwachter.web.views import errors
from tests.factories import PASSWORD
from tests.helpers import sign_in


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def _is_allauth(callback) -> bool:
    """Whether a view is allauth's, however it is wrapped (``functools.wraps`` copies
    the module of the view it wraps)."""
    while callback is not None:
        if (getattr(callback, "__module__", "") or "").startswith("allauth"):
            return True
        callback = getattr(callback, "__wrapped__", None)
    return False


def unguarded_allauth_routes(patterns) -> list[str]:
    """Routes whose view is allauth's, without a project guard around it and not on
    the justified harmless list."""
    found = []
    for route, pattern in _walk(patterns):
        callback = pattern.callback
        if not _is_allauth(callback):
            continue
        if getattr(callback, GUARD_ATTRIBUTE, None):
            continue
        if pattern.name in allauth_urls.HARMLESS:
            continue
        found.append(f"{route} ({pattern.name})")
    return found


def test_every_allauth_view_served_is_guarded_or_listed_as_harmless():
    assert unguarded_allauth_routes(get_resolver().url_patterns) == []


def test_the_walk_finds_an_unguarded_allauth_view():
    """The check above can fail: an allauth view added without a guard is caught, and
    so is one that a non-project decorator wraps."""
    planted = [
        path("x/<int:pk>/remove/", views.remove_webauthn, name="planted_remove"),
        path("y/", login_required(views.add_webauthn), name="planted_add"),
    ]
    assert len(unguarded_allauth_routes(planted)) == 2


def test_allauth_urlconfs_are_not_included():
    """``include("allauth.urls")`` would bring back routes nobody looked at."""
    included = [
        getattr(entry.urlconf_name, "__name__", str(entry.urlconf_name))
        for _route, entry in _walk_resolvers(get_resolver().url_patterns)
    ]
    assert "poortwachter.config.allauth_urls" in included
    assert not [name for name in included if name.startswith("allauth")]


def _walk_resolvers(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield prefix + str(entry.pattern), entry
            yield from _walk_resolvers(entry.url_patterns, prefix + str(entry.pattern))


def test_the_harmless_list_names_only_served_allauth_views():
    served = {
        pattern.name: pattern.callback
        for _route, pattern in _walk(get_resolver().url_patterns)
        if isinstance(pattern, URLPattern)
    }
    for name in allauth_urls.HARMLESS:
        assert name in served, name
        assert _is_allauth(served[name]), name
        assert not getattr(served[name], GUARD_ATTRIBUTE, None), name


@pytest.mark.parametrize(
    "name",
    [
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_deactivate_totp",
        "mfa_remove_webauthn",
    ],
)
def test_every_page_that_adds_or_removes_a_factor_is_guarded(name):
    served = {p.name: p.callback for _r, p in _walk(get_resolver().url_patterns)}
    assert getattr(served[name], GUARD_ATTRIBUTE, None)


@pytest.mark.parametrize(
    "name",
    [
        "account_signup",
        "account_email",
        "account_set_password",
        "account_confirm_email",
        "account_confirm_login_code",
    ],
)
def test_pages_not_offered_answer_404(name, client):
    served = {p.name: p.callback for _r, p in _walk(get_resolver().url_patterns)}
    assert served[name] is errors.not_offered


def _key_only(user) -> Authenticator:
    """The finding's set-up: the account's one factor is a security key."""
    key = Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    return key


def _fresh_reauthentication(client):
    """allauth asks a recent re-authentication before removal: give the session one,
    made with the key (the strongest case for the attacker)."""
    session = client.session
    records = session["account_authentication_methods"]
    records.append(
        {"method": "mfa", "type": "webauthn", "at": records[0]["at"], "reauthenticated": True}
    )
    session["account_authentication_methods"] = records
    session.save()


def test_the_last_key_cannot_be_removed_through_a_long_id(world, client):
    """The attack as it was done, over HTTP."""
    key = _key_only(world.hr)
    sign_in(client, world.hr)
    _fresh_reauthentication(client)
    long_id = str(key.pk).zfill(19)
    response = client.post(f"/accounts/2fa/webauthn/keys/{long_id}/remove/")
    assert response.status_code == 404
    assert Authenticator.objects.filter(pk=key.pk).exists()
    # Nor through the ordinary route.
    response = client.post(f"/accounts/2fa/webauthn/keys/{key.pk}/remove/")
    assert response.status_code == 302
    assert Authenticator.objects.filter(pk=key.pk).exists()
    # The next password-only sign-in asks the key, it does not land on enrolment.
    client.logout()
    response = client.post("/accounts/login/", {"login": world.hr.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"


def test_a_key_can_go_while_another_factor_remains(world, client):
    key = Authenticator.objects.create(user=world.hr, type=Authenticator.Type.WEBAUTHN, data={})
    sign_in(client, world.hr)
    _fresh_reauthentication(client)
    client.post(f"/accounts/2fa/webauthn/keys/{key.pk}/remove/")
    assert not Authenticator.objects.filter(pk=key.pk).exists()


def test_the_last_app_cannot_be_switched_off(world, client):
    sign_in(client, world.hr)
    _fresh_reauthentication(client)
    response = client.post("/accounts/2fa/totp/deactivate/", {})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=world.hr, type=Authenticator.Type.TOTP).exists()


def test_the_service_refuses_to_delete_the_last_factor_by_any_path(world):
    """The rule is the service's, not a route's: the adapter says no, and a delete from
    any code (instance or queryset) is refused."""
    totp = Authenticator.objects.get(user=world.hr, type=Authenticator.Type.TOTP)
    assert MFAAdapter().can_delete_authenticator(totp) is False
    with pytest.raises(ServiceError):
        services.factor_removal_check(totp)
    with pytest.raises(ServiceError), transaction.atomic():
        totp.delete()
    with pytest.raises(ServiceError), transaction.atomic():
        Authenticator.objects.filter(user=world.hr).delete()
    assert Authenticator.objects.filter(pk=totp.pk).exists()
    # Recovery codes are not a factor to sign in with: they may go.
    codes = Authenticator.objects.create(
        user=world.hr, type=Authenticator.Type.RECOVERY_CODES, data={}
    )
    codes.delete()


def test_only_a_credentials_reset_removes_every_factor(world, actor_of):
    services.credentials_reset(actor=actor_of("employer_admin"), user=world.hr)
    assert not Authenticator.objects.filter(user=world.hr).exists()
    # And the rule is back in force right after.
    totp = Authenticator.objects.get(user=world.manager, type=Authenticator.Type.TOTP)
    with pytest.raises(ServiceError), transaction.atomic():
        totp.delete()
