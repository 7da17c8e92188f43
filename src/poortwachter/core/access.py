"""``@actor_required(predicate, ...)``: the route gate every page uses.

The view gets the acting ``Actor`` as a keyword argument; who may use the page is decided
by predicates from the app's ``policies`` module, never by a role check in the view. A
caller who is not signed in goes to the sign-in page; one whom a predicate refuses gets
403. The second factor is already enforced for every request by the accounts middleware.

The actor itself is built by the accounts app (``ActorMiddleware`` puts a resolver on the
request), so this bottom layer needs no import of it.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest

from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden

Predicate = Callable[[Actor], bool]


def request_actor(request: HttpRequest) -> Actor:
    """The signed-in user of ``request`` as an ``Actor`` (built once per request)."""
    resolver = getattr(request, "get_actor", None)
    if resolver is None:
        raise RuntimeError("ActorMiddleware is not installed")
    return resolver()


#: The attribute naming a page's gate, read by ``security.route_table`` to write the
#: table of every route's requirements in docs/security.md (issue 18).
GATE_ATTRIBUTE = "poortwachter_gate"


def predicate_name(predicate: Predicate) -> str:
    """``app.policy_name`` of a predicate, as the route table shows it."""
    module = getattr(predicate, "__module__", "") or ""
    app = module.split(".")[1] if module.startswith("poortwachter.") else module
    return f"{app}.{getattr(predicate, '__qualname__', repr(predicate))}"


def actor_required(*predicates: Predicate):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            actor = request_actor(request)
            if not all(predicate(actor) for predicate in predicates):
                raise Forbidden
            return view(request, *args, actor=actor, **kwargs)

        setattr(wrapper, GATE_ATTRIBUTE, tuple(predicate_name(p) for p in predicates))
        return login_required(wrapper)

    return decorator
