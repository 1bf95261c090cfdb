"""Logs are JSON lines in production, carry the request id, and never a personal number."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from byabutik.runtime.logging import configure_logging, redact
from byabutik.runtime.web import RequestIdMiddleware
from retail.personnummer import luhn_check_digit
from tests.servers import serving
from tests.waits import WAIT_S

COORDINATION = f"900161238{luhn_check_digit('900161238')}"


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
        # a samordningsnummer (day + 60) is personal too
        (f"x {COORDINATION} y", "x [redacted] y"),
        # digit runs of the same shape whose check digit or date is wrong are someone's ids
        ("request 3f9a1234567890bc4e", "request 3f9a1234567890bc4e"),
        ("order 1234567890 paid", "order 1234567890 paid"),
        ("sale 199001012384", "sale 199001012384"),  # 199001012385 with a wrong check digit
        ("ref 9013011234", "ref 9013011234"),  # month 13
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


@pytest.mark.usefixtures("restore_logging")
def test_each_request_is_logged_once_by_a_real_server(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(fmt="json")
    with serving(make_app()) as url:
        httpx.get(f"{url}/hello", headers={"x-request-id": "once-1"}, timeout=WAIT_S)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    about = [r for r in lines if "/hello" in r["msg"]]
    assert [r["logger"] for r in about] == ["byabutik.http"]
    assert about[0]["request_id"] == "once-1"


@pytest.mark.usefixtures("restore_logging")
@pytest.mark.parametrize(("level", "shown"), [("info", False), ("debug", True)])
def test_the_http_clients_routine_lines_show_at_debug_only(
    capsys: pytest.CaptureFixture[str], level: str, *, shown: bool
) -> None:
    configure_logging(fmt="text", level=level)
    with serving(make_app()) as url:
        capsys.readouterr()
        httpx.get(f"{url}/hello", timeout=5)  # httpx logs "HTTP Request: ..." at info
    err = capsys.readouterr().err
    assert ("HTTP Request: GET" in err) is shown
    if shown:
        assert "DEBUG   httpx: HTTP Request: GET" in err
    logging.getLogger("httpx").warning("a client problem")  # warnings still show at info
    assert "a client problem" in capsys.readouterr().err
