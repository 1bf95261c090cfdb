"""Mutual TLS for Swish: the merchant certificate from PKCS#12 or PEM, trust pinned to `ca_file`."""

from __future__ import annotations

import ssl

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from byabutik.runtime.tls.identity import TlsConfigError, client_ssl_context, load_identity
from swish_merchant.config import SwishConfig
from swish_merchant.errors import SwishConfigError


def load_roots(pem: bytes) -> bytes:
    """The certificates of `pem` (Swish's root, or the simulator's CA), re-encoded."""
    try:
        roots = x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise SwishConfigError(f"cannot read the Swish root CA: {exc}") from exc
    return b"".join(root.public_bytes(serialization.Encoding.PEM) for root in roots)


def ssl_context_from_config(config: SwishConfig) -> ssl.SSLContext:
    """The mutual-TLS context the configuration describes (files read and checked now)."""
    try:
        identity = load_identity(
            config.effective_certificate,
            password=config.effective_password,
            key=config.key,
            what="Swish merchant certificate",
        )
        root_pem = load_roots(config.effective_ca_file.read_bytes())
    except TlsConfigError as exc:
        raise SwishConfigError(str(exc)) from exc
    except OSError as exc:
        raise SwishConfigError(f"cannot read the Swish CA file: {exc}") from exc
    return client_ssl_context(identity=identity, root_pem=root_pem)
