from datetime import UTC, datetime, time
from typing import Any

import pytest
from pydantic import ValidationError

from retail.wire import AccessPolicy, CatalogChanges, OpeningHours, ScheduledPrice, StoreSettings
from tests.retail.wire.factories import catalog_changes, product


def test_catalog_page_round_trips() -> None:
    page = catalog_changes()
    assert CatalogChanges.model_validate_json(page.model_dump_json()) == page
    assert page.products[0].unit == "piece"
    assert page.products[0].active


def test_revision_never_goes_back() -> None:
    with pytest.raises(ValidationError, match="never goes back"):
        catalog_changes(since_revision=13)


def test_scheduled_prices_ascend() -> None:
    later = ScheduledPrice(price_ore=1, effective_at=datetime(2027, 1, 1, tzinfo=UTC))
    earlier = ScheduledPrice(price_ore=2, effective_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert product(scheduled_prices=(earlier, later)).scheduled_prices[1] == later
    with pytest.raises(ValidationError, match="ascending"):
        product(scheduled_prices=(later, earlier))
    with pytest.raises(ValidationError, match="ascending"):
        product(scheduled_prices=(later, later))


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"gtins": ("7310865004703",)}, "pattern"),
        ({"gtins": ("07310865004703",) * 21}, "at most 20"),
        ({"article": "73123456"}, "pattern"),
        ({"sku": "with space"}, "pattern"),
        ({"price_ore": -1}, "greater than or equal"),
        ({"age_limit": 26}, "less than or equal"),
        ({"pant_ore": 10_001}, "less than or equal"),
        ({"unit": "litre"}, "piece"),
    ],
)
def test_product_rules(changes: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        product(**changes)


def test_weighed_product() -> None:
    potatoes = product(sku="POTATIS", gtins=(), article="23012340", unit="kg", price_ore=2000)
    assert potatoes.article == "23012340"


def test_opening_hours_close_after_opening() -> None:
    with pytest.raises(ValidationError, match="closes after it opens"):
        OpeningHours(weekday=0, opens=time(22), closes=time(6))


@pytest.mark.parametrize("zone", ["Europe/Stockholm", "UTC", "America/Argentina/Buenos_Aires"])
def test_timezone_names(zone: str) -> None:
    assert StoreSettings(display_name="B", timezone=zone).timezone == zone


@pytest.mark.parametrize("zone", ["", "../etc/passwd", "Europe Stockholm"])
def test_bad_timezone_names(zone: str) -> None:
    with pytest.raises(ValidationError):
        StoreSettings(display_name="B", timezone=zone)


def test_access_policy_is_opaque_but_bounded() -> None:
    policy = AccessPolicy(version=2, rules={"hours": [[6, 23]], "nested": {"a": [1, 2]}})
    assert policy.rules["nested"] == {"a": [1, 2]}
    with pytest.raises(ValidationError, match="at most 16384 bytes"):
        AccessPolicy(version=1, rules={"blob": "x" * 20_000})
    with pytest.raises(ValidationError, match="at most 64"):
        AccessPolicy(version=1, rules={f"k{i}": i for i in range(65)})
