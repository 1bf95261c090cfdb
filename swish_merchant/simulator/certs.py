"""The simulator's throw-away PKI: a CA, its server certificate and a merchant certificate.

The merchant certificate is written as PEM and as PKCS#12 (password "swish", like Swish's own test
certificate); its common name is the merchant number, as in certificates from portal.swish.nu.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from byabutik.runtime.tls import pki
from byabutik.runtime.tls.pki import Issued
from swish_merchant.config import SIMULATOR_P12_PASSWORD, TEST_MERCHANT

_ORGANIZATION = "Byabutik Swish simulator"
_MERCHANT_ORG = "Byabutik test merchant"


@dataclass(frozen=True)
class SwishCertFiles:
    """The files `byabutik simulate swish` writes for the controller and for itself."""

    ca: Path
    server_cert: Path
    server_key: Path
    merchant_cert: Path
    merchant_key: Path
    merchant_p12: Path
    password: str


@dataclass(frozen=True)
class SwishPki:
    ca: Issued
    server: Issued
    merchant: Issued

    @classmethod
    def generate(
        cls, *, extra_hosts: tuple[str, ...] = (), merchant: str = TEST_MERCHANT
    ) -> SwishPki:
        ca = pki.make_ca("Byabutik Simulated Swish Root CA", _ORGANIZATION)
        server = pki.make_server_cert(ca, pki.server_hosts(extra_hosts), organization=_ORGANIZATION)
        client = pki.make_client_cert(ca, common_name=merchant, organization=_MERCHANT_ORG)
        return cls(ca=ca, server=server, merchant=client)

    def write(self, folder: Path, *, password: str = SIMULATOR_P12_PASSWORD) -> SwishCertFiles:
        folder.mkdir(parents=True, exist_ok=True)
        files = SwishCertFiles(
            ca=folder / "ca.pem",
            server_cert=folder / "server.pem",
            server_key=folder / "server.key",
            merchant_cert=folder / "merchant.pem",
            merchant_key=folder / "merchant.key",
            merchant_p12=folder / "merchant.p12",
            password=password,
        )
        secret = {
            files.server_key: self.server.key_pem,
            files.merchant_key: self.merchant.key_pem,
            files.merchant_p12: self.merchant.pkcs12(password, self.ca, b"swish"),
        }
        public = {
            files.ca: self.ca.cert_pem,
            files.server_cert: self.server.cert_pem,
            files.merchant_cert: self.merchant.cert_pem,
        }
        for path, data in {**public, **secret}.items():
            path.write_bytes(data)
        for path in secret:
            path.chmod(0o600)
        return files
