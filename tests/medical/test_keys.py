"""Key-encryption keys: the key file the service administrator makes (0600, never derived
from SECRET_KEY), the Vault/OpenBao transit provider against a fake transit server, the
configured provider, and ``poortwachter medical-keys``."""

import base64
import contextlib
import json
import os
import secrets
import socket
import stat
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.management import CommandError, call_command

from poortwachter.medical.crypto import DecryptionError, new_data_key
from poortwachter.medical.keys import (
    FileKeyProvider,
    KeyFileError,
    KeyProvider,
    KeyProviderError,
    VaultError,
    VaultTransitKeyProvider,
    add_key_to_file,
    create_key_file,
    get_key_provider,
    read_key_file,
    reset_key_provider,
    rewrap_data_key,
)

CONTEXT = b"medical_consultation|00000000-0000-4000-8000-000000000001"
OTHER_CONTEXT = b"medical_consultation|00000000-0000-4000-8000-000000000002"
TOKEN = "s." + secrets.token_hex(12)  # a fresh synthetic token per run


@pytest.fixture(autouse=True)
def _fresh_provider():
    reset_key_provider()
    yield
    reset_key_provider()


@pytest.fixture
def key_file(tmp_path, settings):
    path = tmp_path / "medical-keys.json"
    create_key_file(path)
    settings.POORTWACHTER_MEDICAL_KEY_PROVIDER = "file"
    settings.POORTWACHTER_MEDICAL_KEY_FILE = path
    return path


def _key_material(path) -> list[str]:
    return list(json.loads(path.read_text())["keys"].values())


# --- the key file -----------------------------------------------------------------------


def test_init_creates_one_key_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "keys.json"
    key_id = create_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text())
    assert data["version"] == 1
    assert data["current"] == key_id
    assert list(data["keys"]) == [key_id]
    assert len(base64.b64decode(data["keys"][key_id])) == 32


def test_init_is_0600_whatever_the_umask(tmp_path):
    previous = os.umask(0)
    try:
        create_key_file(tmp_path / "keys.json")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "keys.json").stat().st_mode) == 0o600


def test_init_never_overwrites(key_file):
    before = key_file.read_bytes()
    with pytest.raises(KeyFileError, match="bestaat al"):
        create_key_file(key_file)
    assert key_file.read_bytes() == before


def test_it_wraps_and_unwraps_a_data_key(key_file):
    provider = FileKeyProvider(key_file)
    data_key = new_data_key()
    key_id, wrapped = provider.wrap(data_key, context=CONTEXT)
    assert key_id == provider.current_key_id()
    assert data_key not in wrapped
    assert provider.unwrap(key_id, wrapped, context=CONTEXT) == data_key
    assert isinstance(provider, KeyProvider)


def test_a_wrapped_key_is_bound_to_its_context(key_file):
    provider = FileKeyProvider(key_file)
    key_id, wrapped = provider.wrap(new_data_key(), context=CONTEXT)
    with pytest.raises(DecryptionError):
        provider.unwrap(key_id, wrapped, context=OTHER_CONTEXT)


def test_a_wrapped_key_does_not_open_with_another_key_file(key_file, tmp_path):
    key_id, wrapped = FileKeyProvider(key_file).wrap(new_data_key(), context=CONTEXT)
    other = tmp_path / "other.json"
    create_key_file(other)
    with pytest.raises(KeyFileError, match="staat niet"):
        FileKeyProvider(other).unwrap(key_id, wrapped, context=CONTEXT)


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660, 0o666])
def test_it_refuses_a_key_file_others_can_read(key_file, mode):
    key_file.chmod(mode)
    with pytest.raises(KeyFileError, match="chmod 600") as caught:
        FileKeyProvider(key_file)
    assert str(key_file) in str(caught.value)
    assert not any(key in str(caught.value) for key in _key_material(key_file))


def test_it_stops_using_a_key_file_that_is_opened_up_while_running(key_file):
    provider = FileKeyProvider(key_file)
    key_file.chmod(0o644)
    with pytest.raises(KeyFileError, match="groep of anderen"):
        provider.wrap(new_data_key(), context=CONTEXT)


def test_a_missing_key_file_says_how_to_make_one(tmp_path):
    with pytest.raises(KeyFileError, match="poortwachter medical-keys init"):
        FileKeyProvider(tmp_path / "absent.json")


def _write_private(path, content: str) -> None:
    path.write_text(content)
    path.chmod(0o600)


