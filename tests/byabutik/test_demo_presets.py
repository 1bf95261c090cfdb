"""The demo's scanner presets come from the store's own catalog: each scans on the real kiosk
(the weight label, the deposit item, the age-restricted item, the GS1 string), except the one
that is unknown on purpose; every preset says what it is."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx

from byabutik.demo_presets import UNKNOWN, demo_presets, write_presets
from drivers.virtual_scanner_web import load_presets
from store_controller.checkout.state import KIOSK_TOPIC
from tests.e2e.kiosk_harness import running_store
from tests.waits import WAIT_S

TODAY = date(2026, 12, 5)


def test_every_preset_but_the_unknown_one_scans_in_the_demo_store(tmp_path: Path) -> None:
    presets = demo_presets(TODAY)
    labels = " ".join(p.label for p in presets)
    for kind in ("viktetikett", "pant", "18 år", "GS1", "Okänd vara (med flit)"):
        assert kind in labels
    with (
        running_store(tmp_path) as store,
        httpx.Client(base_url=store.base_url, timeout=WAIT_S) as client,
    ):
        for preset in presets:
            lines_before = len(store.controller.live.latest(KIOSK_TOPIC)["lines"])  # type: ignore[index]
            assert client.post("/kiosk/scan", json={"code": preset.code}).status_code == 204
            document = store.controller.live.latest(KIOSK_TOPIC)
            assert document is not None
            notice = document["notice"] or {}
            if preset.code == UNKNOWN:
                assert "finns inte" in notice.get("sv", ""), notice
                assert len(document["lines"]) == lines_before
            else:
                assert notice.get("level") != "error", (preset.label, notice)
                assert len(document["lines"]) == lines_before + 1, preset.label  # a new line
                assert document["lines"][-1]["name"] in preset.label


def test_the_presets_file_is_what_the_virtual_scanner_reads(tmp_path: Path) -> None:
    path = write_presets(tmp_path / "presets.json", demo_presets(TODAY))
    assert load_presets(path) == demo_presets(TODAY)
    assert json.loads(path.read_text())[0]["code"].isdigit()
