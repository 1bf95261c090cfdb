"""The door core stays pure: no I/O library, no driver, no clock of its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import store_controller.door

PACKAGE = Path(store_controller.door.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))
ALLOWED = {
    "__future__",
    "collections",
    "dataclasses",
    "datetime",
    "enum",
    "functools",
    "math",
    "pydantic",
    "re",
    "typing",
    "zoneinfo",
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_imports_only_pure_things(path: Path) -> None:
    for name in _imports(path):
        root = name.split(".")[0]
        if root == "store_controller":
            assert name.startswith("store_controller.door."), name
        else:
            assert root in ALLOWED, f"{path.name} imports {name}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_reads_no_clock(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    for call in (".now(", ".today(", ".utcnow(", "monotonic(", "sleep("):
        assert call not in source, f"{path.name} calls {call}"
