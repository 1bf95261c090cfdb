"""Mutual TLS for the RP API: our certificate from PKCS#12 or PEM, trust pinned to one root.

The generic parts (reading the identity, building the client context) live in
`byabutik.runtime.tls.identity`, shared with the Swish client; this module adds BankID's errors and
its root fingerprints.
"""

from __future__ import annotations

import ssl
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from bankid_rp.config import BankIdConfig
from bankid_rp.errors import BankIdConfigError
from byabutik.runtime.tls.identity import (
    ClientIdentity,
    TlsConfigError,
    client_ssl_context,
    load_identity,
    sha256_fingerprint,
)

RpIdentity = ClientIdentity
"""Our certificate (with any chain) and private key, in memory."""

__all__ = [
    "RpIdentity",
    "load_pinned_roots",
    "load_rp_identity",
    "rp_ssl_context",
    "sha256_fingerprint",
    "ssl_context_from_config",
]


def load_rp_identity(
    certificate: Path, *, password: str | None, key: Path | None = None
) -> RpIdentity:
    """Read a PKCS#12 file (.p12/.pfx) or a PEM certificate with its key (same file or `key`)."""
    try:
        return load_identity(certificate, password=password, key=key, what="RP certificate")
    except TlsConfigError as exc:
        raise BankIdConfigError(str(exc)) from exc


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


def rp_ssl_context(*, identity: RpIdentity, root_pem: bytes) -> ssl.SSLContext:
    """A client context: TLS 1.2+, hostname checked, only `root_pem` trusted, our cert presented."""
    return client_ssl_context(identity=identity, root_pem=root_pem)


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
