from __future__ import annotations

from typing import Any

import pytest

from drivers.camera.decoders import Decoded, PyzbarDecoder
from drivers.camera.pipeline import DuplicateFilter, FramePipeline
from drivers.symbology import Symbology
from tests.drivers.camera import images

EAN = images.linear("ean13", "400638133393")


def pipeline(**kwargs: Any) -> FramePipeline:
    return FramePipeline(PyzbarDecoder((Symbology.EAN13,)), **kwargs)


def test_bgr_frames_become_grey() -> None:
    prepared = pipeline().prepare(images.frame(EAN))
    assert prepared.shape == (480, 640)


def test_region_of_interest_crops_and_ignores_codes_outside() -> None:
    left_code = images.frame(EAN, width=240, at=(20, 150))
    right_half = pipeline(region=(0.5, 0.0, 0.5, 1.0))
    assert right_half.prepare(left_code).shape == (480, 320)
    assert right_half.decode(left_code) == []
    assert pipeline(region=(0.0, 0.0, 0.5, 1.0)).decode(left_code) == [
        Decoded("4006381333931", Symbology.EAN13)
    ]


def test_downscaling_keeps_a_large_code_readable() -> None:
    half = pipeline(scale=0.5)
    large = images.frame(EAN, width=480)
    assert half.prepare(large).shape == (240, 320)
    assert [d.text for d in half.decode(large)] == ["4006381333931"]


@pytest.mark.parametrize(
    "kwargs",
    [{"scale": 0}, {"scale": 1.5}, {"region": (0.5, 0, 0.6, 1)}, {"region": (0, 0, 0, 1)}],
)
def test_bad_geometry_is_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"scale|region"):
        pipeline(**kwargs)


def test_duplicate_filter_counts_a_code_held_in_view_once() -> None:
    seen = DuplicateFilter(window_s=2.0)
    assert seen.admit("A", 0.0)
    assert not seen.admit("A", 1.5)
    assert not seen.admit("A", 3.0)  # still in view: the window restarted at 1.5
    assert seen.admit("B", 3.1)
    assert seen.admit("A", 5.1)  # gone for more than the window: a second item


def test_duplicate_filter_forgets_old_codes() -> None:
    seen = DuplicateFilter(window_s=1.0)
    for i in range(200):
        seen.admit(str(i), float(i))
    assert len(seen._last_seen) <= 65
