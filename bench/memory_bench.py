"""The controller's resident memory at idle, beside a bare uvicorn + FastAPI app:
`python -m bench.memory_bench` (under a minute).

Both run as their own process on a port the OS gave, are asked once over HTTP, then left idle;
the figure is the resident set (VmRSS, the process and any children) after IDLE_S, the median
of MEMORY_BENCH_ROUNDS starts each (3 by default; `./dev bench` runs 1). The controller's starts
share one data folder after a first start that creates and migrates its database (printed, not
the figure): a store restarts on a database that is already at head. The controller is
`byabutik controller run` in dev mode with simulated hardware (a door, a kiosk's serial scanner
on a pty), the way a store with the camera scanner off starts, and with PYTHONOPTIMIZE=2 on
optimized bytecode, as its systemd unit runs it after deploy/install-store.sh compiled that
(here `optimized_bytecode` and the first start write it: without it each start would compile
every module from source, which costs more memory, not less); the floor is FastAPI's hello world
served by uvicorn, as FastAPI ships. Goal:
within 1.5x (a Pi 3 with 1 GB runs the controller, Chromium and the OS).

An extra row (not the figure): a store that has sold. A data folder of its own, whose first
start seeds the demo assortment; then a restart without it, one sale through the kiosk's
routes (two items scanned, the simulated payment approved), and the resident set after IDLE_S,
beside the same floor (what a store keeps for the rest of the day once it has sold).

Another extra row: a store with sync configured, as every enrolled store runs. A backoffice
(`byabutik backoffice serve` on SQLite in a folder of its own, its database migrated, the store
created and the controller enrolled as the tests do it) that a first start of the controller
pushes to and pulls from (its sync loops run at once); then a restart, an unknown barcode scanned
at the kiosk (an outbox entry), the wait until the backoffice acknowledged it, and the resident
set after IDLE_S, beside the same floor. The backoffice's own memory is not counted.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from bench.results import record
from tests.conftest import free_port

ROUNDS = int(os.environ.get("MEMORY_BENCH_ROUNDS", "3"))
IDLE_S = 3.0
START_S = 60.0
GOAL = 1.5

BARE_APP = """
import sys
import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def controller_config(
    folder: Path, port: int, *, demo_catalog: bool = False, backoffice: str | None = None
) -> Path:
    data = folder / "data"
    data.mkdir(exist_ok=True)
    master, slave = os.openpty()
    del master  # kept open by the process for the run: the scanner has a port to read
    config = folder / "controller.toml"
    config.write_text(
        f'mode = "dev"\nstore_id = "memory"\ndata_dir = "{data}"\n'
        f"[checkout]\ndemo_catalog = {str(demo_catalog).lower()}\n"
        f'[http]\nhost = "127.0.0.1"\nport = {port}\n'
        '[hardware]\nsimulated = true\npin_factory = "mock"\n'
        '[[hardware.scanners]]\nkind = "serial"\nname = "kiosk"\n'
        f'url = "{os.ttyname(slave)}"\n'
        + (f'[backoffice]\nurl = "{backoffice}"\n' if backoffice else "")
    )
    return config


