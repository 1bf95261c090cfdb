"""Barcode pictures and camera-like frames generated at test time (python-barcode, segno, zxing)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import barcode
import cv2
import numpy as np
import segno
import zxingcpp
from barcode.writer import ImageWriter
from PIL import Image

WIDTH, HEIGHT = 640, 480


def linear(kind: str, data: str) -> Any:
    """A grey image of a 1-D code: kind is a python-barcode name (ean13, ean8, code128...)."""
    buffer = io.BytesIO()
    barcode.get(kind, data, writer=ImageWriter()).write(buffer, {"write_text": False})
    buffer.seek(0)
    return np.array(Image.open(buffer).convert("L"))


def qr(data: str, scale: int = 5) -> Any:
    buffer = io.BytesIO()
    segno.make_qr(data, error="m").save(buffer, kind="png", scale=scale, border=4)
    buffer.seek(0)
    return np.array(Image.open(buffer).convert("L"))


def datamatrix(data: str, scale: int = 6, *, gs1: bool = False) -> Any:
    """A DataMatrix; with `gs1`, `data` is in HRI form: "(01)07350053850019(10)AB12"."""
    code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.DataMatrix, gs1=gs1)
    return np.asarray(code.to_image(scale=scale))


def frame(
    code: Any | None = None,
    *,
    width: int = 320,
    at: tuple[int, int] | None = None,
    angle: float = 0.0,
    blur: int = 0,
    noise: float = 6.0,
    seed: int = 1,
) -> Any:
    """A 640x480 BGR frame: grey background with noise, the code scaled to `width`, centred (or
    with its top-left at `at`), then rotated by `angle` degrees and blurred with a `blur` kernel."""
    rng = np.random.default_rng(seed)
    canvas: Any = np.full((HEIGHT, WIDTH), 170, np.uint8)
    if code is not None:
        height = max(1, round(code.shape[0] * width / code.shape[1]))
        scaled = cv2.resize(code, (width, height), interpolation=cv2.INTER_AREA)
        x, y = at or ((WIDTH - width) // 2, (HEIGHT - height) // 2)
        canvas[y : y + height, x : x + width] = scaled
    if angle:
        matrix = cv2.getRotationMatrix2D((WIDTH / 2, HEIGHT / 2), angle, 1.0)
        canvas = cv2.warpAffine(canvas, matrix, (WIDTH, HEIGHT), borderValue=170)
    if blur:
        canvas = cv2.GaussianBlur(canvas, (blur, blur), 0)
    noisy = canvas.astype(np.float32) + rng.normal(0, noise, canvas.shape)
    grey = np.clip(noisy, 0, 255).astype(np.uint8)
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def write_video(path: Path, frames: list[Any], fps: float = 10.0) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (WIDTH, HEIGHT))
    assert writer.isOpened()
    for image in frames:
        writer.write(image)
    writer.release()
    return path
