"""The API's only authentication: the browser session, and only after the second factor.

No tokens, no Basic auth: every credential that reaches the API went through the same
password + second-factor sign-in (R-SEC-1; SECURITY.md pattern 7). CSRF is enforced as
for any session-authenticated request.
"""

from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from poortwachter.accounts.second_factor import session_passed_second_factor
from poortwachter.core.access import request_actor
from poortwachter.core.actor import Actor


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
