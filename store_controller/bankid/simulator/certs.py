"""Throw-away certificates for the simulator: a CA, a server certificate, RP client certificates.

Everything is generated at start with `cryptography` (EC P-256 keys, fast) and written as PEM, plus
the RP certificate as PKCS#12 with a password, like the BankID test certificate it stands in for.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from store_controller.bankid.config import SIMULATOR_P12_PASSWORD

VALIDITY = dt.timedelta(days=30)


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def cert_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def pkcs12(self, password: str, ca: Issued) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"rp",
            self.key,
            self.certificate,
            [ca.certificate],
            serialization.BestAvailableEncryption(password.encode()),
        )


def _name(common_name: str, organization: str = "Byabutik BankID simulator") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: x509.Name, issuer: x509.Name, key: ec.EllipticCurvePrivateKey
) -> x509.CertificateBuilder:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
    )


def _new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def make_ca(common_name: str = "Byabutik Simulated BankID Root CA") -> Issued:
    key = _new_key()
    name = _name(common_name)
    cert = (
        _builder(name, name, key)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(cert, key)


def _leaf(
    ca: Issued,
    subject: x509.Name,
    usage: x509.ObjectIdentifier | None,
    san: list[x509.GeneralName] | None = None,
) -> Issued:
    key = _new_key()
    builder = (
        _builder(subject, ca.certificate.subject, key)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    if usage is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
    return Issued(builder.sign(ca.key, hashes.SHA256()), key)


def make_server_cert(
    ca: Issued, hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
) -> Issued:
    san: list[x509.GeneralName] = []
    for host in hosts:
        try:
            san.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            san.append(x509.DNSName(host))
    return _leaf(ca, _name(hosts[0]), ExtendedKeyUsageOID.SERVER_AUTH, san)


def make_rp_cert(ca: Issued, common_name: str = "Byabutik RP Testcert") -> Issued:
    return _leaf(ca, _name(common_name, "Byabutik test RP"), ExtendedKeyUsageOID.CLIENT_AUTH)


def make_user_cert(ca: Issued, *, personal_number: str, name: str) -> Issued:
    """An end-user certificate as BankID issues them (subject serialNumber = personal number)."""
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, personal_number),
        ]
    )
    return _leaf(ca, subject, None)


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
        hosts = (
            "localhost",
            "127.0.0.1",
            "::1",
            *(h for h in extra_hosts if h not in {"localhost", "127.0.0.1", "::1"}),
        )
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
