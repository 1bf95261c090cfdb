"""Injected failures for tests and demos: error codes, non-JSON bodies and slow answers."""

from __future__ import annotations

import random
from dataclasses import dataclass

ERROR_STATUS: dict[str, int] = {
    "invalidParameters": 400,
    "alreadyInProgress": 400,
    "unauthorized": 401,
    "notFound": 404,
    "methodNotAllowed": 405,
    "requestTimeout": 408,
    "unsupportedMediaType": 415,
    "tooManyRequests": 429,
    "internalError": 500,
    "maintenance": 503,
}


@dataclass
class Fault:
    """What the next `times` requests to `path` ("*" = any) get instead of, or before, the answer.

    `error`: answer with this errorCode (any string; unknown ones get `status`, default 400).
    `non_json`: answer `status` (default 502) with an HTML body, as a proxy would.
    `delay`: wait this many seconds first (then answer normally unless error/non_json is set).
    """

    path: str = "*"
    error: str | None = None
    status: int | None = None
    non_json: bool = False
    delay: float = 0.0
    times: int = 1

    @property
    def http_status(self) -> int:
        if self.status is not None:
            return self.status
        if self.non_json:
            return 502
        return ERROR_STATUS.get(self.error or "", 400)


RANDOM_ERRORS = ("alreadyInProgress", "maintenance", "requestTimeout", "internalError")


class FaultInjector:
    """A queue of faults, consumed in order by matching requests; optionally random ones too.

    With `rate` > 0, a request that matches no queued fault gets one of `RANDOM_ERRORS` with that
    probability (on auth, sign and phone orders only; alreadyInProgress makes no sense elsewhere).
    """

    def __init__(self, *, rate: float = 0.0, rng: random.Random | None = None) -> None:
        self._faults: list[Fault] = []
        self.rate = rate
        self._rng = rng or random.Random()  # noqa: S311 - test noise, not security

    def add(self, fault: Fault) -> None:
        self._faults.append(fault)

    def clear(self) -> None:
        self._faults.clear()

    def take(self, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.path in {"*", path}:
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return self._random(path)

    def _random(self, path: str) -> Fault | None:
        if self.rate <= 0 or self._rng.random() >= self.rate:
            return None
        choices = (
            RANDOM_ERRORS
            if path in {"auth", "sign", "phone/auth", "phone/sign"}
            else RANDOM_ERRORS[1:]
        )
        return Fault(path=path, error=self._rng.choice(choices))
