"""``@role_required(...)``: the view gets the actor; other roles get 403.

Sign-in is required first (anonymous users go to the sign-in page). The second factor is
already enforced for every request by ``SecondFactorRequiredMiddleware``.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required

from poortwachter.accounts.selectors import actor_for_request
from poortwachter.core.errors import Forbidden


def role_required(*roles: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            actor = actor_for_request(request)
            if roles and not actor.has_role(*roles):
                raise Forbidden
            return view(request, *args, actor=actor, **kwargs)

        return wrapper

    return decorator
