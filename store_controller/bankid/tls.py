"""Mutual TLS for the RP API: our certificate from PKCS#12 or PEM, trust pinned to one root.

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

from store_controller.bankid.config import BankIdConfig
from store_controller.bankid.errors import BankIdConfigError


@dataclass(frozen=True)
class RpIdentity:
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


def load_rp_identity(
    certificate: Path, *, password: str | None, key: Path | None = None
) -> RpIdentity:
    """Read a PKCS#12 file (.p12/.pfx) or a PEM certificate with its key (same file or `key`)."""
    try:
        data = certificate.read_bytes()
        if certificate.suffix.lower() in {".p12", ".pfx"}:
            private_key, cert, chain = pkcs12.load_key_and_certificates(data, _password(password))
            if private_key is None or cert is None:
                raise BankIdConfigError(f"{certificate} holds no certificate with a key")
            return RpIdentity(cert, private_key, tuple(chain))
        certs = x509.load_pem_x509_certificates(data)
        key_data = key.read_bytes() if key is not None else data
        loaded = serialization.load_pem_private_key(key_data, _password(password))
    except (OSError, ValueError, TypeError) as exc:
        raise BankIdConfigError(f"cannot read the RP certificate {certificate}: {exc}") from exc
    return RpIdentity(certs[0], loaded, tuple(certs[1:]))


def load_pinned_roots(pem: bytes, expected_sha256: str | None) -> bytes:
    """The certificates of `pem`, checked against the environment's root fingerprint if any."""
    try:
        roots = x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise BankIdConfigError(f"cannot read the BankID root CA: {exc}") from exc
    if expected_sha256 is not None:
        found = {sha256_fingerprint(root) for root in roots}
        if found != {expected_sha256.upper()}:
            raise BankIdConfigError(
                "the root CA is not BankID's root for this environment "
                f"(expected SHA-256 {expected_sha256}, found {sorted(found)})"
            )
    return b"".join(root.public_bytes(serialization.Encoding.PEM) for root in roots)


def _load_identity_into(context: ssl.SSLContext, identity: RpIdentity) -> None:
    one_off = secrets.token_urlsafe(24)
    pem = identity.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(one_off.encode()),
    )
    for cert in (identity.certificate, *identity.chain):
        pem += cert.public_bytes(serialization.Encoding.PEM)
    fd, name = tempfile.mkstemp(prefix="bankid-rp-", suffix=".pem")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        context.load_cert_chain(name, password=one_off)
    finally:
        os.unlink(name)


def rp_ssl_context(*, identity: RpIdentity, root_pem: bytes) -> ssl.SSLContext:
    """A client context: TLS 1.2+, hostname checked, only `root_pem` trusted, our cert presented."""
    context = ssl.create_default_context(cadata=root_pem.decode("ascii"))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    _load_identity_into(context, identity)
    return context


def ssl_context_from_config(config: BankIdConfig) -> ssl.SSLContext:
    """The mutual-TLS context the configuration describes (files read and checked now)."""
    identity = load_rp_identity(
        config.effective_certificate, password=config.effective_password, key=config.key
    )
    try:
        configured = config.root_pem()
    except OSError as exc:
        raise BankIdConfigError(f"cannot read the root CA file: {exc}") from exc
    root_pem = load_pinned_roots(configured, config.pinned_root_sha256)
    return rp_ssl_context(identity=identity, root_pem=root_pem)
