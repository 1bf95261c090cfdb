"""The door's BankID client, built on first use from `settings.bankid`.

Built lazily like the checkout's age verifier (`BankIdAgeVerifier.from_config` builds its own
client the same way): a missing or broken certificate then only affects logins, which show
"BankID cannot be reached" and raise an alert, and never stops the controller from starting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bankid_rp.config import BankIdConfig

if TYPE_CHECKING:
    from bankid_rp.client import BankIdClient


def build_bankid_client(config: BankIdConfig) -> BankIdClient:
    """A client for the configured environment (simulator, test or production)."""
    from bankid_rp.client import BankIdClient  # httpx and TLS on the first login, not at start

    return BankIdClient.from_config(config)


class LazyBankIdClient:
    """Holds one client, made by `factory` on the first `get()`; a failed build is retried."""

    def __init__(self, factory: Callable[[], BankIdClient]) -> None:
        self._factory = factory
        self._client: BankIdClient | None = None

    def get(self) -> BankIdClient:
        if self._client is None:
            self._client = self._factory()
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
