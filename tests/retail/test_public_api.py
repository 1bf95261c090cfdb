import importlib

import pytest


@pytest.mark.parametrize(
    "module", ["retail", "retail.bankgiro", "retail.barcodes", "retail.vat", "retail.wire"]
)
def test_every_exported_name_exists(module: str) -> None:
    package = importlib.import_module(module)
    missing = [name for name in package.__all__ if not hasattr(package, name)]
    assert missing == []


def test_the_checkout_entry_points_are_at_the_top() -> None:
    import retail

    scan = retail.parse_scan("7310865004703")
    assert isinstance(scan, retail.Scan)
    assert scan.product_key == "07310865004703"
    assert str(retail.Money(123450)) == "1\u00a0234,50\u00a0kr"
