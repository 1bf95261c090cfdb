"""The owner's catalog search over 10,000 products: `python -m bench.catalog_search_bench`.

On SQLite (a file) and on the PostgreSQL at BYABUTIK_TEST_POSTGRES_URL (a scratch database,
dropped afterwards), each migrated to head. PRODUCTS products with Swedish-like names, brands,
categories and EAN-13s (put there by a price file through the service, so `search_text` is the
service's own) are searched with what an owner types: a name fragment (lower case, upper case
with å ä ö, two words), a brand, a GTIN prefix, a full EAN-13, the same as 14 digits with its
leading zero, and nothing.

Figures, each p50 and p99 over every query REPS times: the catalog page's own search function
(`search_products`, 25 a page, with its count and prices) and the catalog page's HTTP answer
through the app (`GET /catalog?q=`, signed in, rendered). Floor, same run, same table: the bare
SELECT of the 25 rows the page shows (id and name) with the condition a contains-every-word
search needs (`search_text LIKE '%word%'` per word, by name) and no count. No goal is set by the
issue beyond "stays quick"; ratios are printed for comparison between runs.
CATALOG_SEARCH_BENCH_DB=sqlite or postgresql runs one database only.
"""

from __future__ import annotations

import io
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from backoffice.pricefiles.service import apply_import, preview_file, save_mapping
from backoffice.products.queries import search_products
from bench.results import record
from byabutik.runtime.db import make_engine
from retail.barcodes import with_check_digit
from retail.vat.rates import VatClass
from tests.backoffice.world import Clock, build, sign_in
from tests.store_controller.sync.harness import running_backoffice

ADMIN_URL = os.environ.get(
    "BYABUTIK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PRODUCTS = int(os.environ.get("CATALOG_SEARCH_BENCH_PRODUCTS", "10000"))
REPS = int(os.environ.get("CATALOG_SEARCH_BENCH_REPS", "25"))
PAGE = 25
MAPPING = {
    "gtin": "EAN",
    "name": "Benämning",
    "brand": "Varumärke",
    "category": "Kategori",
    "price": "Pris",
}
THINGS = [
    ("Mellanmjölk", "Mejeri"),
    ("Filmjölk", "Mejeri"),
    ("Grädde", "Mejeri"),
    ("Hushållsost", "Mejeri"),
    ("Smör", "Mejeri"),
    ("Knäckebröd", "Bröd"),
    ("Rågbröd", "Bröd"),
    ("Kanelbulle", "Bröd"),
    ("Äppeljuice", "Dryck"),
    ("Öl", "Dryck"),
    ("Läsk", "Dryck"),
    ("Bryggkaffe", "Skafferi"),
    ("Lingonsylt", "Skafferi"),
    ("Örtsalt", "Skafferi"),
    ("Havregryn", "Skafferi"),
    ("Köttbullar", "Kött"),
    ("Falukorv", "Kött"),
    ("Räksallad", "Chark"),
    ("Smörgåsgurka", "Konserver"),
    ("Sill", "Konserver"),
    ("Potatis", "Frukt och grönt"),
    ("Gul lök", "Frukt och grönt"),
    ("Blåbär", "Fryst"),
    ("Glass", "Fryst"),
    ("Tvättmedel", "Hushåll"),
]
KINDS = ["", "ekologisk", "laktosfri", "original", "lätt", "fullkorn", "söt", "stark", "mild"]
SIZES = ["1 l", "1,5 l", "500 g", "250 g", "1 kg", "33 cl", "6-pack", "400 g", "12 st"]
BRANDS = [
    "Arla",
    "Skånemejerier",
    "Norrmejerier",
    "Pågen",
    "Wasabröd",
    "Göteborgs Kex",
    "Zoégas",
    "Löfbergs",
    "Felix",
    "Scan",
    "Abba",
    "Kavli",
    "Önos",
    "Garant",
    "Änglamark",
    "Fiskeby",
    "Hälsans Kök",
    "Åbro",
]
QUERIES = {
    "name fragment": "mjölk",
    "name, capitals": "ÄPPEL",
    "two words": "knäcke fullkorn",
    "brand": "skånemejerier",
    "rare word": "örtsalt åbro",
    "GTIN prefix": "7350000012",
    "full EAN-13": "",  # set from the catalog in run()
    "GTIN-14, leading zero": "",
    "empty": "",
}


def gtin(n: int) -> str:
    return with_check_digit(f"735{n:09d}")


def price_file() -> bytes:
    pick = random.Random(18)
    out = io.StringIO()
    out.write("EAN;Benämning;Varumärke;Kategori;Pris\r\n")
    for n in range(PRODUCTS):
        thing, category = pick.choice(THINGS)
        name = " ".join(w for w in (thing, pick.choice(KINDS), pick.choice(SIZES)) if w)
        price = 500 + pick.randrange(20000)
        brand = pick.choice(BRANDS)
        out.write(f"{gtin(n)};{name};{brand};{category};{price // 100},{price % 100:02d}\r\n")
    return out.getvalue().encode("utf-8")


def seed(session: Session, now: Any) -> None:
    save_mapping(session=session, supplier="grossist", columns=MAPPING, now=now)
    previewed, _ = preview_file(
        session=session, supplier="grossist", filename="katalog.csv", data=price_file(), now=now
    )
    apply_import(session=session, import_id=previewed.id, vat_class=VatClass.FOOD, now=now)
    session.commit()


def floor_query(session: Session, q: str) -> list[Any]:
    """The bare SELECT: the page's 25 rows with every word contained, by name; no count."""
    words = q.lower().split()
    where = " AND ".join(f"search_text LIKE :w{i}" for i in range(len(words))) or "1 = 1"
    params = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
    return list(
        session.execute(
            text(f"SELECT id, name FROM products WHERE {where} ORDER BY name, id LIMIT {PAGE}"),
            params,
        )
    )


def timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def quantiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered), p99


