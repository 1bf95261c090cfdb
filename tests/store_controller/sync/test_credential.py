"""The credential file: owner-only, replaced atomically, never printed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from store_controller.sync.credential import (
    StoredCredential,
    credential_path,
    load_credential,
    save_credential,
)

CREDENTIAL = StoredCredential("https://bo.example", "byn-1", 7, "s3cret-token-" * 4)


def test_saved_owner_only_and_loaded_back(tmp_path: Path) -> None:
    path = save_credential(tmp_path / "data", CREDENTIAL)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_credential(tmp_path / "data") == CREDENTIAL
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_missing_means_not_enrolled(tmp_path: Path) -> None:
    assert load_credential(tmp_path) is None


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_credential(tmp_path, CREDENTIAL)

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        save_credential(tmp_path, StoredCredential("https://x", "other", 8, "x" * 43))
    assert load_credential(tmp_path) == CREDENTIAL
    assert [p.name for p in tmp_path.iterdir()] == [credential_path(tmp_path).name]


def test_the_token_is_not_in_the_repr() -> None:
    assert "s3cret" not in repr(CREDENTIAL)
