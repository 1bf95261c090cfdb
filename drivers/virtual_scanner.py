"""A virtual serial scanner for the demo and for testing by hand.

It listens on TCP and sends every code, followed by the configured suffix, to each connected
client, exactly as a scanner in serial mode writes to its port. The controller's real
`SerialScanner` connects with `socket://127.0.0.1:<port>`, so the demo runs the real serial path.
Codes come from `send()`, from the small web page in `drivers.virtual_scanner_web`, or stdin.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading

from drivers.scanners.framing import SUFFIX_BYTES, Suffix

log = logging.getLogger(__name__)
ACCEPT_POLL_S = 0.2


class VirtualScanner:
    """A TCP server that broadcasts codes. `port=0` picks a free port (see `.port`)."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 7001, suffix: Suffix = "CR") -> None:
        self.suffix = SUFFIX_BYTES[suffix]
        self._listener = socket.create_server((host, port), reuse_port=False)
        self._listener.settimeout(ACCEPT_POLL_S)
        self.host, self.port = self._listener.getsockname()[:2]
        self._clients: list[socket.socket] = []
        self._mutex = threading.Lock()
        self._stopping = threading.Event()
        self._connected = threading.Condition(self._mutex)
        self._thread = threading.Thread(target=self._accept, name="virtual-scanner", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """The URL a `SerialScanner` opens to read from this scanner."""
        return f"socket://{self.host}:{self.port}"

    @property
    def client_count(self) -> int:
        with self._mutex:
            return len(self._clients)

    def wait_for_clients(self, count: int = 1, timeout: float = 5.0) -> bool:
        with self._connected:
            return self._connected.wait_for(lambda: len(self._clients) >= count, timeout)

    def send(self, code: str) -> int:
        """Send one code to every client; returns how many received it."""
        payload = code.encode("utf-8") + self.suffix
        with self._mutex:
            clients = list(self._clients)
        delivered = 0
        for client in clients:
            try:
                client.sendall(payload)
                delivered += 1
            except OSError:
                self._drop(client)
        log.info("virtual scanner sent %r to %d client(s)", code, delivered)
        return delivered

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(5.0)
        self._listener.close()
        with self._mutex:
            clients, self._clients = self._clients, []
        for client in clients:
            client.close()

    def __enter__(self) -> VirtualScanner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            log.info("virtual scanner: client %s connected", address)
            with self._connected:
                self._clients.append(client)
                self._connected.notify_all()

    def _drop(self, client: socket.socket) -> None:
        with self._mutex:
            if client in self._clients:
                self._clients.remove(client)
        with contextlib.suppress(OSError):
            client.close()
