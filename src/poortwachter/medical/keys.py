"""Key-encryption keys for medical data (R-MED-1), behind a small ``KeyProvider`` interface.

Every medical record has its own random data key; a provider *wraps* that data key with
a key-encryption key (KEK) the application never derives from anything it already has
(not from ``SECRET_KEY``, not from the database). Two providers:

``FileKeyProvider``
    A JSON key file the service administrator creates (``poortwachter medical-keys
    init``), mode 0600, kept outside the settings and out of database backups::

        {"version": 1, "current": "<id>", "keys": {"<id>": "<base64 of 32 bytes>", ...}}

    Rotation adds a key and makes it current; old keys stay to read older rows until
    ``medical-keys rotate`` has rewrapped them.

``VaultTransitKeyProvider``
    HashiCorp Vault or OpenBao's transit engine: the KEK never leaves Vault. Create the
    key with key derivation, so every wrap is bound to its record's context::

        vault secrets enable transit
        vault write -f transit/keys/poortwachter-medical derived=true

    The token needs ``update`` on ``transit/encrypt/<key>``, ``transit/decrypt/<key>`` and
    ``transit/rewrap/<key>``, and ``read`` on ``transit/keys/<key>``. Rotate with
    ``vault write -f transit/keys/<key>/rotate``, then run ``medical-keys rotate``.

Nothing in this module logs, and no error message contains key material, plaintext or
the Vault token.
"""

import base64
import binascii
import datetime as dt
import ipaddress
import json
import os
import re
import secrets
import ssl
import stat
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from django.conf import settings
from django.utils.translation import gettext as _

from poortwachter.medical.crypto import KEY_BYTES, new_data_key, seal, unseal

KEY_FILE_VERSION = 1
_KEY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")


class KeyProviderError(Exception):
    """The key-encryption key is unavailable or misconfigured. The message is for the
    service administrator (Dutch) and holds no key material, plaintext or token."""


class KeyFileError(KeyProviderError):
    pass


class VaultError(KeyProviderError):
    pass


@runtime_checkable
class KeyProvider(Protocol):
    def current_key_id(self) -> str:
        """The id of the KEK that :meth:`wrap` uses now."""
        ...

    def wrap(self, data_key: bytes, *, context: bytes) -> tuple[str, bytes]:
        """Wrap ``data_key`` under the current KEK, bound to ``context``; returns the
        KEK id used and the wrapped key."""
        ...

    def unwrap(self, key_id: str, wrapped: bytes, *, context: bytes) -> bytes:
        """Return the data key; raises ``DecryptionError`` or ``KeyProviderError``."""
        ...

    def key_ids(self) -> list[str]:
        """Every KEK id this provider can still unwrap with."""
        ...


def rewrap_data_key(
    provider: KeyProvider, key_id: str, wrapped: bytes, *, context: bytes
) -> tuple[str, bytes]:
    """Wrap a data key again under the provider's current KEK. A provider with its own
    ``rewrap`` (Vault) does it without the data key ever reaching this process."""
    rewrap = getattr(provider, "rewrap", None)
    if rewrap is not None:
        return rewrap(key_id, wrapped, context=context)
    return provider.wrap(provider.unwrap(key_id, wrapped, context=context), context=context)


# --- the key file -----------------------------------------------------------------------


def new_key_id() -> str:
    return f"k-{dt.datetime.now(dt.UTC):%Y%m%d}-{secrets.token_hex(4)}"


def create_key_file(path: str | os.PathLike[str]) -> str:
    """Create a key file with one new key, mode 0600; never overwrite. Returns the id."""
    key_id = new_key_id()
    try:
        _write_exclusive(Path(path), {key_id: new_data_key()}, key_id)
    except FileExistsError:
        raise KeyFileError(
            _("Sleutelbestand %(path)s bestaat al; het wordt niet overschreven.") % {"path": path}
        ) from None
    return key_id


def add_key_to_file(path: str | os.PathLike[str]) -> str:
    """Add a new key and make it current, keeping the old keys for reading. The file is
    replaced atomically, so a crash leaves either the old or the new file."""
    path = Path(path)
    _, keys = read_key_file(path)
    key_id = new_key_id()
    while key_id in keys:
        key_id = new_key_id()
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    _write_exclusive(temporary, {**keys, key_id: new_data_key()}, key_id)
    try:
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)
    return key_id


