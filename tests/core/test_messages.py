"""The messages storage keeps Django's cookie-then-session storage, the newest
``MAX_KEPT`` messages only (issue 21): a client that never loads the page after a form
no longer carries one more message per form in every request."""

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from poortwachter.core.messages import MAX_KEPT, RecentMessagesStorage


def _request(cookies=None):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.COOKIES.update(cookies or {})
    request._messages = default_storage(request)
    return request


def test_only_the_newest_messages_are_kept(db):
    assert settings.MESSAGE_STORAGE == "poortwachter.core.messages.RecentMessagesStorage"
    request = _request()
    assert isinstance(request._messages, RecentMessagesStorage)
    for n in range(MAX_KEPT + 5):
        messages.success(request, f"Melding {n}")
    response = HttpResponse()
    request._messages.update(response)
    cookie = response.cookies[request._messages.storages[0].cookie_name].value
    again = _request({request._messages.storages[0].cookie_name: cookie})
    shown = [str(m) for m in messages.get_messages(again)]
    assert shown == [f"Melding {n}" for n in range(5, MAX_KEPT + 5)]


def test_a_few_messages_are_all_kept(db):
    request = _request()
    messages.success(request, "Opgeslagen")
    messages.warning(request, "Let op")
    response = HttpResponse()
    request._messages.update(response)
    name = request._messages.storages[0].cookie_name
    again = _request({name: response.cookies[name].value})
    assert [str(m) for m in messages.get_messages(again)] == ["Opgeslagen", "Let op"]