def run(name: str, url: str) -> None:
    clock = Clock()
    with running_backoffice(url, clock=clock) as backoffice:
        world = build(backoffice, clock)
        with backoffice.sessions() as session:
            start = time.perf_counter()
            seed(session, clock.now)
            seeded = time.perf_counter() - start
        queries = dict(QUERIES)
        queries["full EAN-13"] = gtin(4321)
        queries["GTIN-14, leading zero"] = "0" + gtin(4321)
        function: dict[str, list[float]] = {q: [] for q in queries}
        http: dict[str, list[float]] = {q: [] for q in queries}
        floor: dict[str, list[float]] = {q: [] for q in queries}
        found: dict[str, int] = {}
        with TestClient(backoffice.app) as client:
            sign_in(client, world.emails["admin"])
            for label, q in queries.items():  # warm up, and check the answers
                with backoffice.sessions() as session:
                    page = search_products(session=session, now=clock.now, q=q, limit=PAGE)
                    found[label] = page.total
                answer = client.get("/catalog", params={"q": q})
                assert answer.status_code == 200, answer.text[:300]
            for _ in range(REPS):
                for label, q in queries.items():
                    with backoffice.sessions() as session:
                        floor[label].append(timed(partial(floor_query, session, q)))
                    with backoffice.sessions() as session:
                        search = partial(
                            search_products, session=session, now=clock.now, q=q, limit=PAGE
                        )
                        function[label].append(timed(search))
                    http[label].append(timed(partial(client.get, "/catalog", params={"q": q})))
    print(f"{name}: {PRODUCTS} products (seeded in {seeded:.1f} s), {REPS} runs of each query")
    print(f"  {'query':24} {'hits':>6}   floor p50/p99  search p50/p99   page p50/p99")
    for label, q in queries.items():
        f50, f99 = quantiles(floor[label])
        s50, s99 = quantiles(function[label])
        h50, h99 = quantiles(http[label])
        print(
            f"  {label:24} {found[label]:6d} {f50:6.1f} /{f99:6.1f}  {s50:6.1f} /{s99:6.1f}"
            f"   {h50:6.1f} /{h99:6.1f}  ms  {q!r}"
        )
    every = [ms for samples in floor.values() for ms in samples]
    f50, f99 = quantiles(every)
    for what, samples in (("search function", function), ("catalog page HTTP", http)):
        s50, s99 = quantiles([ms for values in samples.values() for ms in values])
        print(
            f"  {what}: p50 {s50:.1f} ms ({s50 / f50:.1f}x floor {f50:.1f} ms), "
            f"p99 {s99:.1f} ms ({s99 / f99:.1f}x floor {f99:.1f} ms)"
        )
        for quantile, figure, floor_ms in (("p50", s50, f50), ("p99", s99, f99)):
            record(
                f"catalog search {PRODUCTS} products, {what} {quantile} ({name})",
                figure=figure,
                floor=floor_ms,
                unit="ms",
                ratio=figure / floor_ms,
            )


@contextmanager
def scratch_postgres() -> Iterator[str]:
    admin = make_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"bench_search_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    only = os.environ.get("CATALOG_SEARCH_BENCH_DB", "")  # "sqlite" or "postgresql"
    if only != "postgresql":
        with tempfile.TemporaryDirectory() as scratch:
            run("SQLite", f"sqlite:///{scratch}/bench.db")
    if only == "sqlite":
        return
    with scratch_postgres() as url:
        run("PostgreSQL", url)


if __name__ == "__main__":
    main()
