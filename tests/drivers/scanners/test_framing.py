from __future__ import annotations

import pytest

from drivers.scanners.framing import Framer, Scan, clean_text, decode_frame
from drivers.symbology import Symbology, split_aim_prefix


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        ("CR", b"4006381333931\r96385074\r"),
        ("LF", b"4006381333931\n96385074\n"),
        ("CRLF", b"4006381333931\r\n96385074\r\n"),
        ("CR", b"4006381333931\r\n96385074\r\n"),  # a CRLF scanner on a CR config still works
        ("LF", b"4006381333931\r\n96385074\r\n"),
    ],
)
def test_frames_on_the_suffix(suffix: str, data: bytes) -> None:
    framer = Framer(suffix)  # type: ignore[arg-type]
    assert framer.feed(data) == [b"4006381333931", b"96385074"]
    assert framer.pending in (b"", b"\n")


def test_partial_reads_are_joined() -> None:
    framer = Framer("CRLF")
    assert framer.feed(b"40063") == []
    assert framer.feed(b"81333931\r") == []
    assert framer.feed(b"\n9638") == [b"4006381333931"]
    assert framer.pending == b"9638"


def test_empty_frames_are_skipped() -> None:
    assert Framer("CR").feed(b"\r\r123\r") == [b"123"]


def test_an_endless_frame_is_dropped() -> None:
    framer = Framer("CR", max_bytes=8)
    assert framer.feed(b"0123456789") == []
    assert framer.dropped == 1
    assert framer.feed(b"42\r") == [b"42"]


def test_reset_forgets_a_partial_frame() -> None:
    framer = Framer("CR")
    framer.feed(b"half")
    framer.reset()
    assert framer.feed(b"123\r") == [b"123"]


def test_garbage_bytes_are_dropped_but_gs_survives() -> None:
    assert clean_text(b"\x00\x0101\x1d0950\xff\xfe110\x07") == "01\x1d0950110"


def test_utf8_text_survives() -> None:
    assert clean_text("Smörgås".encode()) == "Smörgås"


def test_nothing_printable_is_no_scan() -> None:
    assert decode_frame(b"\x00\x01\x02", aim_prefix=False) is None


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (b"]E04006381333931", Scan("4006381333931", Symbology.EAN13)),
        (b"]E496385074", Scan("96385074", Symbology.EAN8)),
        (b"]C1010950110153000310AB", Scan("010950110153000310AB", Symbology.GS1_128)),
        (b"]C0SKU-1", Scan("SKU-1", Symbology.CODE128)),
        (
            b"]d2010950110153000317261231\x1d10AB",
            Scan("010950110153000317261231\x1d10AB", Symbology.GS1_DATAMATRIX),
        ),
        (b"]Q3https://x.se", Scan("https://x.se", Symbology.GS1_QR)),
        (b"]Q1hej", Scan("hej", Symbology.QR)),
        (b"]Z0what", Scan("what", Symbology.UNKNOWN)),
        (b"4006381333931", Scan("4006381333931", Symbology.UNKNOWN)),
    ],
)
def test_aim_prefix_names_the_symbology(frame: bytes, expected: Scan) -> None:
    assert decode_frame(frame, aim_prefix=True) == expected


def test_without_aim_config_the_prefix_stays_text() -> None:
    assert decode_frame(b"]E0123", aim_prefix=False) == Scan("]E0123", Symbology.UNKNOWN)


def test_short_text_has_no_prefix() -> None:
    assert split_aim_prefix("]E") == (Symbology.UNKNOWN, "]E")
