"""A whole store for door tests: the BankID simulator over mTLS, MockFactory pins, the real
controller app on a real port, and readers of its live screens."""

from __future__ import annotations

import asyncio
import json
import queue
import ssl
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
from sqlalchemy import select

from bankid_rp.simulator.embedded import EmbeddedSimulator
from drivers.gpio.simulation import SimulatedWiring
from store_controller.alerts.models import AlertRecord
from store_controller.bootstrap import build_controller, create_app
from store_controller.core.clock import Clock
from store_controller.customers.models import Customer, VisitRecord
from store_controller.door import AccessPolicy, DoorConfig
from store_controller.entry.config import EntryConfig
from store_controller.entry.wiring import DoorFeature
from store_controller.outbox.models import OutboxEntry
from store_controller.runtime import StoreController
from store_controller.settings import ControllerSettings
from tests.servers import serving
from tests.waits import WAIT_S

Doc = dict[str, Any]
T = TypeVar("T")
ADULT = "191212121212"  # Skatteverket's test number (born 1912)
MINOR = "201701012393"  # Skatteverket's test number (born 2017)


class LiveReader:
    """Reads one SSE stream of the app on a thread; `wait_for` returns the next document that
    matches, so tests wait on the screen's own events, not on sleeps."""

    def __init__(self, url: str) -> None:
        self._docs: queue.Queue[Doc] = queue.Queue()
        self.seen: list[Doc] = []
        self._stop = threading.Event()
        self._client = httpx.Client(timeout=httpx.Timeout(WAIT_S, read=1.0))
        self._thread = threading.Thread(target=self._read, args=(url,), daemon=True)
        self._thread.start()

    def _read(self, url: str) -> None:
        while not self._stop.is_set():
            try:
                with self._client.stream("GET", url) as response:
                    for line in response.iter_lines():
                        if line.startswith("data: "):
                            self._docs.put(json.loads(line.removeprefix("data: ")))
                        if self._stop.is_set():
                            return
            except (httpx.ReadTimeout, httpx.RemoteProtocolError):
                continue  # keepalives are 15 s apart; reconnecting gets the latest document
            except Exception:  # closed under our feet at teardown
                return

    def wait_for(self, match: Callable[[Doc], bool], timeout: float = WAIT_S) -> Doc:
        """The next document (after the last one matched) that matches."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                doc = self._docs.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(doc)
            if match(doc):
                return doc
        raise AssertionError(f"no matching document in {timeout} s; last: {self.seen[-1:]}")

    def latest(self, match: Callable[[Doc], bool], timeout: float = WAIT_S) -> Doc:
        """Like `wait_for`, skipping the documents already received."""
        while True:
            try:
                self.seen.append(self._docs.get_nowait())
            except queue.Empty:
                break
        return self.wait_for(match, timeout)

    def close(self, *, wait: bool = True) -> None:
        self._stop.set()
        self._client.close()
        if wait:
            self.join()

    def join(self) -> None:
        self._thread.join(timeout=5)


@dataclass
class DoorStore:
    controller: StoreController
    door: DoorFeature
    wiring: SimulatedWiring
    base_url: str
    http: httpx.Client
    screen: LiveReader
    sim: LiveReader
    bankid: EmbeddedSimulator

    def phone(self, path: str, body: dict[str, Any] | None = None) -> Doc:
        """The simulator's phone API (plays the BankID app)."""
        url = f"https://{self.bankid.host}:{self.bankid.port}{path}"
        trust = ssl.create_default_context(cafile=str(self.bankid.files.ca))
        with httpx.Client(verify=trust, timeout=WAIT_S) as client:
            answer = client.post(url, json=body or {})
        assert answer.status_code == 200, answer.text
        doc: Doc = answer.json()
        return doc

    def phone_get(self, path: str) -> Any:
        url = f"https://{self.bankid.host}:{self.bankid.port}{path}"
        trust = ssl.create_default_context(cafile=str(self.bankid.files.ca))
        with httpx.Client(verify=trust, timeout=WAIT_S) as client:
            return client.get(url).json()

    def login(self, personal_number: str = ADULT) -> Doc:
        """Tap login, scan the QR the screen shows, approve as `personal_number`; the result."""
        return self.login_result(personal_number, phases=("granted", "refused"))

    def login_result(self, personal_number: str, *, phases: tuple[str, ...]) -> Doc:
        """Like `login`, waiting for a screen in one of `phases`."""
        assert self.http.post("/door/login").status_code == 204
        shown = self.screen.latest(lambda d: d["phase"] == "pending" and bool(d["qr_data"]))
        order = self.phone("/phone/api/scan", {"qr": shown["qr_data"]})
        self.phone(
            f"/phone/api/orders/{order['orderRef']}/approve", {"personalNumber": personal_number}
        )
        return self.screen.wait_for(lambda d: d["phase"] in phases)

    def relay(self, energised: bool, timeout: float = WAIT_S) -> Doc:
        return self.sim.wait_for(lambda d: d["energised"] is energised, timeout)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` on the app's event loop (as sync's command loop would)."""
        loop = self.door.service._loop
        assert loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result(timeout=WAIT_S)

    def rows(self, model: Any) -> list[Any]:
        with self.controller.sessions() as session:
            return list(session.scalars(select(model)))

    def visits(self) -> list[VisitRecord]:
        return self.rows(VisitRecord)

    def alerts(self) -> list[AlertRecord]:
        return self.rows(AlertRecord)

    def customers(self) -> list[Customer]:
        return self.rows(Customer)

    def outbox(self, kind: str) -> list[Doc]:
        return [row.payload for row in self.rows(OutboxEntry) if row.kind == kind]


def settings_for(
    data_dir: Path,
    bankid: EmbeddedSimulator,
    *,
    policy: AccessPolicy | None = None,
    door: DoorConfig | None = None,
    **bankid_overrides: object,
) -> ControllerSettings:
    return ControllerSettings(
        mode="dev",
        store_id="door-store",
        data_dir=data_dir,
        bankid=bankid.config(**bankid_overrides),
        entry=EntryConfig(result_s=1.0, failed_s=1.0),
        policy=policy or AccessPolicy(),
        door=door or DoorConfig(),
    )


@contextmanager
def running_store(
    settings: ControllerSettings, bankid: EmbeddedSimulator, clock: Clock | None = None
) -> Iterator[DoorStore]:
    controller = build_controller(settings, clock=clock)
    app = create_app(controller)
    door: DoorFeature = app.state.door
    assert door.wiring is not None
    with serving(app) as base_url, httpx.Client(base_url=base_url, timeout=WAIT_S) as http:
        screen = LiveReader(f"{base_url}/door/events")
        sim = LiveReader(f"{base_url}/sim/door/events")
        try:
            yield DoorStore(controller, door, door.wiring, base_url, http, screen, sim, bankid)
        finally:
            screen.close(wait=False)
            sim.close(wait=False)
            screen.join()
            sim.join()
