"""The controller's /metrics: closed without the token, and the store's figures with it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from gpiozero.pins.mock import MockFactory

from byabutik.runtime.settings import SettingsError
from drivers.events import DoorOpened, TemperatureRead
from store_controller.bootstrap import build_controller, create_app
from store_controller.checkout import seed
from store_controller.checkout.config import CheckoutConfig
from store_controller.settings import ControllerSettings
from tests.store_controller.checkout.helpers import scanned, sell

TOKEN = "metrics-token-" + "x" * 40


def metric(text: str, name: str) -> float:
    """The value of the sample line that starts with `name` (labels included)."""
    (line,) = [line for line in text.splitlines() if line.startswith(name + " ")]
    return float(line.rsplit(" ", 1)[1])


def test_metrics_need_the_token_and_count_the_store(tmp_path: Path) -> None:
    token_file = tmp_path / "metrics.token"
    token_file.write_text(TOKEN + "\n")
    settings = ControllerSettings(
        data_dir=tmp_path / "data",
        metrics_token_file=token_file,
        checkout=CheckoutConfig(demo_catalog=True, payment_provider="simulated"),
    )
    factory = MockFactory()
    try:
        controller = build_controller(settings, pin_factory=factory)
        counted = threading.Event()
        app = create_app(controller)
        controller.bus.subscribe(DoorOpened, lambda _event: counted.set())  # after the metric's
        with TestClient(app) as client:
            assert client.get("/metrics").status_code == 401
            wrong = client.get("/metrics", headers={"Authorization": "Bearer " + "y" * 54})
            assert wrong.status_code == 401

            sell(controller.sessions, scanned(controller.sessions, seed.MJOLK))
            # events are handled in order: once the door's is counted, the reading is in
            controller.bus.publish(TemperatureRead("freezer", -18.5, at_monotonic=1.0))
            controller.bus.publish(DoorOpened(contact="door", at_monotonic=1.0))
            assert counted.wait(10)
            assert client.get("/healthz").status_code == 200
            answer = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 200
        text = answer.text
        assert metric(text, "byabutik_sales_total") == 1
        assert metric(text, "byabutik_outbox_depth") >= 1  # the sale waits for sync
        assert metric(text, "byabutik_sync_lag_seconds") > 0
        assert metric(text, 'byabutik_door_events_total{event="opened"}') == 1
        assert metric(text, 'byabutik_door_events_total{event="exit_requested"}') == 0
        assert metric(text, 'byabutik_temperature_celsius{sensor="freezer"}') == -18.5
        assert (
            'byabutik_http_request_duration_seconds_count{method="GET",route="/healthz",'
            'status="200"} 1.0'
        ) in text
    finally:
        factory.reset()


def test_no_token_file_means_no_metrics(tmp_path: Path) -> None:
    factory = MockFactory()
    try:
        app = create_app(
            build_controller(ControllerSettings(data_dir=tmp_path), pin_factory=factory)
        )
        with TestClient(app) as client:
            assert client.get("/metrics").status_code == 404
    finally:
        factory.reset()


def test_a_short_token_is_refused_naming_the_setting(tmp_path: Path) -> None:
    token_file = tmp_path / "metrics.token"
    token_file.write_text("short\n")
    settings = ControllerSettings(data_dir=tmp_path, metrics_token_file=token_file)
    factory = MockFactory()
    try:
        with pytest.raises(SettingsError, match="BYABUTIK_CONTROLLER_METRICS_TOKEN_FILE"):
            create_app(build_controller(settings, pin_factory=factory))
    finally:
        factory.reset()
