"""The checks of the test command catch what they are there to catch.

Each check runs with the project's own configuration on a small throw-away tree: clean, it
passes; with one deliberate fault (a broken import rule, a type error, a lint error), it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent
PACKAGES = ["retail", "drivers", "store_controller", "backoffice", "byabutik", "byabutik/runtime"]


def make_tree(tmp_path: Path, files: dict[str, str]) -> Path:
    tmp_path.mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for package in PACKAGES:
        (tmp_path / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "__init__.py").write_text('"""A package."""\n')
    for module in ("byabutik/cli.py", "byabutik/demo.py", "byabutik/demo_data.py"):
        (tmp_path / module).write_text('"""A module."""\n')
    for name in ("tests", "bench"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    for path, text in files.items():
        (tmp_path / path).write_text(text)
    return tmp_path


def check(tool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd), "PYTHONSAFEPATH": "1"}
    return subprocess.run(
        [str(BIN / tool), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


GOOD_MODULE = '"""Money."""\n\n\ndef total(prices: list[int]) -> int:\n    return sum(prices)\n'


@pytest.mark.parametrize(
    ("fault", "files"),
    [
        ("retail importing an I/O library", {"retail/io.py": '"""X."""\n\nimport sqlalchemy\n'}),
        ("retail importing an app", {"retail/io.py": '"""X."""\n\nimport store_controller\n'}),
        ("backoffice importing the controller", {"backoffice/x.py": "import store_controller\n"}),
        ("drivers importing the controller", {"drivers/x.py": "import store_controller\n"}),
        ("plumbing importing an app", {"byabutik/runtime/x.py": "import backoffice\n"}),
    ],
)
def test_import_rules_catch_a_forbidden_import(
    tmp_path: Path, fault: str, files: dict[str, str]
) -> None:
    clean = check("lint-imports", cwd=make_tree(tmp_path / "clean", {}))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = check("lint-imports", cwd=make_tree(tmp_path / "broken", files))
    assert broken.returncode != 0, f"{fault} was not caught:\n{broken.stdout}"
    assert "BROKEN" in broken.stdout


def test_mypy_strict_catches_a_type_error(tmp_path: Path) -> None:
    clean = check("mypy", "retail", cwd=make_tree(tmp_path / "clean", {"retail/m.py": GOOD_MODULE}))
    assert clean.returncode == 0, clean.stdout
    untyped = GOOD_MODULE.replace("prices: list[int]) -> int", "prices)")
    broken = check("mypy", "retail", cwd=make_tree(tmp_path / "broken", {"retail/m.py": untyped}))
    assert broken.returncode != 0
    assert "no-untyped-def" in broken.stdout


def test_ruff_catches_a_lint_error_and_bad_formatting(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "clean", {"retail/m.py": GOOD_MODULE})
    assert check("ruff", "check", ".", cwd=tree).returncode == 0
    assert check("ruff", "format", "--check", ".", cwd=tree).returncode == 0

    unused = "import os\n" + GOOD_MODULE
    tree = make_tree(tmp_path / "lint", {"retail/m.py": unused})
    result = check("ruff", "check", ".", cwd=tree)
    assert result.returncode != 0
    assert "F401" in result.stdout

    ugly = GOOD_MODULE.replace("return sum(prices)", "return sum( prices )")
    tree = make_tree(tmp_path / "format", {"retail/m.py": ugly})
    assert check("ruff", "format", "--check", ".", cwd=tree).returncode != 0
