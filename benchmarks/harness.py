"""What the HTTP benchmarks share: a fresh database per backend, a production-configured
gunicorn on it, issued accounts with a second factor, signed-in clients, a closed-loop
load with latency percentiles, and the workers' resident memory.

The server runs ``poortwachter.config.gunicorn`` (the production gunicorn settings) with
``benchmarks.settings`` (production's Django settings plus the floor view). Clients reach
it over plain HTTP on 127.0.0.1 and say ``X-Forwarded-Proto: https``, as a TLS proxy in
front of it would; the ``__Host-`` cookies are therefore Secure and the clients send them
anyway (on the loopback address only).

Nothing here asserts a time: the scripts print figures.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import itertools
import os
import secrets
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.seed import postgres_env, run_child, sqlite_env

REPO = Path(__file__).resolve().parent.parent
BENCH_SETTINGS = "benchmarks.settings"
#: The web server's settings: without the development tools, as production (the set-up
#: children and commands use ``BENCH_SETTINGS``, which adds them).
SERVER_SETTINGS = "benchmarks.settings_server"


# --- databases and processes -------------------------------------------------------------


@contextmanager
def fresh_backend(backend: str, pg_admin_url: str) -> Iterator[dict[str, str]]:
    """Environment for a new, empty installation: SQLite files in a temporary data
    directory, or two scratch PostgreSQL databases (main and medical), removed after."""
    fresh = sqlite_env() if backend == "sqlite" else postgres_env(pg_admin_url, medical=True)
    with fresh as extra:
        env = {
            **os.environ,
            **extra,
            "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS,
            "PYTHONPATH": str(REPO),
            # One key per run, shared by the set-up child and the server.
            "SECRET_KEY": secrets.token_urlsafe(50),
            "POORTWACHTER_ALLOWED_HOSTS": "127.0.0.1",
            "POORTWACHTER_BASE_URL": "https://127.0.0.1",
            "POORTWACHTER_BEHIND_TLS_PROXY": "1",
            # As behind one proxy: each client has its own address (X-Forwarded-For).
            "POORTWACHTER_TRUSTED_PROXY_COUNT": "1",
        }
        if backend == "sqlite":
            env.pop("DATABASE_URL", None)
            env.pop("POORTWACHTER_MEDICAL_DATABASE_URL", None)
        else:
            env["DATABASE_CONN_MAX_AGE"] = "60"  # production's default
        env.pop("REDIS_URL", None)  # one server: the database cache, as the default
        yield env


def install(env: dict[str, str]) -> None:
    """As operations.md installs production: both databases (and the floor's table, an
    app without migrations), the cache table, the static files with their manifest."""
    python = [sys.executable, "-m", "poortwachter"]
    run_child([*python, "migrate", "-v", "0", "--run-syncdb"], env, 900)
    run_child([*python, "migrate", "-v", "0", "--database", "medical"], env, 900)
    run_child([*python, "createcachetable"], env, 300)
    run_child([*python, "collectstatic", "--noinput", "-v", "0"], env, 300)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(each) for each in text.split()]


def _status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Server:
    """gunicorn with the production config on a free port; samples its workers' memory."""

    def __init__(self, env: dict[str, str], *, workers: int, max_requests: int = 0):
        self.env = {
            **env,
            "DJANGO_SETTINGS_MODULE": SERVER_SETTINGS,
            "GUNICORN_WORKERS": str(workers),
            # 0 keeps the workers for the whole run, so their growth is measured.
            "GUNICORN_MAX_REQUESTS": str(max_requests),
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.peak_worker_kib = 0
        self._log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log")  # noqa: SIM115
        self.env["GUNICORN_ACCESS_LOG"] = self._log.name
        self._stop = threading.Event()

    def __enter__(self) -> Server:
        argv = [
            sys.executable, "-m", "gunicorn", "-c", "python:poortwachter.config.gunicorn",
            "--bind", f"127.0.0.1:{self.port}", "--error-logfile", self._log.name,
            "poortwachter.config.wsgi",
        ]  # fmt: skip
        # The argv is this interpreter and fixed arguments: no outside input.
        self.proc = subprocess.Popen(argv, env=self.env, cwd=REPO)  # noqa: S603
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                raise RuntimeError(f"gunicorn exited with {code}:\n{self.log_tail()}")
            try:
                health = requests.get(
                    f"{self.url}/healthz", headers={"X-Forwarded-Proto": "https"}, timeout=2
                )
                if health.status_code == 200 and len(self.worker_pids()) >= self.workers:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
        else:
            self.__exit__(None, None, None)
            raise RuntimeError("gunicorn did not answer /healthz within 90 s")
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()

    def worker_pids(self) -> list[int]:
        return _children(self.proc.pid)

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            self.note_memory()

    def note_memory(self) -> None:
        """The largest resident set any worker has had (VmHWM is the kernel's peak)."""
        for pid in self.worker_pids():
            self.peak_worker_kib = max(self.peak_worker_kib, _status_kib(pid, "VmHWM"))

    def reset_peaks(self) -> None:
        """Start the workers' peak resident set afresh (``clear_refs`` 5), e.g. after the
        sign-ins, whose Argon2 hashing briefly takes about 100 MiB by design."""
        self.peak_worker_kib = 0
        for pid in self.worker_pids():
            # Where not permitted, the peak includes what came before.
            with contextlib.suppress(OSError):
                Path(f"/proc/{pid}/clear_refs").write_text("5")

    def worker_rss_mib(self) -> list[float]:
        return sorted(_status_kib(pid, "VmRSS") / 1024 for pid in self.worker_pids())

    def worker_pss_mib(self) -> list[float]:
        """Proportional set size: shared pages (the preloaded application) are divided
        among the processes that share them, so this is what a worker really costs."""
        sizes = []
        for pid in self.worker_pids():
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            for line in text.splitlines():
                if line.startswith("Pss:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sorted(sizes)

    def master_rss_mib(self) -> float:
        return _status_kib(self.proc.pid, "VmRSS") / 1024

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(Path(self._log.name).read_text(errors="replace").splitlines()[-lines:])

    def status_counts(self) -> dict[str, int]:
        """Responses by status code, from the access log."""
        counts: dict[str, int] = {}
        for line in Path(self._log.name).read_text(errors="replace").splitlines():
            parts = line.split('" ')
            if len(parts) > 1 and parts[-1][:3].isdigit():
                counts[parts[-1][:3]] = counts.get(parts[-1][:3], 0) + 1
        return counts


# --- inside the set-up child (Django configured) ----------------------------------------


def issue_accounts(plan: list[tuple[str, str, dict]]) -> list[dict]:
    """Issue accounts through the product's own services, as the service administrator
    would, each with a random password and a TOTP second factor. ``plan`` holds
    (e-mail local part, role, scope) with scope as for ``user_create`` (employer,
    department, employee). Returns JSON-ready accounts."""
    from poortwachter.accounts.bootstrap import service_admin_bootstrap
    from poortwachter.accounts.models import User
    from poortwachter.accounts.selectors import actor_for_user
    from poortwachter.accounts.services import role_request_decide, user_create
    from poortwachter.devtools.demo import synthetic_credentials

    domain = "bench.example"
    admin = User.objects.filter(email=f"beheer@arbodienst.{domain}").first()
    if admin is None:
        admin = service_admin_bootstrap(
            email=f"beheer@arbodienst.{domain}", first_name="Bea", last_name="Beheer",
            password=None, synthetic=True,
        )  # fmt: skip
    actor = actor_for_user(admin)
    second = User.objects.filter(email=f"beheer2@arbodienst.{domain}").first()
    if second is None:
        # Medical roles need a second person (four eyes, R-ACC-1): a second administrator
        # from the command line approves them.
        second = service_admin_bootstrap(
            email=f"beheer2@arbodienst.{domain}", first_name="Bram", last_name="Beheer",
            password=None, synthetic=True,
        )  # fmt: skip
    accounts = []
    for local, role, scope in plan:
        user = user_create(
            actor=actor, email=f"{local}@{domain}", first_name="Bench",
            last_name=local.title(), role=role, send_invitation=False, **scope,
        )  # fmt: skip
        if user.filed_role_request is not None:
            role_request_decide(
                actor=actor_for_user(second), role_request=user.filed_role_request,
                approve=True,
            )  # fmt: skip
        password, secret = synthetic_credentials(user, with_factor=True)
        accounts.append(
            {"email": user.email, "password": password, "totp_secret": secret, "role": role}
        )
    return accounts


# --- clients -----------------------------------------------------------------------------


def totp(secret: str, at: float | None = None) -> str:
    """The current code of an RFC 6238 authenticator (30 s, 6 digits, SHA-1)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class _LoopbackSecureCookies(DefaultCookiePolicy):
    """Send Secure cookies over the loopback address (the TLS proxy's side of things)."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


def send_secure_cookies_over_loopback(session: requests.Session) -> None:
    """Let ``session`` (requests', or locust's subclass) send Secure cookies over http to
    the loopback address. requests copies the session's cookies into a jar with the
    default policy for each request, which drops them; send them from the session's own
    jar, with a policy that allows it."""
    session.cookies.set_policy(_LoopbackSecureCookies())
    prepare = session.prepare_request

    def prepare_request(request):
        prepared = prepare(request)
        prepared.headers.pop("Cookie", None)
        prepared.prepare_cookies(session.cookies)
        return prepared

    session.prepare_request = prepare_request  # type: ignore[method-assign]


@dataclass
class Account:
    email: str
    password: str
    totp_secret: str
    role: str = ""


class Client:
    """One browser: its own session cookie, CSRF token and keep-alive connection."""

    _addresses = itertools.count(1)

    def __init__(self, base_url: str, session: requests.Session | None = None):
        self.base_url = base_url
        self.session = session if session is not None else requests.Session()
        send_secure_cookies_over_loopback(self.session)
        origin = "https://" + base_url.split("://", 1)[1]
        number = next(self._addresses)
        self.session.headers.update({
            "X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/",
            # Its own address, as the proxy would report it (rate limits count per address).
            "X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
        })  # fmt: skip

    def csrf_token(self) -> str:
        for cookie in self.session.cookies:
            if cookie.name.endswith("csrftoken"):
                return cookie.value or ""
        return ""

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base_url + path, allow_redirects=False, timeout=60, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> requests.Response:
        body = {"csrfmiddlewaretoken": self.csrf_token(), **data}
        return self.session.post(
            self.base_url + path, data=body, allow_redirects=False, timeout=60, **kwargs
        )

    def sign_in(self, account: Account) -> None:
        """Password, then the TOTP code: the real sign-in, as a person does it."""
        self.get("/accounts/login/")
        response = self.post(
            "/accounts/login/", {"login": account.email, "password": account.password}
        )
        if response.status_code != 302 or "2fa" not in response.headers.get("Location", ""):
            raise RuntimeError(f"password step for {account.email}: {response.status_code}")
        response = self.post("/accounts/2fa/authenticate/", {"code": totp(account.totp_secret)})
        if response.status_code != 302:
            raise RuntimeError(f"second factor for {account.email}: {response.status_code}")
        home = self.get("/")  # a role's home may redirect to its first page
        where = home.headers.get("Location", "")
        if home.status_code not in (200, 302) or where.startswith("/accounts/"):
            raise RuntimeError(f"{account.email}: home page {home.status_code} {where}")


def signed_in_clients(base_url: str, accounts: list[Account]) -> list[Client]:
    clients = []
    for account in accounts:
        client = Client(base_url)
        client.sign_in(account)
        clients.append(client)
    return clients


# --- load --------------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(q / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


@dataclass
class LoadResult:
    label: str
    clients: int
    seconds: float
    latencies: list[float]
    errors: int
    error_samples: list[str]

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else float("nan")

    def p(self, q: float) -> float:
        """Latency percentile in milliseconds (successful requests)."""
        return percentile(sorted(self.latencies), q) * 1000


# Sends one request; True for the expected answer, otherwise a short description.
Work = Callable[[int, Client, int], "bool | str"]


def run_load(
    label: str, clients: list[Client], work: Work, *, per_client: int, timeout: float = 600
) -> LoadResult:
    """Closed loop: every client sends its next request when the last one answered.
    ``work(client_index, client, sequence)`` sends one request and returns True for the
    expected answer, otherwise what it got (kept as a sample)."""
    latencies: list[list[float]] = [[] for _ in clients]
    errors = [0] * len(clients)
    samples: list[str] = []
    start = threading.Barrier(len(clients) + 1)
    deadline = time.monotonic() + timeout

    def loop(index: int, client: Client) -> None:
        start.wait()
        for sequence in range(per_client):
            if time.monotonic() > deadline:
                break
            began = time.perf_counter()
            try:
                answer = work(index, client, sequence)
            except Exception as error:  # a failed request is a figure, not a crash
                answer = f"{error.__class__.__name__}: {error}"
            ok = answer is True
            if not ok and len(samples) < 5:
                samples.append(str(answer))
            if ok:
                latencies[index].append(time.perf_counter() - began)
            else:
                errors[index] += 1

    threads = [
        threading.Thread(target=loop, args=(index, client), daemon=True)
        for index, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    flat = [value for values in latencies for value in values]
    return LoadResult(label, len(clients), seconds, flat, sum(errors), samples)


def print_results(title: str, rows: list[tuple]) -> None:
    header, *body = rows
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    print(f"\n{title}")
    print("  ".join(str(cell).rjust(width) for cell, width in zip(header, widths, strict=True)))
    for row in body:
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True)))