def read_key_file(path: str | os.PathLike[str]) -> tuple[str, dict[str, bytes]]:
    """Return (current key id, {key id: key}); refuse a file others may read."""
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        raise KeyFileError(
            _(
                "Sleutelbestand %(path)s bestaat niet. Laat de dienstbeheerder het aanmaken "
                "met: poortwachter medical-keys init"
            )
            % {"path": path}
        ) from None
    except OSError as error:
        raise KeyFileError(
            _("Sleutelbestand %(path)s is niet te lezen: %(reason)s")
            % {"path": path, "reason": error.strerror}
        ) from None
    with os.fdopen(descriptor, "rb") as handle:
        _check_private(path, os.fstat(handle.fileno()))
        raw = handle.read()
    return _parse_key_file(path, raw)


def _check_private(path: Path, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise KeyFileError(_("Sleutelbestand %(path)s is geen gewoon bestand.") % {"path": path})
    if info.st_mode & 0o077:
        raise KeyFileError(
            _(
                "Sleutelbestand %(path)s is leesbaar voor groep of anderen (modus %(mode)s) "
                "en wordt daarom niet gebruikt. Maak het alleen leesbaar voor de eigenaar: "
                "chmod 600 %(path)s"
            )
            % {"path": path, "mode": format(stat.S_IMODE(info.st_mode), "04o")}
        )


def _parse_key_file(path: Path, raw: bytes) -> tuple[str, dict[str, bytes]]:
    invalid = _("Sleutelbestand %(path)s is ongeldig: %(reason)s")
    try:
        data = json.loads(raw)
    except ValueError:
        raise KeyFileError(invalid % {"path": path, "reason": _("geen JSON")}) from None
    if not isinstance(data, dict) or data.get("version") != KEY_FILE_VERSION:
        reason = _("versie moet %(version)s zijn") % {"version": KEY_FILE_VERSION}
        raise KeyFileError(invalid % {"path": path, "reason": reason})
    entries, current = data.get("keys"), data.get("current")
    if not isinstance(entries, dict) or not entries or current not in entries:
        reason = _('"current" moet een van de sleutels in "keys" noemen')
        raise KeyFileError(invalid % {"path": path, "reason": reason})
    keys = {}
    for key_id, encoded in entries.items():
        key = _decode_key(encoded)
        if not _KEY_ID.match(key_id) or key is None:
            reason = _("sleutel %(key_id)s is geen base64 van 32 bytes met een geldige id") % {
                "key_id": repr(key_id)[:40]
            }
            raise KeyFileError(invalid % {"path": path, "reason": reason})
        keys[key_id] = key
    return str(current), keys


def _decode_key(encoded: object) -> bytes | None:
    if not isinstance(encoded, str):
        return None
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


def _write_exclusive(path: Path, keys: dict[str, bytes], current: str) -> None:
    document = {
        "version": KEY_FILE_VERSION,
        "current": current,
        "keys": {key_id: base64.b64encode(key).decode("ascii") for key_id, key in keys.items()},
    }
    # O_EXCL: never overwrite; 0o600 from the start, so there is no moment it is readable.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        json.dump(document, handle, indent=2)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class FileKeyProvider:
    """KEKs from a key file. The file is read again when it changes on disk (a rotation
    by ``medical-keys rotate`` reaches running processes without a restart)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._signature: tuple[int, int, int, int] | None = None
        # (current id, {id: key}) replaced as one object, so a reload in another thread
        # never pairs one file's current id with another file's keys.
        self._state: tuple[str, dict[str, bytes]] = ("", {})
        self._load()

    def __repr__(self) -> str:
        return f"FileKeyProvider({str(self.path)!r})"

    def current_key_id(self) -> str:
        return self._refreshed()[0]

    def key_ids(self) -> list[str]:
        return sorted(self._refreshed()[1])

    def wrap(self, data_key: bytes, *, context: bytes) -> tuple[str, bytes]:
        if len(data_key) != KEY_BYTES:
            raise ValueError(f"A data key must be {KEY_BYTES} bytes.")
        key_id, keys = self._refreshed()
        return key_id, seal(keys[key_id], data_key, aad=context)

    def unwrap(self, key_id: str, wrapped: bytes, *, context: bytes) -> bytes:
        key = self._refreshed()[1].get(key_id)
        if key is None:
            raise KeyFileError(
                _("Sleutel %(key_id)s staat niet (meer) in sleutelbestand %(path)s.")
                % {"key_id": key_id, "path": self.path}
            )
        return unseal(key, wrapped, aad=context)

    def _signature_now(self) -> tuple[int, int, int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        # ctime too: a chmod that opens the file to others must take effect at once.
        return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)

    def _refreshed(self) -> tuple[str, dict[str, bytes]]:
        if self._signature_now() != self._signature:
            self._load()
        return self._state

    def _load(self) -> None:
        with self._lock:
            signature = self._signature_now()
            self._state = read_key_file(self.path)
            self._signature = signature


# --- Vault / OpenBao transit ------------------------------------------------------------

_VAULT_KEY_ID = re.compile(r"^(vault:v\d+):")
_VAULT_SEGMENT = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")  # no "." or ".."


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: it would send the token to wherever it points."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class VaultTransitKeyProvider:
    """KEKs in Vault/OpenBao transit (a key created with ``derived=true``). Key ids are
    the ``vault:vN`` version prefixes of the ciphertext; ``token_file`` (a Vault agent
    sink) is read again on every request, so a renewed token is picked up."""

    def __init__(
        self,
        address: str,
        token: str | None,
        key_name: str,
        mount: str = "transit",
        timeout: float = 5,
        *,
        token_file: str | os.PathLike[str] | None = None,
        ca_file: str | os.PathLike[str] | None = None,
    ) -> None:
        self.address = _vault_address(address)
        segments = [key_name, *mount.split("/")]
        if not all(_VAULT_SEGMENT.match(segment) for segment in segments):
            raise VaultError(_("Ongeldige naam voor de Vault-sleutel of -mount."))
        if not token and not token_file:
            raise VaultError(_("Geen Vault-token ingesteld (POORTWACHTER_VAULT_TOKEN of _FILE)."))
        self.key_name, self.mount, self.timeout = key_name, mount, timeout
        self._token, self._token_file = token, token_file
        handlers: list[urllib.request.BaseHandler] = [_NoRedirects()]
        if self.address.startswith("https://"):
            context = ssl.create_default_context(cafile=ca_file)
            handlers.append(urllib.request.HTTPSHandler(context=context))
        if _is_loopback(urllib.parse.urlsplit(self.address).hostname or ""):
            handlers.append(urllib.request.ProxyHandler({}))
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:  # never the token
        return f"VaultTransitKeyProvider({self.address!r}, key_name={self.key_name!r})"

    def current_key_id(self) -> str:
        return f"vault:v{int(self._key_info()['latest_version'])}"

    def key_ids(self) -> list[str]:
        info = self._key_info()
        lowest = int(info.get("min_decryption_version") or 1)
        versions = sorted(int(version) for version in info.get("keys") or {})
        return [f"vault:v{version}" for version in versions if version >= lowest]

    def wrap(self, data_key: bytes, *, context: bytes) -> tuple[str, bytes]:
        if len(data_key) != KEY_BYTES:
            raise ValueError(f"A data key must be {KEY_BYTES} bytes.")
        payload = {"plaintext": _b64(data_key), "context": _b64(context)}
        return self._ciphertext(self._call("encrypt", payload))

    def unwrap(self, key_id: str, wrapped: bytes, *, context: bytes) -> bytes:
        payload = {"ciphertext": self._checked(key_id, wrapped), "context": _b64(context)}
        data = self._call("decrypt", payload)
        try:
            key = base64.b64decode(data["plaintext"], validate=True)
        except (KeyError, TypeError, binascii.Error, ValueError):
            raise VaultError(_("Onverwacht antwoord van Vault.")) from None
        if len(key) != KEY_BYTES:
            raise VaultError(_("Onverwacht antwoord van Vault."))
        return key

    def rewrap(self, key_id: str, wrapped: bytes, *, context: bytes) -> tuple[str, bytes]:
        """Wrap again under the latest key version, inside Vault: the data key never
        reaches this process."""
        payload = {"ciphertext": self._checked(key_id, wrapped), "context": _b64(context)}
        return self._ciphertext(self._call("rewrap", payload))

    def _key_info(self) -> dict[str, Any]:
        info = self._request("GET", f"keys/{self.key_name}", None)
        if info.get("derived") is False:
            raise VaultError(
                _("Transit-sleutel %(key)s is niet aangemaakt met derived=true.")
                % {"key": self.key_name}
            )
        if "latest_version" not in info:
            raise VaultError(_("Onverwacht antwoord van Vault."))
        return info

    def _call(self, operation: str, payload: dict[str, str]) -> dict[str, Any]:
        return self._request("POST", f"{operation}/{self.key_name}", payload)

    @staticmethod
    def _checked(key_id: str, wrapped: bytes) -> str:
        ciphertext = bytes(wrapped).decode("ascii", errors="replace")
        match = _VAULT_KEY_ID.match(ciphertext)
        if match is None or match.group(1) != key_id:
            raise VaultError(_("Ingepakte sleutel hoort niet bij sleutel-id %(key_id)s.") % {
                "key_id": key_id[:100]
            })  # fmt: skip
        return ciphertext

    @staticmethod
    def _ciphertext(data: dict[str, Any]) -> tuple[str, bytes]:
        ciphertext = data.get("ciphertext")
        match = _VAULT_KEY_ID.match(ciphertext) if isinstance(ciphertext, str) else None
        if match is None:
            raise VaultError(_("Onverwacht antwoord van Vault."))
        return match.group(1), ciphertext.encode("ascii")  # type: ignore[union-attr]

    def _token_now(self) -> str:
        if self._token_file:
            try:
                return Path(self._token_file).read_text(encoding="utf-8").strip()
            except OSError as error:
                raise VaultError(
                    _("Vault-tokenbestand is niet te lezen: %(reason)s")
                    % {"reason": error.strerror}
                ) from None
        return self._token or ""

    def _request(self, method: str, path: str, payload: dict[str, str] | None) -> dict[str, Any]:
        url = f"{self.address}/v1/{self.mount}/{path}"
        body = None if payload is None else json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(url, data=body, method=method)  # noqa: S310 (scheme checked)
        request.add_header("X-Vault-Token", self._token_now())
        request.add_header("Content-Type", "application/json")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise VaultError(
                _("Vault weigerde %(path)s (HTTP %(status)s): %(errors)s")
                % {"path": path, "status": error.code, "errors": _vault_errors(error)}
            ) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", None) or error
            raise VaultError(
                _("Vault is niet bereikbaar op %(address)s: %(reason)s")
                % {"address": self.address, "reason": str(reason)[:200]}
            ) from None
        except ValueError:
            raise VaultError(_("Onverwacht antwoord van Vault.")) from None
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, dict):
            raise VaultError(_("Onverwacht antwoord van Vault."))
        return data


def _vault_errors(error: urllib.error.HTTPError) -> str:
    try:
        errors = json.loads(error.read() or b"{}").get("errors") or []
    except (ValueError, AttributeError, OSError):
        errors = []
    # Vault's error texts name the failure ("permission denied"), never the payload.
    return "; ".join(str(item) for item in errors)[:300] or str(error.reason)[:100]


def _vault_address(address: str) -> str:
    parts = urllib.parse.urlsplit(address.strip().rstrip("/"))
    loopback = _is_loopback(parts.hostname or "")
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise VaultError(
            _("Vault-adres %(address)s moet met https:// beginnen (http alleen op deze machine).")
            % {"address": address}
        )
    if not parts.hostname or parts.path or parts.query or parts.fragment:
        raise VaultError(_("Ongeldig Vault-adres: %(address)s") % {"address": address})
    return f"{parts.scheme}://{parts.netloc}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


# --- the configured provider ------------------------------------------------------------

_provider: KeyProvider | None = None
_provider_lock = threading.Lock()


def get_key_provider() -> KeyProvider:
    """The provider the settings choose, built once per process."""
    global _provider
    with _provider_lock:
        if _provider is None:
            _provider = _configured_provider()
        return _provider


def reset_key_provider() -> None:
    """Forget the cached provider (tests, or after changing settings)."""
    global _provider
    with _provider_lock:
        _provider = None


def configured_key_file() -> Path:
    path = getattr(settings, "POORTWACHTER_MEDICAL_KEY_FILE", None)
    return Path(path) if path else Path(settings.DATA_DIR) / "medical-keys.json"


def configured_provider_kind() -> str:
    return str(getattr(settings, "POORTWACHTER_MEDICAL_KEY_PROVIDER", None) or "file").lower()


def _configured_provider() -> KeyProvider:
    kind = configured_provider_kind()
    if kind == "file":
        return FileKeyProvider(configured_key_file())
    if kind == "vault":
        address = getattr(settings, "POORTWACHTER_VAULT_ADDR", None)
        key_name = getattr(settings, "POORTWACHTER_VAULT_KEY", None)
        if not address or not key_name:
            raise VaultError(
                _("Stel POORTWACHTER_VAULT_ADDR en POORTWACHTER_VAULT_KEY in voor Vault.")
            )
        token_file = getattr(settings, "POORTWACHTER_VAULT_TOKEN_FILE", None)
        token = getattr(settings, "POORTWACHTER_VAULT_TOKEN", None)
        if not token_file and not token:
            token_file = os.environ.get("VAULT_TOKEN_FILE")
            token = os.environ.get("VAULT_TOKEN")
        return VaultTransitKeyProvider(
            address,
            token,
            key_name,
            mount=getattr(settings, "POORTWACHTER_VAULT_MOUNT", None) or "transit",
            timeout=float(getattr(settings, "POORTWACHTER_VAULT_TIMEOUT", 5)),
            token_file=token_file or None,
            ca_file=getattr(settings, "POORTWACHTER_VAULT_CACERT", None) or None,
        )
    raise KeyProviderError(
        _('Onbekende sleutelleverancier %(kind)s: kies "file" of "vault".') % {"kind": repr(kind)}
    )
