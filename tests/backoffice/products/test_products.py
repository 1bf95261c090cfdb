"""Products: saved with GTINs and pack content, searched, priced per store, scheduled across the
2026 food VAT change, and each change pulled by the stores, which say when they hold it."""

from __future__ import annotations

from datetime import UTC, datetime

from retail.barcodes import with_check_digit
from tests.backoffice.products.conftest import Clock, Owner
from tests.store_controller.sync.harness import ADMIN

MILK = "7310865071804"


def test_a_saved_product_reaches_the_store_with_its_comparison_price(owner: Owner) -> None:
    owner.store("byn-a")
    saved = owner.put(
        "mjolk",
        name="Mellanmjölk 1,5 %",
        brand="Arla",
        category="Mejeri",
        gtins=[MILK],
        price_ore=1895,
        deposit="none",
        content_amount=1500,
        content_unit="ml",
        essential=True,
    )
    assert saved["gtins"] == ["0" + MILK]
    assert saved["comparison"] == {"ore": 1263, "per": "l", "label": "Jfr-pris 12,63 kr/l"}
    assert saved["vat_rate_bp"] == 600  # food, late 2026
    assert saved["stores"] == [
        {
            "store": "byn-a",
            "price_ore": 1895,
            "comparison": saved["comparison"],
            "store_revision": None,
            "applied": False,
        }
    ]
    pulled = owner.pull("byn-a")
    (product,) = pulled.products
    assert (product.sku, product.price_ore, product.gtins) == ("mjolk", 1895, ("0" + MILK,))
    owner.applied("byn-a", pulled.revision)
    detail = owner.client.get("/api/admin/products/mjolk", headers=ADMIN).json()
    assert detail["stores"][0]["applied"] is True


def test_weight_goods_compare_per_kilogram_and_cans_carry_pant(owner: Owner) -> None:
    owner.store("byn-a")
    cheese = owner.put("ost", unit="kg", price_ore=12900, article="23123400")
    assert cheese["comparison"]["label"] == "Jfr-pris 129,00 kr/kg"
    owner.put("cola", vat_class="food", deposit="small", content_amount=330, content_unit="ml")
    owner.put("ol", vat_class="standard", deposit="small", age_limit=18)
    pulled = {p.sku: p for p in owner.pull("byn-a").products}
    assert (pulled["ost"].unit, pulled["ost"].article) == ("kg", "23123400")
    assert (pulled["cola"].pant_ore, pulled["ol"].pant_ore, pulled["ol"].age_limit) == (
        100,
        100,
        18,
    )
    plain = owner.put("tval")
    assert plain["comparison"] is None


def test_a_price_scheduled_across_the_food_vat_change(owner: Owner, clock: Clock) -> None:
    """The food rate falls from 12 % to 6 % at midnight 1 April 2026, Swedish time."""
    clock.now = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
    owner.store("byn-a")
    owner.put("brod", price_ore=3400, content_amount=500, content_unit="g")
    midnight = datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    scheduled = owner.client.post(
        "/api/admin/products/brod/prices",
        json={"price_ore": 3200, "effective_at": midnight.isoformat()},
        headers=ADMIN,
    ).json()
    assert (scheduled["price_ore"], scheduled["vat_rate_bp"]) == (3400, 1200)
    assert [p["pending"] for p in scheduled["prices"]] == [True, False]
    before = owner.pull("byn-a")
    (product,) = before.products
    assert product.price_ore == 3400
    assert [(p.price_ore, p.effective_at) for p in product.scheduled_prices] == [(3200, midnight)]

    clock.now = midnight
    after = owner.client.get("/api/admin/products/brod", headers=ADMIN).json()
    assert (after["price_ore"], after["vat_rate_bp"]) == (3200, 600)
    assert after["comparison"]["label"] == "Jfr-pris 64,00 kr/kg"
    assert [(p["price_ore"], p["pending"]) for p in after["prices"]] == [
        (3200, False),
        (3400, False),
    ]
    delta = owner.pull("byn-a", since=before.revision)
    (product,) = delta.products
    assert (product.price_ore, product.scheduled_prices) == (3200, ())
    assert delta.revision > before.revision


def test_a_store_price_of_its_own_until_a_later_price_for_all(owner: Owner, clock: Clock) -> None:
    owner.store("byn-a")
    owner.store("byn-b")
    owner.put("kaffe", price_ore=5990)
    own = owner.client.post(
        "/api/admin/products/kaffe/prices",
        json={"price_ore": 6490, "store": "byn-a"},
        headers=ADMIN,
    ).json()
    assert {s["store"]: s["price_ore"] for s in own["stores"]} == {"byn-a": 6490, "byn-b": 5990}
    assert own["price_ore"] == 5990
    assert owner.pull("byn-a").products[0].price_ore == 6490
    assert owner.pull("byn-b").products[0].price_ore == 5990

    later = clock.now.replace(year=clock.now.year + 1)
    owner.client.post(
        "/api/admin/products/kaffe/prices",
        json={"price_ore": 6990, "effective_at": later.isoformat(), "store": "byn-b"},
        headers=ADMIN,
    )
    owner.client.post(
        "/api/admin/products/kaffe/prices",
        json={"price_ore": 5490, "effective_at": later.isoformat()},
        headers=ADMIN,
    )
    first = owner.pull("byn-b")
    assert [p.price_ore for p in first.products[0].scheduled_prices] == [6990]
    clock.now = later
    prices = {p.sku: p.price_ore for p in owner.pull("byn-a").products}
    assert prices == {"kaffe": 5490}
    assert owner.pull("byn-b", since=first.revision).products[0].price_ore == 6990


