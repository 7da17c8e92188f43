"""A user sees and marks only their own notifications (issue 19; R-AUTHZ-1): every role,
another employer's user, the pages and the API alike. The header's count is one query."""

import pytest
from django.db import connections, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from poortwachter.notifications.models import Kind, Notification
from poortwachter.notifications.selectors import unread_count
from poortwachter.notifications.services import notify
from poortwachter.web.context_processors import navigation
from tests.conftest import PERSONAS
from tests.helpers import sign_in


def _give_everyone_one(world) -> dict[str, Notification]:
    with transaction.atomic():
        return {
            name: notify(recipients=[user.pk], kind=Kind.SICK_REPORT, link=f"/verzuim/#{name}")[0]
            for name, user in world.users.items()
        }


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_shows_only_ones_own(world, client_for, persona):
    mine = _give_everyone_one(world)
    page = client_for(persona).get("/meldingen/").content.decode()
    assert f"/verzuim/#{persona}" in page
    others = [name for name in PERSONAS if name != persona and f"/verzuim/#{name}" in page]
    assert others == []
    api = client_for(persona).get("/api/v1/notifications/").json()
    assert [row["id"] for row in api["results"]] == [mine[persona].pk]
    assert api["results"][0]["kind_label"] == "Nieuwe ziekmelding"


@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_opens_or_marks_another_users_notification(world, client_for, persona):
    """Every other user's notification, whatever their role or employer: 404 on the
    page, the redirect and the API, and it stays unread."""
    notes = _give_everyone_one(world)
    client = client_for(persona)
    for owner, note in notes.items():
        if owner == persona:
            continue
        assert client.get(f"/meldingen/{note.pk}/").status_code == 404
        assert client.post(f"/meldingen/{note.pk}/gelezen/").status_code == 404
        api = client.post(f"/api/v1/notifications/{note.pk}/read/", content_type="application/json")
        assert api.status_code == 404
    client.post("/meldingen/gelezen/")
    client.post("/api/v1/notifications/read-all/", content_type="application/json")
    still_unread = Notification.objects.filter(read_at__isnull=True).exclude(
        recipient=world.users[persona]
    )
    assert still_unread.count() == len(PERSONAS) - 1
    assert Notification.objects.get(pk=notes[persona].pk).read_at is not None


def test_own_notification_opens_marks_read_and_counts(world, client_for):
    notes = _give_everyone_one(world)
    with transaction.atomic():
        notify(recipients=[world.hr.pk], kind=Kind.RECOVERY, link="/verzuim/overzicht/")
    client = client_for("hr")
    header = client.get("/meldingen/").content.decode()
    assert 'class="notification-count">2<' in header
    opened = client.get(f"/meldingen/{notes['hr'].pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == "/verzuim/#hr"
    assert Notification.objects.get(pk=notes["hr"].pk).read_at is None  # GET changes nothing
    assert client.post(f"/meldingen/{notes['hr'].pk}/gelezen/").status_code == 302
    assert Notification.objects.get(pk=notes["hr"].pk).read_at is not None
    assert 'class="notification-count">1<' in client.get("/meldingen/").content.decode()
    unread = client.get("/api/v1/notifications/?unread=1").json()
    assert [row["kind"] for row in unread["results"]] == ["recovery"]
    assert client.post(
        "/api/v1/notifications/read-all/", content_type="application/json"
    ).json() == {"marked": 1}
    assert "notification-count" not in client.get("/meldingen/").content.decode()


def test_marking_needs_a_csrf_token(world, client):
    note = _give_everyone_one(world)["hr"]
    client.handler.enforce_csrf_checks = True
    sign_in(client, world.hr)
    assert client.post(f"/meldingen/{note.pk}/gelezen/").status_code == 403
    assert client.post("/meldingen/gelezen/").status_code == 403
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_the_header_count_is_one_query(world, actor_of):
    _give_everyone_one(world)
    actor = actor_of("hr")
    with CaptureQueriesContext(connections["default"]) as queries:
        assert unread_count(actor) == 1
    assert len(queries) == 1
    assert "notification" in queries.captured_queries[0]["sql"]


def test_the_header_count_is_not_counted_when_not_shown(world, actor_of):
    """The context processor hands the template a callable: a page that does not show
    the header (or a response that is not a page) costs no query."""
    request = RequestFactory().get("/")
    request.user = world.hr
    request.session = sign_in(Client(), world.hr).session
    request.get_actor = lambda: actor_of("hr")
    with CaptureQueriesContext(connections["default"]) as queries:
        context = navigation(request)
    assert callable(context["notification_count"])
    assert not [q for q in queries.captured_queries if "notification" in q["sql"]]
    assert context["notification_count"]() == 0


def test_a_notification_holds_no_text_only_a_kind_and_a_path(world):
    """R-AUTHZ-1 by construction: no field for a name, a date of absence or free text."""
    fields = {f.name for f in Notification._meta.concrete_fields}
    assert fields == {"id", "recipient", "kind", "link", "created_at", "read_at", "emailed_at"}
    with transaction.atomic(), pytest.raises(ValueError, match="path"):
        notify(recipients=[world.hr.pk], kind=Kind.SICK_REPORT, link="https://example.org/")
    with transaction.atomic(), pytest.raises(ValueError, match="kind"):
        notify(recipients=[world.hr.pk], kind="free text", link="/")
