"""The push batch a store sends, and the backoffice's acknowledgement.

Versioning: every batch and ack carries `protocol`. Messages reject unknown fields, so any change
to a message is a new `PROTOCOL_VERSION`. The backoffice accepts every version in
`SUPPORTED_PROTOCOL_VERSIONS` (the current one and, during a rollout, the previous one) and
answers in the batch's version; a store refused with an unsupported version must be updated.

History: 1, the first. 2: `PushAck.quarantined` names the entries of the batch the backoffice
refused and kept in quarantine (a version 1 ack never carries the field; a version 1 store marks
them acknowledged like the rest). 3: entries may be `PaymentRecord`s (kind "payment"); a batch of
an older version carrying one has it refused (quarantined), the rest of the batch flows.

A push is read in two steps so that one refused entry never refuses the batch: `PushEnvelope`
checks what makes a batch (version, store, consecutive sequence numbers) and keeps each entry as
sent; `PushEnvelope.checked` then validates each entry alone, into `OutboxEntry`s and
`RefusedEntry`s (the entry as sent, with the errors naming its fields).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Annotated, Any, Self

from pydantic import (
    Field,
    JsonValue,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from retail.wire.commands import CommandAck
from retail.wire.common import (
    MAX_BATCH_ENTRIES,
    Sequence,
    SequenceMark,
    Slug,
    StrictInt,
    UtcDateTime,
    WireModel,
)
from retail.wire.events import Alert, Heartbeat, StockMovement, UnknownBarcode, Visit
from retail.wire.payments import PAYMENT_RECORD_PROTOCOL, PaymentRecord
from retail.wire.reports import ZReport
from retail.wire.sales import Sale

PROTOCOL_VERSION = 3
SUPPORTED_PROTOCOL_VERSIONS = frozenset({1, 2, 3})
QUARANTINE_PROTOCOL = 2
"""The first version whose ack names the quarantined entries."""

OutboxMessage = (
    Sale
    | StockMovement
    | Visit
    | Alert
    | Heartbeat
    | UnknownBarcode
    | ZReport
    | CommandAck
    | PaymentRecord
)
"""Every kind of message a store queues for the backoffice."""

OutboxPayload = Annotated[OutboxMessage, Field(discriminator="kind")]
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
        _check_consecutive([e.seq for e in self.entries])
        return self


def _check_consecutive(seqs: list[int]) -> None:
    for before, after in pairwise(seqs):
        if after != before + 1:
            raise ValueError("entries carry consecutive sequence numbers")


class SentEntry(WireModel):
    """An entry as sent, its sequence number checked and the rest kept as it came (JSON
    values from `load_json`: not validated twice, that is `checked`'s work)."""

    seq: Sequence
    created_at: Any
    payload: Any


@dataclass(frozen=True)
class RefusedEntry:
    """An entry its checks refused: `entry` as sent, `reason` naming each field at fault."""

    seq: int
    kind: str
    reason: str
    entry: dict[str, JsonValue]


class PushEnvelope(WireModel):
    """A `PushBatch` read without looking into its entries (see the module's docstring)."""

    protocol: StrictInt
    store_id: Slug
    entries: Annotated[tuple[SentEntry, ...], Field(min_length=1, max_length=MAX_BATCH_ENTRIES)]

    _check_protocol = field_validator("protocol")(check_protocol)

    @model_validator(mode="after")
    def _consecutive(self) -> Self:
        _check_consecutive([e.seq for e in self.entries])
        return self

    def checked(self) -> tuple[list[OutboxEntry], list[RefusedEntry]]:
        """Each entry validated alone, in order: those that pass and those refused. (All at
        once first: the usual batch, where every entry passes, costs no more than a
        `PushBatch`.)"""
        raws = [
            {"seq": e.seq, "created_at": e.created_at, "payload": e.payload} for e in self.entries
        ]
        try:
            return self._known_in_version(list(_ENTRIES.validate_python(raws)), [], raws)
        except ValidationError:
            pass  # which ones, one at a time
        valid: list[OutboxEntry] = []
        refused: list[RefusedEntry] = []
        for raw in raws:
            try:
                valid.append(OutboxEntry.model_validate(raw))
            except ValidationError as exc:
                payload = raw["payload"]
                kind = payload.get("kind") if isinstance(payload, dict) else None
                shown = kind if isinstance(kind, str) and kind.isidentifier() else "unknown"
                refused.append(RefusedEntry(raw["seq"], shown[:40], describe(exc), raw))
        return self._known_in_version(valid, refused, raws)

    def _known_in_version(
        self, valid: list[OutboxEntry], refused: list[RefusedEntry], raws: list[dict[str, Any]]
    ) -> tuple[list[OutboxEntry], list[RefusedEntry]]:
        """A payment record in a batch older than protocol 3 is refused (its version has no
        such kind: a foreign or broken client), never applied."""
        if self.protocol >= PAYMENT_RECORD_PROTOCOL:
            return valid, refused
        by_seq = {raw["seq"]: raw for raw in raws}
        kept: list[OutboxEntry] = []
        for entry in valid:
            if isinstance(entry.payload, PaymentRecord):
                reason = f"payload.kind: payment is a kind of protocol {PAYMENT_RECORD_PROTOCOL} on"
                refused.append(RefusedEntry(entry.seq, "payment", reason, by_seq[entry.seq]))
            else:
                kept.append(entry)
        refused.sort(key=lambda r: r.seq)
        return kept, refused


_ENTRIES = TypeAdapter(tuple[OutboxEntry, ...])


def describe(error: ValidationError, *, limit: int = 1000) -> str:
    """ "field.path: message" for each error, joined by "; " (no input is ever quoted)."""
    text = "; ".join(
        f"{'.'.join(str(part) for part in e['loc']) or '(entry)'}: {e['msg']}"
        for e in error.errors(include_input=False, include_url=False)
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


class PushAck(WireModel):
    """The backoffice holds every entry of the store up to `acked_through` (0: none yet).

    `quarantined` (version 2 on): the entries of this batch it refused and keeps in quarantine;
    they count as held. A version 1 ack never carries it (`for_version`)."""

    protocol: StrictInt
    store_id: Slug
    acked_through: SequenceMark
    quarantined: Annotated[tuple[Sequence, ...], Field(max_length=MAX_BATCH_ENTRIES)] = ()

    _check_protocol = field_validator("protocol")(check_protocol)

    @model_validator(mode="after")
    def _known_in_version(self) -> Self:
        if self.quarantined and self.protocol < QUARANTINE_PROTOCOL:
            raise ValueError(f"quarantined is a field of protocol {QUARANTINE_PROTOCOL} on")
        return self

    def as_json(self) -> dict[str, JsonValue]:
        """The ack as its version writes it (version 1 has no `quarantined`)."""
        exclude = {"quarantined"} if self.protocol < QUARANTINE_PROTOCOL else None
        return self.model_dump(mode="json", exclude=exclude)


def highest_contiguous(held: set[int], start: int = 0) -> int:
    """The highest n such that every sequence number in start+1..n is in `held`."""
    highest = start
    while highest + 1 in held:
        highest += 1
    return highest
