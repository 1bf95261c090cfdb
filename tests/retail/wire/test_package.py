"""`retail.wire` loads each submodule when one of its names is first asked for (memory on a Pi 3,
issue 23), and every name it exports still comes from the package as before."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import retail.wire as wire


def test_every_exported_name_comes_from_the_package() -> None:
    for name in wire.__all__:
        value = getattr(wire, name)
        home = importlib.import_module(wire._HOME[name])
        assert value is getattr(home, name), name
    assert set(wire._HOME) == set(wire.__all__)
    assert len(wire.__all__) == len(set(wire.__all__))


def test_from_import_finds_a_model_and_its_validation_runs() -> None:
    from retail.wire import MAX_BATCH_ENTRIES, PushBatch, Severity

    assert Severity("critical") is Severity.CRITICAL
    assert PushBatch.model_fields["entries"].metadata[-1].max_length == MAX_BATCH_ENTRIES


def test_a_name_the_wire_does_not_export_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"'retail\.wire' has no attribute 'Basket'"):
        getattr(wire, "Basket")  # noqa: B009
    with pytest.raises(ImportError):
        from retail.wire import Basket  # type: ignore[attr-defined]  # noqa: F401  # mypy too


def test_dir_lists_every_exported_name() -> None:
    assert set(wire.__all__) <= set(dir(wire))


def loaded_after(code: str) -> list[str]:
    """The wire's submodules in a fresh interpreter after running `code`."""
    listing = "print(*sorted(m for m in sys.modules if m.startswith('retail.wire.')))"
    probe = f"import sys\n{code}\n{listing}"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return run.stdout.split()


def test_an_enum_loads_its_own_submodule_and_not_every_message() -> None:
    assert loaded_after("import retail.wire") == []
    assert loaded_after("from retail.wire import Severity") == [
        "retail.wire.common",
        "retail.wire.events",
    ]
    assert "retail.wire.sales" in loaded_after("from retail.wire import PushBatch")
    assert "retail.wire.envelope" not in loaded_after("from retail.wire import MAX_BATCH_ENTRIES")