def _document(version=1, current="a", keys=None) -> str:
    if keys is None:
        keys = {"a": base64.b64encode(b"k" * 32).decode()}
    return json.dumps({"version": version, "current": current, "keys": keys})


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        _document(version=2),
        _document(current="b"),
        _document(keys={}),
        _document(keys={"a": base64.b64encode(b"k" * 16).decode()}),
        _document(keys={"a": "***"}),
        _document(current="a b", keys={"a b": base64.b64encode(b"k" * 32).decode()}),
    ],
)
def test_it_refuses_an_invalid_key_file(tmp_path, content):
    path = tmp_path / "keys.json"
    _write_private(path, content)
    with pytest.raises(KeyFileError, match="ongeldig"):
        FileKeyProvider(path)


def test_an_administrator_written_file_is_accepted(tmp_path):
    keys = {"kek-2025": base64.b64encode(os.urandom(32)).decode()}
    path = tmp_path / "keys.json"
    _write_private(path, json.dumps({"version": 1, "current": "kek-2025", "keys": keys}))
    provider = FileKeyProvider(path)
    assert provider.current_key_id() == "kek-2025"
    assert provider.key_ids() == ["kek-2025"]


def test_rotation_adds_a_current_key_and_keeps_the_old_ones(key_file):
    provider = FileKeyProvider(key_file)
    data_key = new_data_key()
    old_id, wrapped = provider.wrap(data_key, context=CONTEXT)
    new_id = add_key_to_file(key_file)
    assert new_id != old_id
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert read_key_file(key_file)[0] == new_id
    # A running process sees the rotation without a restart.
    assert provider.current_key_id() == new_id
    assert sorted(provider.key_ids()) == sorted([old_id, new_id])
    assert provider.unwrap(old_id, wrapped, context=CONTEXT) == data_key
    rewrapped_id, rewrapped = rewrap_data_key(provider, old_id, wrapped, context=CONTEXT)
    assert rewrapped_id == new_id
    assert provider.unwrap(new_id, rewrapped, context=CONTEXT) == data_key
    assert not [name for name in os.listdir(key_file.parent) if name.endswith(".tmp")]


def test_the_file_provider_does_not_depend_on_secret_key(key_file, settings):
    data_key = new_data_key()
    key_id, wrapped = get_key_provider().wrap(data_key, context=CONTEXT)
    settings.SECRET_KEY = secrets.token_urlsafe(50)  # a different one
    reset_key_provider()
    assert get_key_provider().unwrap(key_id, wrapped, context=CONTEXT) == data_key


def test_the_key_file_holds_nothing_derived_from_secret_key(key_file, settings):
    assert settings.SECRET_KEY not in key_file.read_text()


def test_repr_shows_no_key_material(key_file):
    provider = FileKeyProvider(key_file)
    assert not any(key in repr(provider) for key in _key_material(key_file))


# --- the configured provider ------------------------------------------------------------


def test_the_file_provider_is_the_default_and_is_cached(key_file, settings):
    del settings.POORTWACHTER_MEDICAL_KEY_PROVIDER
    provider = get_key_provider()
    assert isinstance(provider, FileKeyProvider)
    assert provider.path == key_file
    assert get_key_provider() is provider
    reset_key_provider()
    assert get_key_provider() is not provider


def test_the_default_key_file_is_in_the_data_directory(settings, tmp_path):
    del settings.POORTWACHTER_MEDICAL_KEY_FILE
    settings.DATA_DIR = tmp_path
    create_key_file(tmp_path / "medical-keys.json")
    assert get_key_provider().path == tmp_path / "medical-keys.json"  # type: ignore[attr-defined]


def test_an_unknown_provider_is_refused(settings):
    settings.POORTWACHTER_MEDICAL_KEY_PROVIDER = "hsm"
    with pytest.raises(KeyProviderError, match=r"file.*vault"):
        get_key_provider()


# --- a fake Vault / OpenBao transit engine ----------------------------------------------


