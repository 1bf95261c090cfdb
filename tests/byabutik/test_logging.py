"""Logs are JSON lines in production, carry the request id, and never a personal number."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from byabutik.runtime.logging import configure_logging, redact
from byabutik.runtime.web import RequestIdMiddleware


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def make_app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(RequestIdMiddleware)

    @app.get("/hello")
    def hello() -> dict[str, str]:
        logging.getLogger("byabutik.test").info("handled", extra={"order_ref": "o-1"})
        return {}

    return app


@pytest.mark.usefixtures("restore_logging")
def test_json_lines_carry_the_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(fmt="json")
    with TestClient(make_app()) as client:
        client.get("/hello", headers={"x-request-id": "req-42"})
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    handled = next(r for r in records if r["msg"] == "handled")
    assert handled["request_id"] == "req-42"
    assert handled["order_ref"] == "o-1"
    assert handled["level"] == "info"
    access = next(r for r in records if r["logger"] == "byabutik.http")
    assert access["msg"] == "GET /hello 200"
    assert access["request_id"] == "req-42"


@pytest.mark.usefixtures("restore_logging")
def test_text_format_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(fmt="text", level="debug")
    logging.getLogger("byabutik.test").debug("door %s", "opened", extra={"store": "byn-1"})
    line = capsys.readouterr().err.strip()
    assert "DEBUG" in line
    assert "byabutik.test: door opened" in line
    assert "store=byn-1" in line


@pytest.mark.usefixtures("restore_logging")
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_personal_numbers_never_reach_the_log(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    configure_logging(fmt="json" if fmt == "json" else "text")
    log = logging.getLogger("byabutik.test")
    log.warning("refused 199001012385", extra={"who": "19900101-2385"})
    try:
        raise ValueError("bad 9001012385")
    except ValueError:
        log.exception("failed")
    err = capsys.readouterr().err
    for shape in ("199001012385", "19900101-2385", "9001012385"):
        assert shape not in err
    assert "[redacted]" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19121212-1212", "[redacted]"),
        ("121212+1212", "[redacted]"),
        ("ean 7310865004703 ok", "ean 7310865004703 ok"),  # a 13-digit GTIN is not a person
        ("order 42 of 3", "order 42 of 3"),
    ],
)
def test_redact_masks_only_personal_number_shapes(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.usefixtures("restore_logging")
def test_uvicorn_colour_copies_are_not_repeated(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(fmt="text")
    logging.getLogger("byabutik.test.uvicorn_like").info(
        "Started server process [%d]", 42, extra={"color_message": "Started \x1b[36m%d\x1b[0m"}
    )
    line = capsys.readouterr().err
    assert "Started server process [42]" in line
    assert "\x1b[" not in line
    assert "color_message" not in line
