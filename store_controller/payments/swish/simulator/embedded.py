"""The simulator inside another process (tests, the demo): start, get a config, stop."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from store_controller.payments.swish.config import SwishConfig
from store_controller.payments.swish.simulator.app import Simulator, callback_trust, create_app
from store_controller.payments.swish.simulator.certs import SwishCertFiles, SwishPki
from store_controller.tls.server import ServerThread, https_config


@dataclass
class EmbeddedSwishSimulator:
    """A running simulator (HTTPS with mTLS) on a background thread, with its files."""

    simulator: Simulator
    files: SwishCertFiles
    host: str
    port: int
    _server: ServerThread

    @classmethod
    def start(
        cls,
        *,
        cert_dir: Path,
        port: int,
        host: str = "127.0.0.1",
        pki: SwishPki | None = None,
        **options: Any,
    ) -> EmbeddedSwishSimulator:
        """`options` go to `Simulator.create` (clock, scenario, callback delays...)."""
        pki = pki or SwishPki.generate()
        files = pki.write(cert_dir)
        options.setdefault("callback_verify", callback_trust(str(files.ca)))
        simulator = Simulator.create(**options)
        simulator.start()
        server = ServerThread(
            https_config(create_app(simulator), host=host, port=port, files=files),
            name="swish-simulator",
        )
        try:
            server.start()
        except RuntimeError:
            simulator.stop()
            raise
        return cls(simulator, files, host, port, server)

    @property
    def root_url(self) -> str:
        return f"https://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/swish-cpcapi/api/"

    def config(self, **overrides: object) -> SwishConfig:
        """A client configuration for this simulator (PKCS#12 certificate, its CA pinned)."""
        values: dict[str, object] = {
            "environment": "simulator",
            "base_url": self.base_url,
            "certificate": self.files.merchant_p12,
            "certificate_password": SecretStr(self.files.password),
            "ca_file": self.files.ca,
            **overrides,
        }
        return SwishConfig.model_validate(values)

    def stop(self) -> None:
        self._server.stop()
        self.simulator.stop()
