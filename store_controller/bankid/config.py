"""BankID configuration: which environment, and the relying party's certificate.

The controller's TOML file holds this under `[bankid]`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class BankIdConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    environment: str = "simulator"
