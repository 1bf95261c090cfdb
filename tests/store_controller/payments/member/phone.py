"""The BankID simulator's phone, driven over its HTTP API.

Calling the simulator's store from the test thread races its server thread (a collect can see
an order "complete" before its completion data is set); the HTTP API runs on the server's loop.
"""

from __future__ import annotations

import ssl

import httpx

from bankid_rp.simulator.embedded import EmbeddedSimulator
from tests.waits import WAIT_S


def approve(bankid: EmbeddedSimulator, ref: str, personal_number: str) -> None:
    """Scan the kiosk's live QR of order `ref` and approve it as `personal_number`."""
    root = bankid.base_url.removesuffix("/rp/v6.0/")
    with httpx.Client(
        base_url=root, verify=ssl.create_default_context(cafile=bankid.files.ca), timeout=WAIT_S
    ) as client:
        client.post(f"/phone/api/orders/{ref}/scan-live").raise_for_status()
        answer = client.post(
            f"/phone/api/orders/{ref}/approve", json={"personalNumber": personal_number}
        )
        answer.raise_for_status()
