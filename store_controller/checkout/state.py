"""The kiosk's state types: what phase it shows and what it tells the customer."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

from store_controller.i18n import Text

KIOSK_TOPIC = "kiosk"
RECEIPT_SHOWN_S = 60.0
LAST_PURCHASE_S = 15 * 60.0
"""How long the idle kiosk offers the register's latest receipt ("your last purchase")."""


class Phase(enum.StrEnum):
    """What the kiosk shows."""

    IDLE = "idle"
    SHOPPING = "shopping"
    PAYING = "paying"
    PAID = "paid"


@dataclass(frozen=True, slots=True)
class Notice:
    text: Text
    level: Literal["info", "error"] = "info"
