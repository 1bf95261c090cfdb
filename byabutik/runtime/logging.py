"""Structured logging: JSON lines in production, readable lines in development.

Every record carries the request id of the HTTP request it belongs to, if any. Personal data never
goes into a log: callers log identifiers such as order references and keyed hashes, and the
formatter masks every personal identity number (a digit run of that shape whose date and check
digit are valid) as a last line of defence; other digit runs (request ids, order numbers, GTINs)
stay readable.

At info a quiet store logs nothing routine: the HTTP client's line per request (httpx logs each
at info) is demoted to debug, and the server's access log is off (our middleware logs each request
once, with its id).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Literal

from retail.errors import PersonnummerError
from retail.personnummer import Personnummer

LogFormat = Literal["json", "text"]

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "byabutik_request_id", default=None
)

# 10 or 12 digits with an optional - or + before the last four: the shapes of a personnummer.
_PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)")
_STANDARD_ATTRS = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__.keys()
    | {"message", "asctime", "color_message"}  # uvicorn's copy of the message with ANSI colours
)


def redact(text: str) -> str:
    """Mask every valid personal identity number: shaped like one, its check digit and date
    valid (a samordningsnummer too). Other digit runs are left as they are."""
    return _PERSONAL_NUMBER.sub(_mask_if_personal, text)


def _mask_if_personal(match: re.Match[str]) -> str:
    try:
        Personnummer.parse(match.group())
    except PersonnummerError:
        return match.group()
    return "[redacted]"


class _DemoteToDebug(logging.Filter):
    """Routine per-request lines of a library become debug records (shown at debug only)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO:
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger().isEnabledFor(logging.DEBUG)
        return True


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def _extras(record: logging.LogRecord) -> dict[str, object]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD_ATTRS}


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the record's extra fields as keys."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        for key, value in _extras(record).items():
            if value is not None:
                entry[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Readable lines for a developer's terminal."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        extras = " ".join(f"{k}={v}" for k, v in _extras(record).items() if v is not None)
        line = f"{stamp} {record.levelname:<7} {record.name}: {record.getMessage()}"
        if extras:
            line += f"  [{extras}]"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return redact(line)


def configure_logging(*, fmt: LogFormat, level: str = "INFO") -> None:
    """Send every logger's records to stderr in the chosen format (replaces earlier handlers)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(_RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # uvicorn keeps its own handlers unless told otherwise; route its records through ours.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    # One line per request: RequestIdMiddleware logs each (with its id and duration), so the
    # server's own access log would say everything twice.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    for name in ("httpx", "httpcore"):
        library = logging.getLogger(name)
        library.filters[:] = [f for f in library.filters if not isinstance(f, _DemoteToDebug)]
        library.addFilter(_DemoteToDebug())
