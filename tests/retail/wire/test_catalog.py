from datetime import UTC, datetime, time
from typing import Any

import pytest
from pydantic import ValidationError

from retail.wire import (
    MEMBER_HOURS,
    AccessPolicy,
    CatalogChanges,
    OpeningHours,
    PolicyRules,
    ScheduledPrice,
    StoreSettings,
    WeeklyHours,
)
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


def settings(**changes: Any) -> StoreSettings:
    return StoreSettings(display_name="Byabutiken i Ås", timezone="Europe/Stockholm", **changes)


def refused_field(changes: dict[str, Any]) -> tuple[tuple[str | int, ...], str]:
    """The one field the settings page is told is wrong, and why."""
    with pytest.raises(ValidationError) as caught:
        settings(**changes)
    [error] = caught.value.errors(include_input=False)
    return error["loc"], error["msg"]


def test_a_stores_organisation_and_vat_numbers_are_kept_in_their_written_form() -> None:
    kept = settings(org_number="2021005448", vat_number="SE202100544801")
    assert (kept.org_number, kept.vat_number) == ("202100-5448", "SE202100544801")


@pytest.mark.parametrize(
    ("changes", "field", "why"),
    [
        ({"org_number": "202100-5449"}, "org_number", "check digit"),
        ({"org_number": "640823-3234"}, "org_number", "third digit"),
        ({"org_number": "202100-544"}, "org_number", "ten digits"),
        ({"vat_number": "SE202100544901"}, "vat_number", "check digit"),
        ({"vat_number": "SE640823323401"}, "vat_number", "third digit"),
        ({"vat_number": "SE2021005448"}, "vat_number", "pattern"),
    ],
)
def test_a_wrong_organisation_or_vat_number_is_refused_naming_the_field(
    changes: dict[str, Any], field: str, why: str
) -> None:
    loc, message = refused_field(changes)
    assert loc == (field,)
    assert why in message


MEMBERS_EARLY = PolicyRules(
    minimum_age=15, member_hours=WeeklyHours(monday=["05:00-23:00"], sunday=[])
)


def test_a_policy_without_member_hours_is_sent_without_the_key() -> None:
    policy = AccessPolicy.of(4, PolicyRules(minimum_age=15))
    assert policy.version == 4
    assert MEMBER_HOURS not in policy.rules
    assert policy.rules["minimum_age"] == 15
    assert policy.for_features(frozenset()) == policy
    assert policy.typed() == PolicyRules(minimum_age=15)


def test_member_hours_reach_only_a_controller_that_named_them() -> None:
    policy = AccessPolicy.of(5, MEMBERS_EARLY)
    assert policy.for_features(frozenset({MEMBER_HOURS, "erased"})).typed() == MEMBERS_EARLY
    older = policy.for_features(frozenset({"erased"}))
    assert MEMBER_HOURS not in older.rules
    assert older.version == 5
    assert older.typed() == MEMBERS_EARLY.model_copy(update={"member_hours": None})
    assert MEMBER_HOURS in policy.rules  # the stored policy itself keeps them


def test_rules_that_are_not_a_policy_are_refused_when_typed() -> None:
    with pytest.raises(ValidationError, match="minimum_age"):
        AccessPolicy(version=1, rules={"minimum_age": "18"}).typed()
