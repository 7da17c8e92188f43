"""Request id for the access log, and no caching of anything that is not a static file."""

import re
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def client_address(request: HttpRequest) -> str:
    """The client's address: the socket peer, or with N trusted proxies the N-th entry
    from the right of X-Forwarded-For (entries further left are the client's own say)."""
    count = settings.POORTWACHTER_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


class RequestIdMiddleware:
    """Gives each request an id (a proxy's X-Request-ID if well-formed), echoed back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = (  # type: ignore[attr-defined]
            incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        )
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response


class NoStoreForSignedInMiddleware:
    """Pages can hold personal data: no browser or proxy may keep a copy (ASVS 14.3.2).

    Every response except static files gets ``no-store``; sign-in pages carry CSRF tokens,
    so they are no better to cache than signed-in ones.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response
