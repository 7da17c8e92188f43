"""A client that speaks real HTTP to the live server (issue 18, R-SEC-1): cookies, the
CSRF token a browser would send, redirects not followed, so every step is visible."""

import re
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from tests.factories import PASSWORD
from tests.helpers import totp_code

LOGIN = "/accounts/login/"
SECOND_FACTOR = "/accounts/2fa/authenticate/"
TIMEOUT = 15


class FromAddress(HTTPAdapter):
    """Connections that leave from ``address``: every 127.x.y.z is this machine's
    loopback, so a test can be two visitors at two addresses of one real socket server."""

    def __init__(self, address: str, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Http:
    """One visitor: a ``requests`` session against ``base`` (the live server's URL),
    from ``source`` (a loopback address) when given, else from the default one."""

    def __init__(self, base: str, *, source: str | None = None):
        self.base = base
        self.session = requests.Session()
        if source is not None:
            self.session.mount("http://", FromAddress(source))

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def get(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        return self.session.get(self.url(path), timeout=TIMEOUT, **kwargs)

    def csrf(self) -> str:
        if "csrftoken" not in self.session.cookies:
            self.get(LOGIN)
        return self.session.cookies.get("csrftoken") or ""

    def post(self, path: str, data=None, *, csrf: bool = True, headers=None, **kwargs):
        """A POST as the product's own pages send it (token and same-origin Referer),
        or, with ``csrf=False``, as a forged cross-site request would arrive."""
        headers = dict(headers or {})
        if csrf:
            headers.setdefault("X-CSRFToken", self.csrf())
            headers.setdefault("Referer", self.url(path))
        kwargs.setdefault("allow_redirects", False)
        return self.session.post(
            self.url(path), data=data, headers=headers, timeout=TIMEOUT, **kwargs
        )

    def password_step(self, email: str, password: str = PASSWORD, **extra):
        return self.post(LOGIN, {"login": email, "password": password, **extra})

    def sign_in(self, user, secret: str, *, offset: int = 0, **extra) -> requests.Response:
        """Password, then the app's code: the whole flow a person goes through."""
        first = self.password_step(user.email, **extra)
        assert first.status_code == 302, first.text[:500]
        assert first.headers["Location"] == SECOND_FACTOR
        second = self.post(SECOND_FACTOR, {"code": totp_code(secret, offset)})
        assert second.status_code == 302, second.text[:500]
        return second

    def set_cookie(self, name: str, value: str) -> None:
        """Set a cookie as if this server had set it (same domain and path, so it
        replaces the server's rather than riding along beside it)."""
        self.csrf()
        domain = next((c.domain for c in self.session.cookies), urlsplit(self.base).hostname or "")
        self.session.cookies.set(name, value, domain=domain, path="/")

    def cookie(self, name: str) -> str | None:
        return self.session.cookies.get(name)

    def adopt(self, session_key: str) -> None:
        """Carry a session made outside HTTP (a factor HTTP cannot play, a security key)."""
        self.set_cookie("sessionid", session_key)


def totp_secret_on(page: str) -> str | None:
    """The secret an enrolment page shows, if it shows one."""
    found = re.search(r"\b([A-Z2-7]{32})\b", page.replace(" ", ""))
    return found.group(1) if found else None
