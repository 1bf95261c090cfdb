from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from drivers.camera.frames import ImageFolderSource, OpenCvSource, open_source
from drivers.errors import DeviceUnavailableError
from tests.drivers.camera import images


def test_video_file_frames_then_end(tmp_path: Path) -> None:
    video = images.write_video(tmp_path / "v.avi", [images.frame(None)] * 3)
    source = open_source(str(video))
    assert isinstance(source, OpenCvSource)
    shapes = [source.read().shape for _ in range(3)]
    assert shapes == [(480, 640, 3)] * 3
    assert source.read() is None
    source.close()


def test_video_file_loops(tmp_path: Path) -> None:
    video = images.write_video(tmp_path / "v.avi", [images.frame(None)] * 2)
    source = open_source(str(video), loop=True)
    assert all(source.read() is not None for _ in range(5))
    source.close()


def test_image_folder_in_name_order_and_loop(tmp_path: Path) -> None:
    for name, value in (("b.png", 20), ("a.png", 10), ("notes.txt", 0)):
        if name.endswith(".png"):
            cv2.imwrite(str(tmp_path / name), images.frame(None, noise=0) * 0 + value)
        else:
            (tmp_path / name).write_text("not an image")
    source = open_source(str(tmp_path), loop=True)
    assert isinstance(source, ImageFolderSource)
    assert [int(source.read()[0, 0]) for _ in range(3)] == [10, 20, 10]
    source.close()


def test_empty_folder_and_missing_video_are_unavailable(tmp_path: Path) -> None:
    with pytest.raises(DeviceUnavailableError, match="no images"):
        open_source(str(tmp_path))
    with pytest.raises(DeviceUnavailableError, match="cannot open"):
        open_source(str(tmp_path / "missing.avi"))


def test_paced_source_is_slower(tmp_path: Path) -> None:
    import time

    cv2.imwrite(str(tmp_path / "a.png"), images.frame(None))
    source = ImageFolderSource(tmp_path, loop=True, fps=50)
    start = time.monotonic()
    for _ in range(6):
        source.read()
    assert time.monotonic() - start >= 0.09
    source.close()
