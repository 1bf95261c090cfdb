"""Each app's models module imports every table, so Alembic's comparison and a fresh database
made from the metadata hold every table, whichever test imported what before."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def declares_table(node: ast.stmt) -> bool:
    """A module-level ORM class with __tablename__, or `name = Table(...)` on a shared metadata
    (a `Table(name, MetaData(), ...)` is a scratch table of its own, e.g. a TEMPORARY one, and not
    part of the schema the migrations make)."""
    if isinstance(node, ast.ClassDef):
        return any(
            isinstance(item, ast.Assign | ast.AnnAssign)
            and any(
                isinstance(target, ast.Name) and target.id == "__tablename__"
                for target in (item.targets if isinstance(item, ast.Assign) else [item.target])
            )
            for item in node.body
        )
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
        call = node.value
        if not (isinstance(call.func, ast.Name) and call.func.id == "Table"):
            return False
        own_metadata = (
            len(call.args) > 1
            and isinstance(call.args[1], ast.Call)
            and isinstance(call.args[1].func, ast.Name)
            and call.args[1].func.id == "MetaData"
        )
        return not own_metadata
    return False


def table_modules(package: str) -> set[str]:
    """Modules of `package` that declare a table (an ORM class with __tablename__ or a Table)."""
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(declares_table(node) for node in tree.body):
            found.add(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


@pytest.mark.parametrize("package", ["backoffice", "store_controller"])
def test_the_models_module_imports_every_table(package: str) -> None:
    # A fresh interpreter: what the models module imports, not what other tests loaded.
    script = (
        "import sys, importlib; importlib.import_module(sys.argv[1] + '.db.models'); "
        "print('\\n'.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script, package], check=True, capture_output=True, text=True
    ).stdout.split()
    missing = sorted(table_modules(package) - set(loaded))
    assert missing == [], f"{package}.db.models does not import: {missing}"
