"""The virtual scanner's preset buttons for the demo, made from the demo store's own catalog.

Each preset is a code the store really sells (so it scans), labelled with what it shows: an
ordinary EAN-13, a weight label from the scale, a price label, a deposit (pant) item, an
age-restricted item, a GS1 element string with a best-before date and a batch, and one code
that is unknown on purpose (to see how the kiosk says so).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from byabutik.runtime.files import create_private
from drivers.virtual_scanner_web import Preset
from retail.barcodes import to_gtin14, with_check_digit
from store_controller.checkout import seed

UNKNOWN = with_check_digit("731000009999")
"""A well-formed EAN-13 that is in no catalog of the demo."""


def _name(code: str) -> str:
    """The demo catalog's name of the product a code belongs to."""
    key = code if len(code) == 8 else to_gtin14(code)
    for spec in seed.DEMO_PRODUCTS:
        if key in spec.codes:
            return spec.name
    raise LookupError(f"{code} is not in the demo catalog")


def demo_presets(today: date) -> tuple[Preset, ...]:
    gs1_until = (today + timedelta(days=60)).strftime("%y%m%d")
    gs1 = f"\x1d01{to_gtin14(seed.KAFFE)}15{gs1_until}10L2612"
    return (
        Preset(f"{_name(seed.MJOLK)} (EAN-13)", seed.MJOLK),
        Preset(
            f"{_name(seed.BANANER_ARTICLE)} 0,742 kg (viktetikett)",
            seed.weight_label(seed.BANANER_ARTICLE, 742),
        ),
        Preset(
            f"{_name(seed.BULLAR_ARTICLE)} 45,00 kr (prisetikett)",
            seed.price_label(seed.BULLAR_ARTICLE, 4500),
        ),
        Preset(f"{_name(seed.LASK)} (pant 1 kr)", seed.LASK),
        Preset(f"{_name(seed.SNUS)} (18 år, BankID)", seed.SNUS),
        Preset(f"{_name(seed.KAFFE)} (GS1: bäst före, batch)", gs1),
        Preset("Okänd vara (med flit)", UNKNOWN),
    )


def write_presets(path: Path, presets: tuple[Preset, ...]) -> Path:
    """The presets as the virtual scanner's `--presets` JSON file."""
    path.unlink(missing_ok=True)
    entries = [{"label": p.label, "code": p.code} for p in presets]
    create_private(path, json.dumps(entries, ensure_ascii=False, indent=1).encode())
    return path
