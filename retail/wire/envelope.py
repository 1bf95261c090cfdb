"""The push batch a store sends, and the backoffice's acknowledgement.

Versioning: every batch and ack carries `protocol`. Messages reject unknown fields, so any change
to a message is a new `PROTOCOL_VERSION`. The backoffice accepts every version in
`SUPPORTED_PROTOCOL_VERSIONS` (the current one and, during a rollout, the previous one) and
answers in the batch's version; a store refused with an unsupported version must be updated.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Self

from pydantic import Field, field_validator, model_validator

from retail.wire.commands import CommandAck
from retail.wire.common import Sequence, SequenceMark, Slug, StrictInt, UtcDateTime, WireModel
from retail.wire.events import Alert, Heartbeat, StockMovement, UnknownBarcode, Visit
from retail.wire.reports import ZReport
from retail.wire.sales import Sale

PROTOCOL_VERSION = 1
SUPPORTED_PROTOCOL_VERSIONS = frozenset({1})
MAX_BATCH_ENTRIES = 500

OutboxPayload = Annotated[
    Sale | StockMovement | Visit | Alert | Heartbeat | UnknownBarcode | ZReport | CommandAck,
    Field(discriminator="kind"),
]
"""Everything a store reports, told apart by `kind` (the outbox row's kind column)."""


def check_protocol(version: int) -> int:
    """`version` if supported, else `ValueError` naming the supported ones."""
    if version not in SUPPORTED_PROTOCOL_VERSIONS:
        supported = ", ".join(str(v) for v in sorted(SUPPORTED_PROTOCOL_VERSIONS))
        raise ValueError(f"protocol {version} is not supported (supported: {supported})")
    return version


class OutboxEntry(WireModel):
    """One message with the store's gap-free sequence number."""

    seq: Sequence
    created_at: UtcDateTime
    payload: OutboxPayload


class PushBatch(WireModel):
    """Consecutive outbox entries of one store, oldest first."""

    protocol: StrictInt
    store_id: Slug
    entries: Annotated[tuple[OutboxEntry, ...], Field(min_length=1, max_length=MAX_BATCH_ENTRIES)]

    _check_protocol = field_validator("protocol")(check_protocol)

    @model_validator(mode="after")
    def _consecutive(self) -> Self:
        for before, after in pairwise(self.entries):
            if after.seq != before.seq + 1:
                raise ValueError("entries carry consecutive sequence numbers")
        return self


class PushAck(WireModel):
    """The backoffice holds every entry of the store up to `acked_through` (0: none yet)."""

    protocol: StrictInt
    store_id: Slug
    acked_through: SequenceMark

    _check_protocol = field_validator("protocol")(check_protocol)


def highest_contiguous(held: set[int], start: int = 0) -> int:
    """The highest n such that every sequence number in start+1..n is in `held`."""
    highest = start
    while highest + 1 in held:
        highest += 1
    return highest
