"""A stop signal whose exception Python swallowed during start-up still stops the controller.

Python cannot propagate an exception raised inside a garbage-collection callback or a __del__
("Exception ignored in ..."); SIGTERM landing there while the database migrated was lost, and
the controller went on to serve (seen in the shutdown test under load)."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
import uvicorn

from store_controller.web import serve


class RecordingServer(uvicorn.Server):
    """A server that only notes that it was asked to serve."""

    def __init__(self) -> None:
        super().__init__(uvicorn.Config(app=lambda: None))
        self.served = False

    async def serve(self, sockets: object = None) -> None:
        self.served = True


class RaisesWhenCollected:
    def __del__(self) -> None:
        serve._raise_stop(signal.SIGTERM, None)  # as the handler does when a signal lands here


@pytest.fixture
def own_signal_handlers() -> Iterator[None]:
    saved = {sig: signal.getsignal(sig) for sig in serve.STOP_SIGNALS}
    try:
        yield
    finally:
        serve._requested.clear()
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.usefixtures("own_signal_handlers")
def test_a_swallowed_stop_signal_ends_the_start_up_before_serving() -> None:
    RaisesWhenCollected()  # collected at once: its StopRequested is swallowed
    server = RecordingServer()
    assert serve.serve_until_stopped(server) == signal.SIGTERM
    assert not server.served


@pytest.mark.usefixtures("own_signal_handlers")
def test_without_a_stop_signal_the_server_serves() -> None:
    server = RecordingServer()
    serve.serve_until_stopped(server)
    assert server.served