def test_a_pending_price_can_be_taken_back_a_past_one_cannot(owner: Owner, clock: Clock) -> None:
    owner.put("te", price_ore=2500)
    later = clock.now.replace(year=clock.now.year + 1).isoformat()
    detail = owner.client.post(
        "/api/admin/products/te/prices",
        json={"price_ore": 2700, "effective_at": later},
        headers=ADMIN,
    ).json()
    pending, past = detail["prices"]
    gone = owner.client.delete(f"/api/admin/products/te/prices/{pending['id']}", headers=ADMIN)
    assert gone.status_code == 204
    kept = owner.client.delete(f"/api/admin/products/te/prices/{past['id']}", headers=ADMIN)
    assert kept.status_code == 409
    missing = owner.client.delete("/api/admin/products/te/prices/99999", headers=ADMIN)
    assert missing.status_code == 404
    prices = owner.client.get("/api/admin/products/te", headers=ADMIN).json()["prices"]
    assert [p["price_ore"] for p in prices] == [2500]


def test_bad_products_are_refused_and_change_nothing(owner: Owner) -> None:
    owner.put("mjolk", gtins=[MILK])
    bad_digit = MILK[:-1] + str((int(MILK[-1]) + 1) % 10)
    cases: list[tuple[dict[str, object], int]] = [
        ({"gtins": [bad_digit]}, 422),
        ({"gtins": [MILK]}, 409),
        ({"gtins": [with_check_digit("731000000001")] * 2}, 409),
        ({"content_amount": 500}, 409),
        ({"price_ore": -1}, 422),
        ({"sku": "other"}, 409),
    ]
    for fields, status in cases:
        body = {"sku": "fil", "name": "Fil", "price_ore": 1000, "vat_class": "food"} | fields
        answer = owner.client.put("/api/admin/products/fil", json=body, headers=ADMIN)
        assert answer.status_code == status, (fields, answer.text)
    assert owner.client.get("/api/admin/products/fil", headers=ADMIN).status_code == 404
    assert owner.client.get("/api/admin/products", headers=ADMIN).json()["total"] == 1


def test_search_and_filters(owner: Owner) -> None:
    owner.put("mjolk", name="Mellanmjölk", brand="Arla", category="Mejeri", gtins=[MILK])
    owner.put("fil", name="Filmjölk", brand="Arla", category="Mejeri", essential=True)
    owner.put(
        "kaffe", name="Bryggkaffe 100%", brand="Zoégas", category="Skafferi", supplier="Dagab"
    )

    def skus(**params: str | int) -> list[str]:
        page = owner.client.get("/api/admin/products", params=params, headers=ADMIN).json()
        return [item["sku"] for item in page["items"]]

    assert skus(q="mjölk") == ["fil", "mjolk"]
    assert skus(q="arla mellan") == ["mjolk"]
    assert skus(q=MILK) == ["mjolk"]
    assert skus(q="100%") == ["kaffe"]
    assert skus(q="10_") == []
    assert skus(category="Mejeri", essential="true") == ["fil"]
    assert skus(supplier="Dagab") == ["kaffe"]
    assert skus(limit=1, offset=1) == ["fil"]  # by name: Bryggkaffe, Filmjölk, Mellanmjölk
    updated = owner.put("fil", name="Filmjölk", brand="Arla", category="Mejeri", price_ore=1000)
    assert len(updated["prices"]) == 1


def test_search_swedish_letters_whole_gtins_and_nothing(owner: Owner) -> None:
    owner.put("ost", name="Östgöta Ädelost", brand="Åbro", gtins=[MILK])
    owner.put("sylt", name="Lingonsylt", brand="Önos", gtins=["73500001"])  # an EAN-8
    owner.put("snus", name="Portionssnus", gtins=["07310865000002"])  # a GTIN-14

    def skus(q: str) -> list[str]:
        page = owner.client.get("/api/admin/products", params={"q": q}, headers=ADMIN).json()
        return [item["sku"] for item in page["items"]]

    assert skus("ÖSTGÖTA") == skus("östgöta") == skus("ädel ÅBRO") == ["ost"]
    assert skus("ÖNOS") == ["sylt"]
    assert skus(MILK) == skus("0" + MILK) == skus("000" + MILK) == ["ost"]
    assert skus("73500001") == skus("0000073500001") == ["sylt"]
    assert skus("7310865000002") == skus("07310865000002") == ["snus"]
    assert skus("7310865") == ["snus", "ost"]  # a prefix is searched as text, by name
    assert skus("") == skus("   ") == ["sylt", "snus", "ost"]  # everything, by name
