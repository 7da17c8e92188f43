"""Error pages: in Dutch, with nothing from the request or the object echoed back."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

#: The API's error shape (drf-standardized-errors), for errors raised before DRF sees the
#: request: an unresolvable URL, a CSRF failure.
API_ERRORS = {
    400: ("client_error", "parse_error", _("Het verzoek is ongeldig.")),
    403: ("client_error", "permission_denied", _("Geen toegang.")),
    404: ("client_error", "not_found", _("Niet gevonden.")),
    500: ("server_error", "error", _("Er ging iets mis aan onze kant.")),
}


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _api_error(status: int) -> JsonResponse:
    kind, code, detail = API_ERRORS[status]
    body = {"type": kind, "errors": [{"code": code, "detail": str(detail), "attr": None}]}
    return JsonResponse(body, status=status)


def _page(request: HttpRequest, status: int, template: str) -> HttpResponse:
    if _is_api(request):
        return _api_error(status)
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 400, "errors/400.html")


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 403, "errors/403.html")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 404, "errors/404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _api_error(500)
    # Rendered without the request context: the database may be what failed.
    return HttpResponse(render_to_string("errors/500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, 403, "errors/csrf.html")


def not_offered(request: HttpRequest, **kwargs) -> HttpResponse:
    return _page(request, 404, "errors/404.html")
