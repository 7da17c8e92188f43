"""Error pages: in Dutch, with nothing from the request or the object echoed back."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _page(request: HttpRequest, status: int, template: str) -> HttpResponse:
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 400, "errors/400.html")


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 403, "errors/403.html")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 404, "errors/404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: the database may be what failed.
    from django.template.loader import render_to_string

    return HttpResponse(render_to_string("errors/500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, 403, "errors/csrf.html")


def not_offered(request: HttpRequest, **kwargs) -> HttpResponse:
    return _page(request, 404, "errors/404.html")
