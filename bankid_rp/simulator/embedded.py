"""The simulator inside another process (the demo, manual tests): start, get a config, stop."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from bankid_rp.config import SIMULATOR_P12_PASSWORD, BankIdConfig
from bankid_rp.simulator.app import Simulator, create_app
from bankid_rp.simulator.certs import CertFiles, SimulatorPki
from bankid_rp.simulator.orders import Timing
from bankid_rp.simulator.server import ServerThread, https_config
from byabutik.runtime.clock import Clock


@dataclass
class EmbeddedSimulator:
    """A running simulator on a background thread, with the files a client needs."""

    simulator: Simulator
    files: CertFiles
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
        clock: Clock | None = None,
        timing: Timing | None = None,
        default_scenario: str = "manual",
        password: str = SIMULATOR_P12_PASSWORD,
    ) -> EmbeddedSimulator:
        pki = SimulatorPki.generate()
        files = pki.write(cert_dir, password=password)
        simulator = Simulator.create(
            ca=pki.ca, clock=clock, timing=timing, default_scenario=default_scenario
        )
        server = ServerThread(
            https_config(create_app(simulator), host=host, port=port, files=files)
        )
        server.start()
        return cls(simulator, files, host, port, server)

    @property
    def base_url(self) -> str:
        return f"https://{self.host}:{self.port}/rp/v6.0/"

    def config(self, **overrides: object) -> BankIdConfig:
        """A client configuration for this simulator (PKCS#12 certificate, its CA pinned)."""
        values: dict[str, object] = {
            "environment": "simulator",
            "base_url": self.base_url,
            "certificate": self.files.rp_p12,
            "certificate_password": SecretStr(self.files.rp_p12_password),
            "ca_file": self.files.ca,
            **overrides,
        }
        return BankIdConfig.model_validate(values)

    def stop(self) -> None:
        self._server.stop()