def resident_kb(pid: int) -> int:
    """VmRSS of a process and all its descendants, in kB."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
    return total


@contextlib.contextmanager
def serving(
    command: list[str], port: int, path: str, env: dict[str, str] | None = None
) -> Iterator[int]:
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + START_S
        while True:
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"{command} exited {process.returncode}: {error[-2000:]}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command} did not answer within {START_S:.0f} s")
            time.sleep(0.1)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def idle_kb(command: list[str], port: int, path: str, env: dict[str, str] | None = None) -> int:
    with serving(command, port, path, env) as pid:
        time.sleep(IDLE_S)
        return resident_kb(pid)


def bare() -> int:
    port = free_port()
    return idle_kb([sys.executable, "-c", BARE_APP, str(port)], port, "/healthz")


def controller_command(config: Path) -> list[str]:
    return [sys.executable, "-m", "byabutik", "controller", "run", "--config", str(config)]


def controller_env() -> dict[str, str]:
    """The environment of deploy/systemd/byabutik-controller.service (docstrings and asserts
    left out of the bytecode, issue 23), allowed to write the optimized bytecode it imports: the
    first, unmeasured start leaves what the installer's compileall would have left."""
    env = {**os.environ, "PYTHONOPTIMIZE": "2"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


PACKAGES = ("byabutik", "store_controller", "drivers", "retail", "bankid_rp", "swish_merchant")


def optimized_bytecode() -> None:
    """The project's own optimized bytecode, all of it, as install-store.sh compiles it (a
    second or two; the libraries' is written by the first start, see `controller_env`)."""
    root = Path(__file__).resolve().parents[1]
    folders = [str(root / package) for package in PACKAGES]
    command = [sys.executable, "-m", "compileall", "-q", "-o", "2", *folders]
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)


def controller(folder: Path, *, demo_catalog: bool = False, backoffice: str | None = None) -> int:
    port = free_port()
    config = controller_config(folder, port, demo_catalog=demo_catalog, backoffice=backoffice)
    command = controller_command(config)
    return idle_kb(command, port, "/readyz", controller_env())  # started, database at head


SOLD_ITEMS = ("7310000000010", "7310000000027")  # the demo assortment's milk and bread


def sell(base: str) -> None:
    """One sale through the kiosk's routes: the items scanned, the simulated payment approved
    (the route returns once the sale is recorded)."""
    for code in SOLD_ITEMS:
        httpx.post(f"{base}/kiosk/scan", json={"code": code}, timeout=10).raise_for_status()
    httpx.post(f"{base}/kiosk/pay", timeout=10).raise_for_status()
    httpx.post(f"{base}/kiosk/pay/simulate/approve", timeout=10).raise_for_status()


def after_a_sale(folder: Path) -> int:
    """The resident set of a restarted controller after one sale and IDLE_S (its own data
    folder: the first start seeds the demo assortment)."""
    controller(folder, demo_catalog=True)
    port = free_port()
    config = controller_config(folder, port)
    with serving(controller_command(config), port, "/readyz", controller_env()) as pid:
        sell(f"http://127.0.0.1:{port}")
        time.sleep(IDLE_S)
        kb = resident_kb(pid)
    with contextlib.closing(sqlite3.connect(folder / "data" / "controller.db")) as db:
        (sales,) = db.execute("SELECT count(*) FROM sales").fetchone()
    if sales != 1:
        raise RuntimeError(f"the sale was not recorded ({sales} sales)")
    return kb


