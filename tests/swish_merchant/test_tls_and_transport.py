"""Mutual TLS and the transport: no certificate, a foreign certificate, timeouts, no server."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from byabutik.runtime.tls.identity import client_ssl_context, load_identity
from retail import Money
from swish_merchant.client import SwishClient
from swish_merchant.config import SwishConfig
from swish_merchant.errors import (
    ClientTimeout,
    SwishConfigError,
    TransportFailure,
    Unauthorized,
)
from swish_merchant.simulator.certs import SwishPki
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from swish_merchant.tls import ssl_context_from_config
from tests.conftest import free_port
from tests.swish_merchant.conftest import UNREACHABLE_CALLBACK

pytestmark = pytest.mark.anyio


def _client(sim: EmbeddedSwishSimulator, **options: object) -> SwishClient:
    config = sim.config(callback_url=UNREACHABLE_CALLBACK)
    values: dict[str, object] = {
        "base_url": config.effective_base_url,
        "ssl_context": ssl_context_from_config(config),
        "payee_alias": config.payee_alias,
        "callback_url": config.callback_url,
        **options,
    }
    return SwishClient(**values)  # type: ignore[arg-type]


async def test_a_client_without_a_certificate_is_refused(sim: EmbeddedSwishSimulator) -> None:
    context = client_ssl_context(identity=None, root_pem=sim.files.ca.read_bytes())
    async with _client(sim, ssl_context=context) as swish:
        with pytest.raises(Unauthorized) as caught:
            await swish.create_payment_request(reference="no-cert", amount=Money(100))
    assert caught.value.http_status == 401
    assert "merchant certificate" in caught.value.owner_reason
    assert "annat sätt" in caught.value.customer_text.sv
    assert sim.simulator.store.payments() == []


async def test_a_certificate_from_another_ca_fails_the_handshake(
    sim: EmbeddedSwishSimulator, tmp_path_factory: pytest.TempPathFactory
) -> None:
    other = SwishPki.generate().write(tmp_path_factory.mktemp("other"))
    identity = load_identity(other.merchant_p12, password=other.password)
    context = client_ssl_context(identity=identity, root_pem=sim.files.ca.read_bytes())
    async with _client(sim, ssl_context=context) as swish:
        with pytest.raises(TransportFailure):
            await swish.create_payment_request(reference="foreign", amount=Money(100))


async def test_a_server_outside_the_pinned_root_is_not_trusted(
    sim: EmbeddedSwishSimulator, tmp_path_factory: pytest.TempPathFactory
) -> None:
    other = SwishPki.generate().write(tmp_path_factory.mktemp("other-ca"))
    config = sim.config(ca_file=other.ca, callback_url=UNREACHABLE_CALLBACK)
    async with SwishClient.from_config(config) as swish:
        with pytest.raises(TransportFailure):
            await swish.payment_request("0" * 32)


def test_pem_certificate_and_key_work_too(sim: EmbeddedSwishSimulator) -> None:
    config = sim.config(
        certificate=sim.files.merchant_cert, key=sim.files.merchant_key, certificate_password=None
    )
    assert ssl_context_from_config(config) is not None


def test_unreadable_certificates_are_config_errors(sim: EmbeddedSwishSimulator) -> None:
    with pytest.raises(SwishConfigError, match="merchant certificate"):
        ssl_context_from_config(sim.config(certificate_password="wrong"))
    with pytest.raises(SwishConfigError, match="CA file"):
        ssl_context_from_config(sim.config(ca_file=sim.files.ca.with_name("missing.pem")))


def test_real_environments_need_certificate_ca_and_https_callback() -> None:
    with pytest.raises(ValueError, match="needs certificate and ca_file"):
        SwishConfig(environment="production")
    with pytest.raises(ValueError, match="HTTPS"):
        SwishConfig(
            environment="test",
            certificate="m.p12",
            ca_file="ca.pem",
            callback_url="http://example.org/cb",
        )
    test = SwishConfig(environment="test", certificate="m.p12", ca_file="ca.pem")
    assert test.effective_base_url == "https://mss.cpc.getswish.net/swish-cpcapi/api/"


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says a word (no TLS handshake)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


async def test_request_timeout(sim: EmbeddedSwishSimulator, silent_port: int) -> None:
    base = f"https://127.0.0.1:{silent_port}/swish-cpcapi/api/"
    async with _client(sim, base_url=base, timeout=0.2) as swish:
        with pytest.raises(ClientTimeout) as caught:
            await swish.payment_request("0" * 32)
    assert "request_timeout" in caught.value.owner_reason
    assert "Försök igen" in caught.value.customer_text.sv


async def test_nobody_listening(sim: EmbeddedSwishSimulator) -> None:
    base = f"https://127.0.0.1:{free_port()}/swish-cpcapi/api/"
    async with _client(sim, base_url=base) as swish:
        with pytest.raises(TransportFailure):
            await swish.payment_request("0" * 32)
