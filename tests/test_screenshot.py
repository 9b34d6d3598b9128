"""scripts/screenshot.py: page screenshots at both widths and PDF pages as PNG."""
from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import screenshot  # noqa: E402


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def _need(*tools: str) -> None:
    missing = [t for t in tools if not (Path(t).is_file() or shutil.which(t))]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"not installed: {missing}")
    assert not missing, f"CI must have {missing}"


def test_shot_names():
    assert screenshot.shot_name("chapters/03_regression.html", "fig-reg-curve", 1280) == \
        "chapters-03_regression-fig-reg-curve-1280.png"
    assert screenshot.shot_name("index.html", None, 390) == "index-390.png"


def test_pages_at_both_widths(tmp_path, monkeypatch):
    _need(screenshot.CHROMIUM, screenshot.CHROMEDRIVER)
    site = tmp_path / "html"
    site.mkdir()
    (site / "page.html").write_text("<html><body><div style='height:3000px'></div><p id='target'>here</p>"
                                    "</body></html>", encoding="utf-8")
    monkeypatch.setattr(screenshot, "HTML", site)
    out = tmp_path / "shots"
    files = screenshot.screenshot_pages(["page.html"], widths=[1280, 390], element="target", out=out, settle=0.2)
    assert [f.name for f in files] == ["page-target-1280.png", "page-target-390.png"]
    assert png_size(files[0])[0] == 1280 and png_size(files[1])[0] == 390
    assert not list(out.glob(".*.tmp"))  # written atomically
    with pytest.raises(SystemExit, match="does not exist"):
        screenshot.screenshot_pages(["missing.html"], widths=[1280], element=None, out=out)


def test_pdf_pages(tmp_path, monkeypatch):
    _need("pdftoppm")
    import vl_convert as vlc

    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(vlc.vegalite_to_pdf({"mark": "point", "data": {"values": [{"a": 1}]},
                                         "encoding": {"x": {"field": "a", "type": "quantitative"}}}))
    monkeypatch.setattr(screenshot, "PDF", pdf)
    files = screenshot.render_pdf_pages([1], out=tmp_path / "shots")
    assert [f.name for f in files] == ["pdf-1.png"] and png_size(files[0])[0] > 0


def test_bad_arguments_are_named():
    with pytest.raises(SystemExit):
        screenshot.main(["--widths", "100", "chapters/index.html"])
    with pytest.raises(SystemExit):
        screenshot.main([])
