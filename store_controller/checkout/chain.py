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


def link_hash(prev_hash: str, body_text: str) -> str:
    """SHA-256 (hex) over the previous entry's hash, a newline and the canonical body."""
    return hashlib.sha256(f"{prev_hash}\n{body_text}".encode()).hexdigest()
