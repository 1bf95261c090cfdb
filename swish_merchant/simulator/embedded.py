"""The simulator inside another process (tests, the demo): start, get a config, stop."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from byabutik.runtime.tls.server import ServerThread, http_config, https_config
from swish_merchant.config import SwishConfig
from swish_merchant.simulator.app import Simulator, callback_trust, create_app
from swish_merchant.simulator.certs import SwishCertFiles, SwishPki


@dataclass
class EmbeddedSwishSimulator:
    """A running simulator (HTTPS with mTLS) on a background thread, with its files."""

    simulator: Simulator
    files: SwishCertFiles
    host: str
    port: int
    _server: ServerThread
    phone_port: int | None = None
    _phone: ServerThread | None = None

    @classmethod
    def start(
        cls,
        *,
        cert_dir: Path,
        port: int,
        host: str = "127.0.0.1",
        pki: SwishPki | None = None,
        phone_port: int | None = None,
        **options: Any,
    ) -> EmbeddedSwishSimulator:
        """`options` go to `Simulator.create` (clock, scenario, callback delays...).

        With `phone_port` the phone page is also served over plain HTTP there (for a browser
        that does not trust the throw-away CA).
        """
        pki = pki or SwishPki.generate()
        files = pki.write(cert_dir)
        options.setdefault("callback_verify", callback_trust(str(files.ca)))
        simulator = Simulator.create(**options)
        simulator.start()
        server = ServerThread(
            https_config(create_app(simulator), host=host, port=port, files=files),
            name="swish-simulator",
        )
        phone = None
        if phone_port is not None:
            phone_app = create_app(simulator, api=False)
            phone = ServerThread(
                http_config(phone_app, host=host, port=phone_port), name="swish-phone"
            )
        try:
            server.start()
            if phone is not None:
                phone.start()
        except RuntimeError:
            server.stop()
            simulator.stop()
            raise
        return cls(simulator, files, host, port, server, phone_port, phone)

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

    @property
    def phone_url(self) -> str:
        """The phone page: plain HTTP if a phone port was given, else on the HTTPS port."""
        if self.phone_port is not None:
            return f"http://{self.host}:{self.phone_port}/phone"
        return f"{self.root_url}/phone"

    def stop(self) -> None:
        if self._phone is not None:
            self._phone.stop()
        self._server.stop()
        self.simulator.stop()