class FakeTransit:
    """Transit with a derived key: a key per version, the context derives the actual key,
    ciphertexts ``vault:vN:<base64 nonce+ciphertext>``."""

    def __init__(self, token: str = TOKEN, key_name: str = "poortwachter-medical"):
        self.token, self.key_name, self.derived = token, key_name, True
        self.versions = {1: os.urandom(32)}
        self.requests: list[tuple[str, str]] = []
        self.redirect_to: str | None = None

    def rotate(self) -> None:
        self.versions[max(self.versions) + 1] = os.urandom(32)

    def _aead(self, version: int, context: bytes) -> AESGCM:
        kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=context)
        return AESGCM(kdf.derive(self.versions[version]))

    def encrypt(self, plaintext: bytes, context: bytes) -> str:
        version, nonce = max(self.versions), os.urandom(12)
        sealed = nonce + self._aead(version, context).encrypt(nonce, plaintext, None)
        return f"vault:v{version}:{base64.b64encode(sealed).decode()}"

    def decrypt(self, ciphertext: str, context: bytes) -> bytes:
        _, version, body = ciphertext.split(":", 2)
        sealed = base64.b64decode(body)
        return self._aead(int(version[1:]), context).decrypt(sealed[:12], sealed[12:], None)

    def answer(self, method: str, path: str, headers, body: dict) -> tuple[int, dict]:
        self.requests.append((method, path))
        if headers.get("X-Vault-Token") != self.token:
            return 403, {"errors": ["permission denied"]}
        mount, _, operation = path.removeprefix("/v1/").partition("/")
        operation, _, name = operation.partition("/")
        if mount != "transit" or name != self.key_name:
            return 404, {"errors": []}
        if method == "GET" and operation == "keys":
            keys = {str(version): 1700000000 for version in self.versions}
            data = {"derived": self.derived, "latest_version": max(self.versions), "keys": keys}
            return 200, {"data": {**data, "min_decryption_version": 1}}
        if "context" not in body:
            return 400, {"errors": ["missing 'context' for key derivation"]}
        context = base64.b64decode(body["context"])
        try:
            if operation == "encrypt":
                plaintext = base64.b64decode(body["plaintext"])
                return 200, {"data": {"ciphertext": self.encrypt(plaintext, context)}}
            if operation == "decrypt":
                plaintext = self.decrypt(body["ciphertext"], context)
                return 200, {"data": {"plaintext": base64.b64encode(plaintext).decode()}}
            if operation == "rewrap":
                plaintext = self.decrypt(body["ciphertext"], context)
                return 200, {"data": {"ciphertext": self.encrypt(plaintext, context)}}
        except Exception:
            return 400, {"errors": ["cipher: message authentication failed"]}
        return 405, {"errors": []}


def _handler(transit: FakeTransit):
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if transit.redirect_to:
                transit.requests.append((method, self.path))
                self.send_response(307)
                self.send_header("Location", transit.redirect_to + self.path)
                self.end_headers()
                return
            status, answer = transit.answer(method, self.path, self.headers, body)
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):
            self._reply("GET")

        def do_POST(self):
            self._reply("POST")

        def log_message(self, *args):
            pass

    return Handler


@contextlib.contextmanager
def running_fake_vault(transit: FakeTransit | None = None):
    """A fake transit server on 127.0.0.1 in a thread; yields (transit, address)."""
    transit = transit or FakeTransit()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(transit))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield transit, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fake_vault():
    """Yields a function that starts a fake transit server and returns (transit, address)."""
    with contextlib.ExitStack() as stack:
        yield lambda transit=None: stack.enter_context(running_fake_vault(transit))


@pytest.fixture
def vault(fake_vault):
    transit, address = fake_vault()
    return transit, VaultTransitKeyProvider(address, TOKEN, "poortwachter-medical", timeout=2)


def test_vault_wraps_and_unwraps(vault):
    transit, provider = vault
    data_key = new_data_key()
    key_id, wrapped = provider.wrap(data_key, context=CONTEXT)
    assert key_id == "vault:v1" == provider.current_key_id()
    assert wrapped.startswith(b"vault:v1:")
    assert provider.unwrap(key_id, wrapped, context=CONTEXT) == data_key
    assert provider.key_ids() == ["vault:v1"]
    assert ("POST", "/v1/transit/encrypt/poortwachter-medical") in transit.requests
    assert isinstance(provider, KeyProvider)


def test_vault_binds_the_wrapped_key_to_its_context(vault):
    _, provider = vault
    key_id, wrapped = provider.wrap(new_data_key(), context=CONTEXT)
    with pytest.raises(VaultError, match="message authentication failed"):
        provider.unwrap(key_id, wrapped, context=OTHER_CONTEXT)


def test_vault_refuses_a_key_id_that_does_not_match_the_ciphertext(vault):
    _, provider = vault
    _, wrapped = provider.wrap(new_data_key(), context=CONTEXT)
    with pytest.raises(VaultError, match="hoort niet bij"):
        provider.unwrap("vault:v2", wrapped, context=CONTEXT)


