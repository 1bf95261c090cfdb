"""Throw-away certificates for the simulator: a CA, a server certificate, RP client certificates.

Everything is generated at start (the primitives live in `byabutik.runtime.tls.pki`, shared with the
Swish simulator) and written as PEM, plus the RP certificate as PKCS#12 with a password, like the
BankID test certificate it stands in for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID

from bankid_rp.config import SIMULATOR_P12_PASSWORD
from byabutik.runtime.tls import pki
from byabutik.runtime.tls.pki import VALIDITY, Issued, issue

_ORGANIZATION = "Byabutik BankID simulator"

__all__ = [
    "VALIDITY",
    "CertFiles",
    "Issued",
    "SimulatorPki",
    "make_ca",
    "make_rp_cert",
    "make_server_cert",
    "make_user_cert",
]


def make_ca(common_name: str = "Byabutik Simulated BankID Root CA") -> Issued:
    return pki.make_ca(common_name, _ORGANIZATION)


def make_server_cert(ca: Issued, hosts: tuple[str, ...] = pki.LOCAL_HOSTS) -> Issued:
    return pki.make_server_cert(ca, hosts, organization=_ORGANIZATION)


def make_rp_cert(ca: Issued, common_name: str = "Byabutik RP Testcert") -> Issued:
    return pki.make_client_cert(ca, common_name=common_name, organization="Byabutik test RP")


def make_user_cert(ca: Issued, *, personal_number: str, name: str) -> Issued:
    """An end-user certificate as BankID issues them (subject serialNumber = personal number)."""
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, personal_number),
        ]
    )
    return issue(ca, subject, None)


@dataclass(frozen=True)
class CertFiles:
    """The files `byabutik simulate bankid` writes for the controller and for itself."""

    ca: Path
    server_cert: Path
    server_key: Path
    rp_cert: Path
    rp_key: Path
    rp_p12: Path
    rp_p12_password: str


@dataclass(frozen=True)
class SimulatorPki:
    """The simulator's CA, server certificate and one RP certificate, generated together."""

    ca: Issued
    server: Issued
    rp: Issued

    @classmethod
    def generate(cls, *, extra_hosts: tuple[str, ...] = ()) -> SimulatorPki:
        ca = make_ca()
        hosts = pki.server_hosts(extra_hosts)
        return cls(ca=ca, server=make_server_cert(ca, hosts), rp=make_rp_cert(ca))

    def write(self, folder: Path, *, password: str = SIMULATOR_P12_PASSWORD) -> CertFiles:
        folder.mkdir(parents=True, exist_ok=True)
        files = CertFiles(
            ca=folder / "ca.pem",
            server_cert=folder / "server.pem",
            server_key=folder / "server.key",
            rp_cert=folder / "rp.pem",
            rp_key=folder / "rp.key",
            rp_p12=folder / "rp.p12",
            rp_p12_password=password,
        )
        secret_files = {
            files.server_key: self.server.key_pem,
            files.rp_key: self.rp.key_pem,
            files.rp_p12: self.rp.pkcs12(password, self.ca),
        }
        public_files = {
            files.ca: self.ca.cert_pem,
            files.server_cert: self.server.cert_pem,
            files.rp_cert: self.rp.cert_pem,
        }
        for path, data in {**public_files, **secret_files}.items():
            path.write_bytes(data)
        for path in secret_files:
            path.chmod(0o600)
        return files
