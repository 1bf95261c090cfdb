"""The scanning pages' scripts: our own scan.js, and the barcode-detector polyfill (ZXing in
WebAssembly) from the npm package installed at install time (package.json), served by the
backoffice itself: never a CDN. The pages that scan send their own Content-Security-Policy,
which lets the polyfill compile its WebAssembly ('wasm-unsafe-eval') and nothing more."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from backoffice.access.rules import PUBLIC
from byabutik.runtime.apidocs import node_modules_dir
from byabutik.runtime.web import content_security_policy

PREFIX = "/stock-assets"
STATIC = Path(__file__).parent / "static"
SCANNING_CSP = content_security_policy(script_src="'self' 'wasm-unsafe-eval'")
"""The scanning pages' policy: the shell's, plus compiling WebAssembly from our own origin."""
_VENDOR = {
    "barcode-detector.js": ("barcode-detector/dist/iife/ponyfill.js", "text/javascript"),
    "zxing_reader.wasm": ("zxing-wasm/dist/reader/zxing_reader.wasm", "application/wasm"),
}
_OWN = {"scan.js": "text/javascript"}
_CACHE = {"cache-control": "public, max-age=3600"}

# Static files anyone may fetch (no person, no data): the credential is none, as for /assets.
router = APIRouter(prefix=PREFIX, tags=["pages"], dependencies=[PUBLIC])


@router.get("/{name}")
def asset(name: str) -> FileResponse:
    if name in _OWN:
        return FileResponse(STATIC / name, media_type=_OWN[name], headers=_CACHE)
    if name not in _VENDOR:
        raise HTTPException(status_code=404, detail=f"no asset {name}")
    relative, media_type = _VENDOR[name]
    path = node_modules_dir() / relative
    if not path.is_file():
        raise HTTPException(
            status_code=503,
            detail=f"{path} is missing: run `npm ci --omit=dev` where package.json is (./dev does)",
        )
    return FileResponse(path, media_type=media_type, headers=_CACHE)
