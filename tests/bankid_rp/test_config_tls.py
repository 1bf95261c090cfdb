"""Configuration and mutual TLS: PKCS#12 and PEM certificates, the pinned root, TLS 1.2+."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from pydantic import SecretStr, ValidationError

from bankid_rp.config import ROOT_CA_SHA256, BankIdConfig, Environment
from bankid_rp.errors import BankIdConfigError
from bankid_rp.simulator.certs import CertFiles, SimulatorPki
from bankid_rp.tls import (
    load_pinned_roots,
    load_rp_identity,
    sha256_fingerprint,
    ssl_context_from_config,
)


def test_real_environments_need_an_rp_certificate() -> None:
    with pytest.raises(ValidationError, match="needs the RP certificate"):
        BankIdConfig(environment="production")
    config = BankIdConfig(environment="test", certificate=Path("rp.p12"), ca_file=Path("root.pem"))
    assert config.effective_base_url == "https://appapi2.test.bankid.com/rp/v6.0/"
    assert config.pinned_root_sha256 == ROOT_CA_SHA256["test"]


def test_simulator_defaults_and_override() -> None:
    assert BankIdConfig().effective_base_url == "https://127.0.0.1:8444/rp/v6.0/"
    assert BankIdConfig().pinned_root_sha256 is None
    config = BankIdConfig(base_url="https://sim.example:9000/rp/v6.0")
    assert config.effective_base_url == "https://sim.example:9000/rp/v6.0/"


def test_collect_interval_is_never_below_a_second() -> None:
    with pytest.raises(ValidationError):
        BankIdConfig(collect_interval=0.5)


def test_pkcs12_with_password(cert_files: CertFiles, pki: SimulatorPki) -> None:
    identity = load_rp_identity(cert_files.rp_p12, password=cert_files.rp_p12_password)
    assert identity.certificate == pki.rp.certificate
    assert identity.chain == (pki.ca.certificate,)


def test_pkcs12_with_a_wrong_password_says_so_without_echoing_it(cert_files: CertFiles) -> None:
    with pytest.raises(BankIdConfigError, match="cannot read the RP certificate") as caught:
        load_rp_identity(cert_files.rp_p12, password="hunter2-wrong")
    assert "hunter2-wrong" not in str(caught.value)


def test_pem_with_separate_key(cert_files: CertFiles, pki: SimulatorPki) -> None:
    identity = load_rp_identity(cert_files.rp_cert, password=None, key=cert_files.rp_key)
    assert identity.certificate == pki.rp.certificate


def test_pem_with_encrypted_key_in_the_same_file(tmp_path: Path, pki: SimulatorPki) -> None:
    key = pki.rp.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"qwerty123"),
    )
    combined = tmp_path / "rp-combined.pem"
    combined.write_bytes(pki.rp.cert_pem + key)
    identity = load_rp_identity(combined, password="qwerty123")
    assert identity.certificate == pki.rp.certificate


def test_the_root_is_checked_against_the_environment_fingerprint(cert_files: CertFiles) -> None:
    ours = cert_files.ca.read_bytes()
    with pytest.raises(BankIdConfigError, match="not BankID's root"):
        load_pinned_roots(ours, ROOT_CA_SHA256["production"])
    other = sha256_fingerprint(SimulatorPki.generate().ca.certificate)
    with pytest.raises(BankIdConfigError):
        load_pinned_roots(ours, other)
    assert load_pinned_roots(ours, None).startswith(b"-----BEGIN CERTIFICATE-----")
    with pytest.raises(BankIdConfigError, match="cannot read"):
        load_pinned_roots(b"not a certificate", None)


@pytest.mark.parametrize("environment", ["production", "test"])
def test_the_packaged_bankid_roots_match_the_reference(environment: Environment) -> None:
    config = BankIdConfig(environment=environment, certificate=Path("rp.p12"))
    roots = load_pinned_roots(config.root_pem(), ROOT_CA_SHA256[environment])
    assert roots.count(b"BEGIN CERTIFICATE") == 1


def test_a_missing_root_file_is_a_config_error(cert_files: CertFiles, tmp_path: Path) -> None:
    config = BankIdConfig(
        certificate=cert_files.rp_p12,
        certificate_password=SecretStr("qwerty123"),
        ca_file=tmp_path / "missing.pem",
    )
    with pytest.raises(BankIdConfigError, match="cannot read the root CA file"):
        ssl_context_from_config(config)


def test_a_test_environment_config_with_a_foreign_root_is_refused(cert_files: CertFiles) -> None:
    config = BankIdConfig(
        environment="test",
        certificate=cert_files.rp_p12,
        certificate_password=SecretStr(cert_files.rp_p12_password),
        ca_file=cert_files.ca,
    )
    with pytest.raises(BankIdConfigError, match=ROOT_CA_SHA256["test"]):
        ssl_context_from_config(config)


def test_context_is_tls12_plus_with_hostname_check(config: BankIdConfig) -> None:
    context = ssl_context_from_config(config)
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert len(context.get_ca_certs()) == 1


def pybankid_cert(name: str) -> Path:
    package = pytest.importorskip("bankid", reason="pybankid is in the dev extra")
    return Path(package.__file__).parent / "certs" / name


@pytest.mark.parametrize(
    ("files", "password"),
    [
        (("FPTestcert5_20240610.p12", None), "qwerty123"),
        (("FPTestcert5_20240610.pem", None), "qwerty123"),
        (("FPTestcert5_20240610_cert.pem", "FPTestcert5_20240610_key.pem"), None),
    ],
)
def test_bankid_public_test_certificates_load_without_openssl(
    files: tuple[str, str | None], password: str | None
) -> None:
    """BankID's own test certificate files (as pybankid ships them) in every published form."""
    certificate, key = files
    config = BankIdConfig(
        environment="test",
        certificate=pybankid_cert(certificate),
        key=pybankid_cert(key) if key else None,
        certificate_password=SecretStr(password) if password else None,
    )
    identity = load_rp_identity(
        config.effective_certificate, password=config.effective_password, key=config.key
    )
    assert "FP Testcert 5" in identity.certificate.subject.rfc4514_string()
    context = ssl_context_from_config(config)
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2