def test_vault_key_version_bump_and_rewrap(vault):
    transit, provider = vault
    data_key = new_data_key()
    old_id, wrapped = provider.wrap(data_key, context=CONTEXT)
    transit.rotate()
    assert provider.current_key_id() == "vault:v2"
    assert provider.key_ids() == ["vault:v1", "vault:v2"]
    assert provider.unwrap(old_id, wrapped, context=CONTEXT) == data_key
    transit.requests.clear()
    new_id, rewrapped = rewrap_data_key(provider, old_id, wrapped, context=CONTEXT)
    assert new_id == "vault:v2"
    assert rewrapped.startswith(b"vault:v2:")
    # Vault rewraps inside Vault: the data key never came to this process for it.
    assert transit.requests == [("POST", "/v1/transit/rewrap/poortwachter-medical")]
    assert provider.unwrap(new_id, rewrapped, context=CONTEXT) == data_key
    assert provider.wrap(data_key, context=CONTEXT)[0] == "vault:v2"


def test_vault_sends_the_token_and_reports_a_refusal_without_it(fake_vault):
    _, address = fake_vault()
    provider = VaultTransitKeyProvider(address, "s.wrong-token", "poortwachter-medical")
    with pytest.raises(VaultError, match="permission denied") as caught:
        provider.wrap(new_data_key(), context=CONTEXT)
    assert "s.wrong-token" not in str(caught.value)
    assert "s.wrong-token" not in repr(provider)


def test_vault_reads_a_token_file_on_every_request(fake_vault, tmp_path):
    transit, address = fake_vault()
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    provider = VaultTransitKeyProvider(address, None, "poortwachter-medical", token_file=token_file)
    assert provider.current_key_id() == "vault:v1"
    transit.token = "s.renewed-by-the-agent"
    token_file.write_text("s.renewed-by-the-agent\n")
    assert provider.current_key_id() == "vault:v1"


def test_vault_requires_a_derived_key(vault):
    transit, provider = vault
    transit.derived = False
    with pytest.raises(VaultError, match="derived=true"):
        provider.current_key_id()


def test_vault_is_refused_over_plain_http_except_on_this_machine():
    with pytest.raises(VaultError, match="https://"):
        VaultTransitKeyProvider("http://vault.example.org:8200", TOKEN, "k")
    VaultTransitKeyProvider("https://vault.example.org:8200", TOKEN, "k")
    VaultTransitKeyProvider("http://127.0.0.1:8200", TOKEN, "k")


@pytest.mark.parametrize(
    ("key_name", "mount"),
    [("../sys/seal", "transit"), ("..", "transit"), ("k", "transit/../sys"), ("", "transit")],
)
def test_vault_names_cannot_leave_the_transit_mount(key_name, mount):
    with pytest.raises(VaultError, match="Ongeldige naam"):
        VaultTransitKeyProvider("https://vault.example.org", TOKEN, key_name, mount=mount)


def test_vault_needs_a_token():
    with pytest.raises(VaultError, match="token"):
        VaultTransitKeyProvider("https://vault.example.org", None, "k")


def test_vault_does_not_follow_redirects_with_the_token(fake_vault):
    elsewhere, elsewhere_address = fake_vault()
    transit, address = fake_vault()
    transit.redirect_to = elsewhere_address
    provider = VaultTransitKeyProvider(address, TOKEN, "poortwachter-medical")
    with pytest.raises(VaultError, match="307"):
        provider.current_key_id()
    assert elsewhere.requests == []


def test_vault_unreachable_is_a_clear_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = VaultTransitKeyProvider(f"http://127.0.0.1:{port}", TOKEN, "k", timeout=1)
    with pytest.raises(VaultError, match="niet bereikbaar"):
        provider.wrap(new_data_key(), context=CONTEXT)


def test_vault_times_out():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts the connection, never answers
        address = f"http://127.0.0.1:{silent.getsockname()[1]}"
        provider = VaultTransitKeyProvider(address, TOKEN, "k", timeout=0.3)
        with pytest.raises(VaultError, match="niet bereikbaar"):
            provider.current_key_id()


def test_vault_is_chosen_from_settings(fake_vault, settings, tmp_path):
    _, address = fake_vault()
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    settings.POORTWACHTER_MEDICAL_KEY_PROVIDER = "vault"
    settings.POORTWACHTER_VAULT_ADDR = address
    settings.POORTWACHTER_VAULT_TOKEN = None
    settings.POORTWACHTER_VAULT_TOKEN_FILE = str(token_file)
    settings.POORTWACHTER_VAULT_KEY = "poortwachter-medical"
    provider = get_key_provider()
    assert isinstance(provider, VaultTransitKeyProvider)
    data_key = new_data_key()
    key_id, wrapped = provider.wrap(data_key, context=CONTEXT)
    assert provider.unwrap(key_id, wrapped, context=CONTEXT) == data_key


