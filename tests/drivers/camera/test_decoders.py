from __future__ import annotations

from typing import Any

import pytest

from drivers.camera.decoders import Decoded, PyzbarDecoder, ZxingDecoder, make_decoder
from drivers.symbology import Symbology
from tests.drivers.camera import images

RETAIL = (Symbology.EAN13, Symbology.EAN8, Symbology.CODE128, Symbology.QR)
DECODERS = ["pyzbar", "zxing"]


def decoder(name: str, symbologies: tuple[Symbology, ...] = RETAIL) -> Any:
    return make_decoder(name, symbologies)  # type: ignore[arg-type]


def grey(frame: Any) -> Any:
    import cv2

    return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)


@pytest.mark.parametrize("name", DECODERS)
@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (images.linear("ean13", "400638133393"), Decoded("4006381333931", Symbology.EAN13)),
        (images.linear("ean8", "9638507"), Decoded("96385074", Symbology.EAN8)),
        (images.linear("code128", "SKU-000123"), Decoded("SKU-000123", Symbology.CODE128)),
        (
            images.qr("https://byabutik.se/kvitto/42"),
            Decoded("https://byabutik.se/kvitto/42", Symbology.QR),
        ),
    ],
    ids=["ean13", "ean8", "code128", "qr"],
)
def test_reads_each_symbology_in_a_frame(name: str, code: Any, expected: Decoded) -> None:
    assert decoder(name).decode(grey(images.frame(code))) == [expected]


@pytest.mark.parametrize("name", DECODERS)
def test_a_frame_without_a_code_gives_nothing(name: str) -> None:
    assert decoder(name).decode(grey(images.frame(None, noise=25))) == []


@pytest.mark.parametrize("name", DECODERS)
def test_only_the_configured_symbologies_are_read(name: str) -> None:
    ean_only = decoder(name, (Symbology.EAN13,))
    assert ean_only.decode(grey(images.frame(images.qr("hej hej hej")))) == []


@pytest.mark.parametrize("name", DECODERS)
@pytest.mark.parametrize("angle", [90, 180, 8])
def test_rotated_codes(name: str, angle: float) -> None:
    code = images.linear("ean13", "731086500470")
    found = decoder(name).decode(grey(images.frame(code, angle=angle, width=400)))
    assert [d.text for d in found] == ["7310865004703"]


@pytest.mark.parametrize("name", DECODERS)
def test_slight_blur_still_reads_and_heavy_blur_gives_no_false_read(name: str) -> None:
    code = images.linear("ean13", "400638133393")
    assert decoder(name).decode(grey(images.frame(code, blur=3))) != []
    assert decoder(name).decode(grey(images.frame(code, blur=41, width=200))) == []


def test_zxing_reads_gs1_datamatrix_with_its_separator() -> None:
    code = images.datamatrix("(01)07350053850019(15)261231(10)AB12(21)7", gs1=True)
    found = ZxingDecoder((Symbology.GS1_DATAMATRIX,)).decode(grey(images.frame(code, width=200)))
    assert found == [Decoded("01073500538500191526123110AB12\x1d217", Symbology.GS1_DATAMATRIX)]


def test_zbar_cannot_read_datamatrix_and_says_so() -> None:
    with pytest.raises(ValueError, match="zbar reads none"):
        PyzbarDecoder((Symbology.DATAMATRIX,))


def test_zxing_without_a_readable_symbology_is_refused() -> None:
    with pytest.raises(ValueError, match="zxing-cpp reads none"):
        ZxingDecoder((Symbology.UNKNOWN,))
