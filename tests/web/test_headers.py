"""Headers on every response (SECURITY.md G7) and the health check."""

import pytest

PAGES = ["/accounts/login/", "/healthz", "/werknemers/", "/api/v1/me/", "/bestaat-niet/"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(world, client_for, path):
    response = client_for("hr").get(path)
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'",
                      "frame-ancestors 'none'"):  # fmt: skip
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Request-ID"]


def test_scripts_carry_no_inline_code(world, client_for):
    """Inline script would need 'unsafe-inline'; every script is a file from /static/."""
    html = client_for("hr").get("/werknemers/").content.decode()
    for chunk in html.split("<script")[1:]:
        tag, _, rest = chunk.partition(">")
        assert "src=" in tag or 'type="application/json"' in tag
        assert "src=" not in tag or rest.startswith("</script>")


def test_healthz_needs_no_sign_in_and_reveals_nothing(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Server" not in response or "Poortwachter" not in response["Server"]


def test_error_pages_are_dutch_and_echo_nothing(world, client_for):
    client = client_for("hr")
    response = client.get("/werknemers/999999/?q=<script>alert(1)</script>")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Niet gevonden" in body
    assert "<script>alert" not in body
    assert "alert(1)" not in body


def test_signup_and_email_change_are_not_offered(db, client):
    assert client.get("/accounts/signup/").status_code == 404
    assert client.get("/accounts/email/").status_code == 404


def test_client_address_trusts_only_the_configured_proxies(rf, settings):
    from poortwachter.core.middleware import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    settings.POORTWACHTER_TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.2"  # no proxy trusted: the header is ignored
    settings.POORTWACHTER_TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.9"  # not the spoofable left-most entry