def test_vault_settings_must_be_complete(settings):
    settings.POORTWACHTER_MEDICAL_KEY_PROVIDER = "vault"
    settings.POORTWACHTER_VAULT_ADDR = None
    with pytest.raises(VaultError, match="POORTWACHTER_VAULT_ADDR"):
        get_key_provider()


# --- poortwachter medical-keys ----------------------------------------------------------


def _run(*args) -> str:
    out = StringIO()
    call_command("medical-keys", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def configured_path(tmp_path, settings):
    path = tmp_path / "medical-keys.json"
    settings.POORTWACHTER_MEDICAL_KEY_PROVIDER = "file"
    settings.POORTWACHTER_MEDICAL_KEY_FILE = path
    return path


@pytest.mark.django_db(databases=["default", "medical"])
def test_init_then_status(configured_path):
    output = _run("init")
    assert "Sleutelbestand aangemaakt" in output
    assert stat.S_IMODE(configured_path.stat().st_mode) == 0o600
    key_id = read_key_file(configured_path)[0]
    assert key_id in output
    status = _run("status")
    assert f"Huidige sleutel: {key_id}" in status
    for key in _key_material(configured_path):
        assert key not in output
        assert key not in status


@pytest.mark.django_db(databases=["default", "medical"])
def test_status_as_json(configured_path):
    _run("init")
    data = json.loads(_run("status", "--json"))
    assert data["provider"] == "file"
    assert data["current"] == read_key_file(configured_path)[0]
    assert data["key_ids"] == [data["current"]]
    assert data["rows_on_unknown_keys"] == 0
    assert all(label.startswith("medical.") for label in data["models"])


def test_init_refuses_to_overwrite(configured_path):
    _run("init")
    before = configured_path.read_bytes()
    with pytest.raises(CommandError, match="bestaat al"):
        _run("init")
    assert configured_path.read_bytes() == before


def test_init_at_another_path(configured_path, tmp_path):
    other = tmp_path / "elders.json"
    assert str(other) in _run("init", "--path", str(other))
    assert other.exists()
    assert not configured_path.exists()


def test_init_in_a_missing_directory_is_refused(configured_path, tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        _run("init", "--path", str(tmp_path / "nergens" / "keys.json"))


def test_init_with_vault_points_to_vault(settings):
    settings.POORTWACHTER_MEDICAL_KEY_PROVIDER = "vault"
    with pytest.raises(CommandError, match="derived=true"):
        _run("init")


def test_status_without_a_key_file_is_a_dutch_error(configured_path):
    with pytest.raises(CommandError, match="medical-keys init"):
        _run("status")


def test_status_with_an_open_key_file_is_refused(configured_path):
    _run("init")
    configured_path.chmod(0o644)
    with pytest.raises(CommandError, match="chmod 600"):
        _run("status")


@pytest.mark.django_db(databases=["default", "medical"])
def test_rotate_makes_a_new_current_key_and_keeps_the_old(configured_path):
    _run("init")
    old_id = read_key_file(configured_path)[0]
    output = _run("rotate")
    current, keys = read_key_file(configured_path)
    assert current != old_id
    assert set(keys) == {old_id, current}
    assert f"Nieuwe sleutel {current} is nu de huidige" in output
    assert stat.S_IMODE(configured_path.stat().st_mode) == 0o600


@pytest.mark.django_db(databases=["default", "medical"])
def test_rotate_with_vault_only_rewraps(fake_vault, settings):
    transit, address = fake_vault()
    settings.POORTWACHTER_MEDICAL_KEY_PROVIDER = "vault"
    settings.POORTWACHTER_VAULT_ADDR = address
    settings.POORTWACHTER_VAULT_TOKEN = TOKEN
    settings.POORTWACHTER_VAULT_TOKEN_FILE = None
    settings.POORTWACHTER_VAULT_KEY = "poortwachter-medical"
    output = _run("rotate")
    assert "roteer de sleutel in Vault" in output
    assert "vault:v1" in output
    assert len(transit.versions) == 1


def test_rotate_refuses_a_batch_size_below_one(configured_path):
    with pytest.raises(CommandError, match="batch-size"):
        _run("rotate", "--batch-size", "0")
