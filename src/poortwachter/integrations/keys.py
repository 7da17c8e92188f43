"""A client's public key as uploaded (PEM or JWK), checked and kept as PEM (issue 20).

Only ES256 (P-256) and RS256 (RSA of at least 2048 bits) are taken; a private key is
refused outright, so it is never stored."""

import hashlib
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm


class BadKey(ValueError):
    """The upload is not a usable public key; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _load(text: str):
    text = text.strip()
    if "PRIVATE KEY" in text:
        raise BadKey("private")
    if text.startswith("{"):
        try:
            jwk = json.loads(text)
        except ValueError:
            raise BadKey("unreadable") from None
        if not isinstance(jwk, dict) or "d" in jwk:
            raise BadKey("private" if isinstance(jwk, dict) else "unreadable")
        try:
            if jwk.get("kty") == "EC":
                return ECAlgorithm.from_jwk(jwk)
            if jwk.get("kty") == "RSA":
                return RSAAlgorithm.from_jwk(jwk)
        except Exception:
            raise BadKey("unreadable") from None
        raise BadKey("algorithm")
    try:
        return serialization.load_pem_public_key(text.encode())
    except (ValueError, TypeError):
        raise BadKey("unreadable") from None


def parse_public_key(text: str) -> tuple[str, str, str]:
    """(algorithm, PEM, kid) of an uploaded public key; ``BadKey`` otherwise."""
    key = _load(text)
    if isinstance(key, ec.EllipticCurvePublicKey):
        if not isinstance(key.curve, ec.SECP256R1):
            raise BadKey("algorithm")
        algorithm = "ES256"
    elif isinstance(key, rsa.RSAPublicKey):
        if key.key_size < 2048:
            raise BadKey("weak")
        algorithm = "RS256"
    else:
        raise BadKey("algorithm")
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    kid = hashlib.sha256(pem.encode()).hexdigest()[:16]
    return algorithm, pem, kid
