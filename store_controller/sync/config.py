"""The `[sync]` section of the controller's settings: how often, how much, how patiently."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from retail.wire import MAX_BATCH_ENTRIES

PUSH_BATCH_ENTRIES = 200
"""How many outbox entries one push carries at most, by default: after an outage the backlog
goes up in pushes of this many (fewer if `PUSH_BATCH_BYTES` is reached first)."""
BACKLOG_BATCH_ENTRIES = MAX_BATCH_ENTRIES
"""How many entries one push carries at most while a backlog waits (at least two pushes of
`PUSH_BATCH_ENTRIES`, as after an outage): the wire's own bound. A push's fixed costs at the
backoffice (the request, the device check, the cursor lock, the reads of what is held, the
commit) are then shared by more entries: pushes of 500 instead of 200 cost its workers and
database together ~15-20 % less CPU per entry (issue 23), which is what a drain of many stores
coming back at once is bound by. 500 typical entries are ~215 KB, under `PUSH_BATCH_BYTES` and
the backoffice's body limit (2 MiB); the byte bound still cuts a push of large entries short."""
PUSH_BATCH_BYTES = 512 * 1024


class SyncConfig(BaseModel):
    """Intervals in seconds; a push is bounded in entries and in bytes (the backoffice refuses
    bodies over its `sync_max_body_bytes`, 2 MiB by default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    push_interval_s: float = Field(default=2.0, ge=0.2, le=300)
    command_interval_s: float = Field(default=5.0, ge=1, le=600)
    catalog_interval_s: float = Field(default=60.0, ge=5, le=3600)
    stock_interval_s: float = Field(default=30.0, ge=5, le=3600)
    heartbeat_interval_s: float = Field(default=30.0, ge=5, le=3600)
    batch_max_entries: int = Field(default=PUSH_BATCH_ENTRIES, ge=1, le=MAX_BATCH_ENTRIES)
    backlog_batch_max_entries: int = Field(
        default=BACKLOG_BATCH_ENTRIES, ge=1, le=MAX_BATCH_ENTRIES
    )
    """The bound of a push while at least two pushes of `batch_max_entries` wait (never
    below `batch_max_entries`)."""
    batch_max_bytes: int = Field(default=PUSH_BATCH_BYTES, ge=16 * 1024, le=1536 * 1024)
    backoff_cap_s: float = Field(default=300.0, ge=5, le=3600)
    timeout_s: float = Field(default=10.0, ge=1, le=120)
