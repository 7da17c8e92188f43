"""A payroll system in tests: its key pair, its assertions, its token, and a server that
records the webhooks it receives (issue 20). Synthetic data only (R-DEV-1)."""

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from poortwachter.integrations import services

TOKEN_URL = "http://testserver/api/v1/oauth/token/"
ALL_SCOPES = ["absences:read", "employees:read", "employees:write"]


def ec_key():
    return ec.generate_private_key(ec.SECP256R1())


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(private_key) -> str:
    return (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def issue_client(actor, employer, private_key, scopes=ALL_SCOPES):
    return services.client_issue(
        actor=actor, employer=employer, name="Salarispakket", scopes=scopes,
        public_key=public_pem(private_key),
    )  # fmt: skip


def assertion(client, private_key, *, audience=TOKEN_URL, lifetime=60, **overrides) -> str:
    now = int(time.time())
    claims = {
        "iss": client.client_id, "sub": client.client_id, "aud": audience,
        "iat": now, "exp": now + lifetime, "jti": secrets.token_urlsafe(16),
    }  # fmt: skip
    claims.update(overrides)
    algorithm = "ES256" if isinstance(private_key, ec.EllipticCurvePrivateKey) else "RS256"
    return jwt.encode(claims, private_key, algorithm=algorithm)


def token_response(http, signed: str, scope: str = ""):
    body = {
        "grant_type": "client_credentials",
        "client_assertion_type": services.ASSERTION_TYPE,
        "client_assertion": signed,
    }
    if scope:
        body["scope"] = scope
    return http.post(
        "/api/v1/oauth/token/", urlencode(body), content_type="application/x-www-form-urlencoded"
    )


def bearer(http, client, private_key, scope: str = "") -> dict:
    response = token_response(http, assertion(client, private_key), scope)
    assert response.status_code == 200, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['access_token']}"}


class Recorder:
    """An HTTP server on localhost that answers 200 (or ``status``) and keeps every POST."""

    def __init__(self, status: int = 200) -> None:
        self.received: list[tuple[dict, bytes]] = []
        self.status = status
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                recorder.received.append((dict(self.headers), self.rfile.read(length)))
                self.send_response(recorder.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[dict]:
        return [json.loads(body) for _headers, body in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
