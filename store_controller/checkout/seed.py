"""A small Swedish village-shop assortment for the demo and the tests (fictional codes).

GTINs are made-up 73x (Swedish) numbers with valid check digits; weight and price labels use the
8-digit articles of Swedish 2X codes (23: weight in grams, 20: price in öre). Pant and folköl
VAT follow swedish-retail.md (folköl as food is UNVERIFIED there).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from retail import VatClass
from retail.barcodes import to_gtin14, with_check_digit
from store_controller.checkout.catalog import SoldBy
from store_controller.checkout.catalog_store import ProductSpec, catalog_is_empty, put_product


def gtin(body12: str) -> str:
    """A 13-digit EAN from 12 digits (check digit added), as the GTIN-14 catalog key."""
    return to_gtin14(with_check_digit(body12))


MJOLK = with_check_digit("731000000001")
BROD = with_check_digit("731000000002")
KAFFE = with_check_digit("731000000003")
SNUS = with_check_digit("731000000004")
FOLKOL = with_check_digit("731000000005")
ALVEDON = with_check_digit("731000000006")
LASK = with_check_digit("731000000007")
BATTERIER = with_check_digit("731000000008")
ENERGIDRYCK = with_check_digit("731000000009")
TIDNING = with_check_digit("977123456700")
BANANER_ARTICLE = "23000100"
OST_ARTICLE = "23000200"
BULLAR_ARTICLE = "20000300"


def weight_label(article: str, grams: int) -> str:
    """The EAN-13 a shop scale prints for `grams` of a 23-article (kg with 3 decimals)."""
    return with_check_digit(f"{article}{grams:04d}")


def price_label(article: str, ore: int) -> str:
    """The EAN-13 of a 20-article label carrying a price in öre (SEK with 2 decimals)."""
    return with_check_digit(f"{article}{ore:04d}")


DEMO_PRODUCTS: tuple[ProductSpec, ...] = (
    ProductSpec(
        "mjolk-1l",
        "Mellanmjölk 1,5 % 1 l",
        1795,
        VatClass.FOOD,
        (gtin(MJOLK[:12]),),
        stock_quantity=24,
    ),
    ProductSpec(
        "brod-rag",
        "Rågbröd skivat 500 g",
        3250,
        VatClass.FOOD,
        (gtin(BROD[:12]),),
        stock_quantity=10,
    ),
    ProductSpec(
        "kaffe-450",
        "Bryggkaffe mellanrost 450 g",
        6490,
        VatClass.FOOD,
        (gtin(KAFFE[:12]),),
        stock_quantity=12,
    ),
    ProductSpec(
        "bananer",
        "Bananer",
        2790,
        VatClass.FOOD,
        (BANANER_ARTICLE,),
        sold_by=SoldBy.WEIGHT,
        stock_weight_g=15_000,
    ),
    ProductSpec(
        "ost-hushall",
        "Hushållsost 26 %",
        11900,
        VatClass.FOOD,
        (OST_ARTICLE,),
        sold_by=SoldBy.WEIGHT,
        stock_weight_g=8_000,
    ),
    ProductSpec(
        "bullar",
        "Kanelbullar, butiksbakade",
        3000,
        VatClass.FOOD,
        (BULLAR_ARTICLE,),
        stock_quantity=6,
    ),
    ProductSpec(
        "snus-white",
        "Portionssnus white 24 g",
        5900,
        VatClass.STANDARD,
        (gtin(SNUS[:12]),),
        age_limit=18,
        stock_quantity=20,
    ),
    ProductSpec(
        "folkol-50",
        "Folköl 3,5 % 50 cl burk",
        1490,
        VatClass.FOOD,
        (gtin(FOLKOL[:12]),),
        pant_ore=100,
        age_limit=18,
        stock_quantity=24,
    ),
    ProductSpec(
        "alvedon-20",
        "Alvedon 500 mg 20 tabletter",
        4490,
        VatClass.STANDARD,
        (gtin(ALVEDON[:12]),),
        age_limit=18,
        stock_quantity=8,
    ),
    ProductSpec(
        "lask-33",
        "Läsk 33 cl burk",
        1290,
        VatClass.FOOD,
        (gtin(LASK[:12]),),
        pant_ore=100,
        stock_quantity=48,
    ),
    ProductSpec(
        "energi-25",
        "Energidryck 25 cl burk",
        1990,
        VatClass.FOOD,
        (gtin(ENERGIDRYCK[:12]),),
        pant_ore=100,
        age_limit=15,
        stock_quantity=12,
    ),
    ProductSpec(
        "tidning", "Lokaltidningen", 3500, VatClass.REDUCED, (gtin(TIDNING[:12]),), stock_quantity=5
    ),
    ProductSpec(
        "batterier-aa",
        "Batterier AA 4-pack",
        4990,
        VatClass.STANDARD,
        (gtin(BATTERIER[:12]),),
        stock_quantity=6,
    ),
)


def seed_demo_catalog(session: Session) -> bool:
    """Fill an empty catalog with `DEMO_PRODUCTS`; False (and nothing done) if it has products."""
    if not catalog_is_empty(session):
        return False
    for spec in DEMO_PRODUCTS:
        put_product(session, spec)
    return True
