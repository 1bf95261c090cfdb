"""A client identity (certificate, chain, key) from PKCS#12 or PEM, and a client context.

`ssl` loads certificates only from files, so the key is re-encrypted with a one-off password into a
temporary file that lives for the duration of `load_cert_chain`. No openssl subprocess.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12


class TlsConfigError(ValueError):
    """A certificate, key or root file cannot be used; callers translate it to their own tree."""


@dataclass(frozen=True)
class ClientIdentity:
    """Our certificate (with any chain) and private key, in memory."""

    certificate: x509.Certificate
    private_key: PrivateKeyTypes
    chain: tuple[x509.Certificate, ...] = ()


def sha256_fingerprint(cert: x509.Certificate) -> str:
    """Colon-separated uppercase hex SHA-256 of the DER certificate, as openssl prints it."""
    digest = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _password(password: str | None) -> bytes | None:
    return password.encode() if password else None


def load_identity(
    certificate: Path, *, password: str | None, key: Path | None = None, what: str = "certificate"
) -> ClientIdentity:
    """Read a PKCS#12 file (.p12/.pfx) or a PEM certificate with its key (same file or `key`)."""
    try:
        data = certificate.read_bytes()
        if certificate.suffix.lower() in {".p12", ".pfx"}:
            private_key, cert, chain = pkcs12.load_key_and_certificates(data, _password(password))
            if private_key is None or cert is None:
                raise TlsConfigError(f"{certificate} holds no certificate with a key")
            return ClientIdentity(cert, private_key, tuple(chain))
        certs = x509.load_pem_x509_certificates(data)
        key_data = key.read_bytes() if key is not None else data
        loaded = serialization.load_pem_private_key(key_data, _password(password))
    except TlsConfigError:
        raise
    except (OSError, ValueError, TypeError) as exc:
        raise TlsConfigError(f"cannot read the {what} {certificate}: {exc}") from exc
    return ClientIdentity(certs[0], loaded, tuple(certs[1:]))


def _load_identity_into(context: ssl.SSLContext, identity: ClientIdentity) -> None:
    one_off = secrets.token_urlsafe(24)
    pem = identity.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(one_off.encode()),
    )
    for cert in (identity.certificate, *identity.chain):
        pem += cert.public_bytes(serialization.Encoding.PEM)
    fd, name = tempfile.mkstemp(prefix="byabutik-client-", suffix=".pem")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        context.load_cert_chain(name, password=one_off)
    finally:
        os.unlink(name)


def client_ssl_context(*, identity: ClientIdentity | None, root_pem: bytes) -> ssl.SSLContext:
    """A client context: TLS 1.2+, hostname checked, only `root_pem` trusted, our cert presented."""
    context = ssl.create_default_context(cadata=root_pem.decode("ascii"))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if identity is not None:
        _load_identity_into(context, identity)
    return context
