"""The route gate (``core.access.actor_required``): the policy predicate decides, the
view gets the actor, and the gate never runs without the accounts middleware."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from poortwachter.core.access import actor_required, request_actor
from poortwachter.core.actor import Actor, Grant
from poortwachter.core.errors import Forbidden

HR = Actor(user_id=7, label="hr", grants=(Grant("hr", employer_id=1),))


def _request(actor=HR, user=None):
    request = RequestFactory().get("/")
    request.user = user or type("U", (), {"is_authenticated": True})()
    request.get_actor = lambda: actor
    return request


def test_the_view_gets_the_actor_when_every_predicate_says_yes():
    seen = []

    @actor_required(lambda actor: actor.has_role("hr"), lambda actor: actor.user_id == 7)
    def view(request, *, actor):
        seen.append(actor)
        return "page"

    assert view(_request()) == "page"
    assert seen == [HR]


def test_one_predicate_saying_no_refuses_with_forbidden():
    @actor_required(lambda actor: True, lambda actor: actor.has_role("doctor"))
    def view(request, *, actor):
        raise AssertionError("the view must not run")

    with pytest.raises(Forbidden):
        view(_request())


def test_an_anonymous_caller_goes_to_sign_in_before_any_predicate_runs():
    @actor_required(lambda actor: pytest.fail("no predicate for anonymous callers"))
    def view(request, *, actor):
        raise AssertionError("the view must not run")

    response = view(_request(user=AnonymousUser()))
    assert response.status_code == 302


def test_without_the_actor_middleware_the_gate_refuses_to_guess():
    request = RequestFactory().get("/")
    with pytest.raises(RuntimeError, match="ActorMiddleware"):
        request_actor(request)
