"""Hardware configuration: which device sits where, and whether it is real or simulated.

The controller's TOML file holds this under `[hardware]`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class HardwareConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    simulated: bool = True