def with_sync(folder: Path) -> int:
    """The resident set of a restarted controller with sync configured, after its backoffice
    acknowledged an entry it pushed and IDLE_S (see the module's docstring)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database = folder / "backoffice.db"
    enroll(f"sqlite:///{database}", url, folder / "data")
    env = {**os.environ, "BYABUTIK_BACKOFFICE_DATA_DIR": str(folder / "backoffice")}
    env["BYABUTIK_BACKOFFICE_DATABASE_URL"] = f"sqlite:///{database}"
    command = [sys.executable, "-m", "byabutik", "backoffice", "serve", "--port", str(port)]
    with serving(command, port, "/healthz", env):
        controller(folder, backoffice=url)  # migrates; pushes what its start queued, pulls
        port = free_port()
        config = controller_config(folder, port, backoffice=url)
        with serving(controller_command(config), port, "/readyz", controller_env()) as pid:
            scan = {"code": UNKNOWN_CODE}
            httpx.post(f"http://127.0.0.1:{port}/kiosk/scan", json=scan, timeout=10)
            wait_until_pushed(folder / "data" / "controller.db")
            time.sleep(IDLE_S)
            kb = resident_kb(pid)
    with contextlib.closing(sqlite3.connect(database)) as db:
        (beats,) = db.execute("SELECT count(*) FROM heartbeats").fetchone()
    if beats < 2:
        raise RuntimeError(f"the backoffice heard {beats} heartbeats, not one per start")
    return kb


UNKNOWN_CODE = "7310000099991"  # a valid EAN-13 no catalog holds: queued for the backoffice


def enroll(database_url: str, url: str, data: Path) -> None:
    """The backoffice's database migrated, the store created, the controller's device
    credential issued and stored in `data` (what `byabutik controller enroll` ends with)."""
    from sqlalchemy.orm import Session

    from backoffice.db import MIGRATIONS, make_backoffice_engine
    from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
    from backoffice.stores.service import create_store
    from byabutik.runtime.db import utcnow
    from store_controller.sync.credential import StoredCredential, save_credential

    engine = make_backoffice_engine(database_url)
    try:
        MIGRATIONS.upgrade(engine)
        with Session(engine) as session, session.begin():
            store = create_store(session=session, slug=STORE, name="Memory")
            code = issue_enrollment_code(session=session, store=store, now=utcnow()).code
            device = redeem_enrollment_code(
                session=session, code=code, software_version="0.1.0", now=utcnow()
            )
    finally:
        engine.dispose()
    save_credential(data, StoredCredential(url, STORE, device.device_id, device.token))


STORE = "memory"


def wait_until_pushed(database: Path) -> None:
    """Until every outbox entry, the scan's among them, is acknowledged by the backoffice."""
    deadline = time.monotonic() + START_S
    query = "SELECT count(*), count(*) FILTER (WHERE acked_at IS NULL) FROM outbox"
    while True:
        with contextlib.closing(sqlite3.connect(database, timeout=10)) as db:
            entries, waiting = db.execute(query).fetchone()
        if entries >= 2 and waiting == 0:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{waiting} of {entries} outbox entries not pushed")
        time.sleep(0.1)


def main() -> None:
    optimized_bytecode()
    floors, figures = [], []
    with (
        tempfile.TemporaryDirectory() as scratch,
        tempfile.TemporaryDirectory() as shop,
        tempfile.TemporaryDirectory() as synced,
    ):
        first = controller(Path(scratch)) / 1024  # creates and migrates the database
        for _ in range(ROUNDS):  # interleaved, so a busy machine weighs on both alike
            floors.append(bare())
            figures.append(controller(Path(scratch)))
        sold = after_a_sale(Path(shop)) / 1024
        syncing = with_sync(Path(synced)) / 1024
    floor, figure = statistics.median(floors) / 1024, statistics.median(figures) / 1024
    print(f"resident memory at idle, median of {ROUNDS} starts each ({IDLE_S:.0f} s idle)")
    print(f"  first start (migrates a new db)  {first:7.1f} MB")
    print(f"  bare uvicorn + FastAPI (floor)   {floor:7.1f} MB")
    print(f"  byabutik controller run          {figure:7.1f} MB")
    print(f"  ratio                            {figure / floor:7.2f} x   (goal <= {GOAL}x)")
    print(f"  after one sale (one start)       {sold:7.1f} MB   {sold / floor:.2f} x")
    print(f"  with sync, pushed + pulled (one) {syncing:7.1f} MB   {syncing / floor:.2f} x")
    record(
        "controller resident memory, idle",
        figure=figure,
        floor=floor,
        unit="MB",
        ratio=figure / floor,
        goal=("<=", GOAL),
    )
    record(
        "controller resident memory, idle after one sale",
        figure=sold,
        floor=floor,
        unit="MB",
        ratio=sold / floor,
    )
    record(
        "controller resident memory, idle with sync (a backoffice pushed to and pulled from)",
        figure=syncing,
        floor=floor,
        unit="MB",
        ratio=syncing / floor,
    )


if __name__ == "__main__":
    main()
