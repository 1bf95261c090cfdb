"""The journal's hash chain (pure): canonical JSON and the SHA-256 link of each entry."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64
"""The `prev_hash` of the first entry."""

_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
"""What `json.dumps` would build for these options on every call (it keeps only the default
options' encoder); an encoder holds no state between calls."""


def canonical_json(body: Any) -> str:
    """Sorted keys, no spaces, UTF-8 text: one byte string per content."""
    return _CANONICAL.encode(body)


def canonical_json_with(body: dict[str, Any], key: str, value_text: str) -> str:
    """`canonical_json({**body, key: value})` for a `value` whose canonical text `value_text`
    the caller has made already (a sale's, which its outbox row stores too): the same text,
    without encoding the value again."""
    members = [(name, canonical_json(value)) for name, value in body.items() if name != key]
    members.append((key, value_text))
    members.sort(key=lambda member: member[0])
    return "{" + ",".join(f"{canonical_json(name)}:{text}" for name, text in members) + "}"


def link_hash(prev_hash: str, body_text: str) -> str:
    """SHA-256 (hex) over the previous entry's hash, a newline and the canonical body."""
    return hashlib.sha256(f"{prev_hash}\n{body_text}".encode()).hexdigest()
