"""What the admin API reads and answers about stores."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class StoreCreate(BaseModel):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    name: str = Field(min_length=1, max_length=200)
    org_number: str = Field(default="", max_length=20)
    address: str = Field(default="", max_length=300)


class StoreRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    slug: str
    name: str
    org_number: str
    address: str
    created_at: datetime


class EnrollmentCodeRead(BaseModel):
    code: str
    expires_at: datetime


class RevokedRead(BaseModel):
    revoked_devices: int


class SaleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sale_id: UUID
    register_id: str
    receipt_number: int
    occurred_at: datetime
    total_ore: int
    received_at: datetime


class StockRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    product_key: str
    quantity: int
    weight_g: int
    updated_at: datetime
