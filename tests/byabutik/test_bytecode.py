"""A module compiled at import (no cached bytecode for the process's optimization level, or bytecode
of another version of its source) is named; one loaded from up-to-date bytecode is not."""

from __future__ import annotations

import importlib.util
import logging
import os
import py_compile
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from byabutik.runtime.bytecode import compiled_from_source


def module_at(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    return importlib.util.module_from_spec(spec)


def test_missing_or_stale_bytecode_is_named_and_compiled_bytecode_is_not(tmp_path: Path) -> None:
    source = tmp_path / "shelf.py"
    source.write_text('"""A shelf."""\nSIZE = 1\n')
    shelf = module_at(source)
    assert compiled_from_source([shelf, sys]) == ["shelf"]  # no bytecode; builtins have no file

    cached = importlib.util.cache_from_source(str(source))
    py_compile.compile(str(source), cfile=cached, doraise=True)
    assert compiled_from_source([shelf]) == []

    source.write_text('"""A shelf."""\nSIZE = 22\n')  # edited by hand: another size
    assert compiled_from_source([shelf]) == ["shelf"]

    invalidation = py_compile.PycInvalidationMode.CHECKED_HASH
    py_compile.compile(str(source), cfile=cached, doraise=True, invalidation_mode=invalidation)
    assert compiled_from_source([shelf]) == []  # a hash-checked file: the import checked it

    Path(cached).write_bytes(b"not bytecode at all")
    assert compiled_from_source([shelf]) == ["shelf"]


CHECK = """
import importlib.util, sys
from byabutik.runtime.bytecode import compiled_from_source
spec = importlib.util.spec_from_file_location("shelf", sys.argv[1])
print(compiled_from_source([importlib.util.module_from_spec(spec)]))
"""


def test_the_bytecode_of_the_process_optimization_level_is_the_one_looked_at(
    tmp_path: Path,
) -> None:
    source = tmp_path / "shelf.py"
    source.write_text('"""A shelf."""\nSIZE = 1\n')
    py_compile.compile(str(source), doraise=True)  # what pip leaves: no optimization

    def check(optimize: str) -> str:
        env = {**os.environ, "PYTHONOPTIMIZE": optimize}
        command = [sys.executable, "-c", CHECK, str(source)]
        return subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout

    assert check("0").strip() == "[]"
    assert check("2").strip() == "['shelf']"
    py_compile.compile(str(source), doraise=True, optimize=2)  # what install-store.sh adds
    assert check("2").strip() == "[]"


def test_a_production_start_names_what_it_compiled_and_the_fix(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from byabutik.runtime import bytecode
    from store_controller.cli import _say_what_was_compiled_at_start

    monkeypatch.setattr(bytecode, "compiled_from_source_here", lambda: [])
    with caplog.at_level(logging.WARNING):
        _say_what_was_compiled_at_start()
    assert caplog.records == []  # all from compiled bytecode: nothing to say

    monkeypatch.setattr(bytecode, "compiled_from_source_here", lambda: ["asyncio", "shelf"])
    with caplog.at_level(logging.WARNING):
        _say_what_was_compiled_at_start()
    (record,) = caplog.records
    assert record.getMessage().startswith("2 modules had no up-to-date compiled bytecode")
    assert "e.g. asyncio, shelf" in record.getMessage()
    assert "run deploy/install-store.sh again" in record.getMessage()
