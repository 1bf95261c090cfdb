"""What an idle controller does not load: the page templates and the QR encoder wait for their
first use (memory on a Pi 3, issue 23), and still draw when asked; prometheus_client loads only when
/metrics is configured (tests/store_controller/test_metrics.py); the settings are read without
pydantic-settings (and the argparse and dotenv it brings)."""

from __future__ import annotations

import subprocess
import sys

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from store_controller.checkout.qr import qr_svg
from store_controller.web.templating import templates

ONLY_WHEN_USED = ("jinja2", "segno", "prometheus_client")
NEVER = ("pydantic_settings", "argparse", "dotenv")


def test_starting_the_controller_imports_no_template_engine_or_qr_encoder() -> None:
    code = (
        "import sys, store_controller.cli, store_controller.bootstrap, store_controller.web.home, "
        "store_controller.entry.web, store_controller.entry.sim_web, store_controller.entry.view; "
        f"print(sorted(m for m in {ONLY_WHEN_USED + NEVER!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_a_page_and_a_qr_code_still_draw_on_first_use() -> None:
    app = FastAPI()

    @app.get("/")
    def home(request: Request) -> object:
        context = {"lang": "sv", "store_name": "Byn", "screens": [], "mode": "dev"}
        return templates.TemplateResponse(request, "home.html", context)

    page = TestClient(app).get("/")
    assert page.status_code == 200
    assert "Byn" in page.text
    assert qr_svg("https://example.org").startswith("<svg")
