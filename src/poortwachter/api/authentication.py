"""The API's authentication of people: the browser session, and only after the second
factor. No Basic auth, no personal tokens: every person's credential that reaches the API
went through the same password + second-factor sign-in (R-SEC-1; SECURITY.md pattern 7).
CSRF is enforced as for any session-authenticated request.

Machine clients of an employer (issue 20) authenticate with a short-lived access token
got with a signed key assertion (``private_key_jwt``), on the integration endpoints only
(``api.integration``): ``ClientTokenAuthentication`` is not a default class, so a token
opens nothing else, and no person's session opens an integration endpoint.
"""

from dataclasses import dataclass

from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.request import Request

from poortwachter.accounts.second_factor import session_passed_second_factor
from poortwachter.core.access import request_actor
from poortwachter.core.actor import Actor
from poortwachter.core.middleware import client_address
from poortwachter.integrations.services import token_actor


class SecondFactorSessionAuthentication(SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        if not session_passed_second_factor(request._request):
            return None
        return result


def api_actor(request: Request) -> Actor:
    """The signed-in user of an API call as an ``Actor`` (built once per request)."""
    return request_actor(request._request)


@dataclass(frozen=True)
class MachineClientUser:
    """``request.user`` of a machine client's call (throttled per client)."""

    pk: str
    is_authenticated: bool = True
    is_anonymous: bool = False


class ClientTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <access token>``; ``request.auth`` is the client's Actor."""

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        scheme, _space, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        actor = token_actor(
            token.strip(),
            request_id=getattr(request._request, "request_id", ""),
            remote_addr=client_address(request._request),
        )
        if actor is None:
            return None
        return MachineClientUser(pk=f"client-{actor.client_id}"), actor

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="poortwachter-integration"'
