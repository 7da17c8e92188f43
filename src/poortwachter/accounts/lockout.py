"""django-axes hooks: which account a sign-in attempt is for, and the lockout answer."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def username_from_request(request: HttpRequest, credentials: dict | None) -> str:
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request.method == "POST":
        value = request.POST.get("login", "")
    return str(value or "").strip().lower()[:254]


def locked_out_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    # The same page whether or not the account exists: no enumeration.
    return render(request, "accounts/locked_out.html", status=429)
