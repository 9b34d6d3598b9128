"""Look at the book: PNG screenshots of built HTML pages at a desktop and a phone
width, and PNG renderings of chosen PDF pages.

Usage (after ``make book``)::

    python scripts/screenshot.py chapters/03_regression.html --element fig-reg-curve
    python scripts/screenshot.py chapters/08_asian_crisis.html --widths 1280 390 --out shots
    python scripts/screenshot.py --pdf-pages 1 52 53

Pages are paths below ``_build/html``; each is opened from disk in Debian's
headless Chromium (driven by selenium through ``/usr/bin/chromedriver``, no
network) at every width, scrolled to ``--element`` (an HTML id) if given, and
saved as ``<out>/<page>-<element>-<width>.png``. PDF pages of
``_build/latex/book.pdf`` are rendered by poppler's ``pdftoppm`` as
``<out>/pdf-<page>.png``. Files are written atomically (temporary name, then
rename).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "latex" / "book.pdf"
CHROMIUM = os.environ.get("BOOK_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BOOK_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def shot_name(page: str, element: str | None, width: int) -> str:
    """The file name of one screenshot, e.g. ``chapters-03_regression-fig-reg-curve-1280.png``."""
    stem = page.removesuffix(".html").replace("/", "-")
    return f"{stem}-{element}-{width}.png" if element else f"{stem}-{width}.png"


def _atomic_move(src: Path, dest: Path) -> None:
    tmp = dest.with_name(f".{dest.name}.tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)


def screenshot_pages(pages: list[str], *, widths: list[int], element: str | None, out: Path,
                     height: int = 1400, settle: float = 3.0) -> list[Path]:
    """Screenshot every page at every width; return the files written."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    for p in pages:
        if not (HTML / p).is_file():
            raise SystemExit(f"screenshot: {HTML / p} does not exist; build the book first (make book)")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for width in widths:
        profile = tempfile.mkdtemp(prefix="shot-profile-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for flag in [*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"]:
            opts.add_argument(flag)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        # the window cannot be narrower than about 500 px: emulate the device width instead
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        try:
            for page in pages:
                driver.get((HTML / page).as_uri())
                time.sleep(settle)  # charts and math render after load
                if element:
                    target = driver.find_element(By.ID, element)
                    driver.execute_script("arguments[0].scrollIntoView();", target)
                    time.sleep(0.5)
                with tempfile.TemporaryDirectory() as tmp:
                    raw = Path(tmp) / "shot.png"
                    driver.save_screenshot(str(raw))
                    dest = out / shot_name(page, element, width)
                    _atomic_move(raw, dest)
                    written.append(dest)
        finally:
            driver.quit()
            shutil.rmtree(profile, ignore_errors=True)
    return written


def render_pdf_pages(numbers: list[int], *, out: Path, dpi: int = 80) -> list[Path]:
    """Render PDF pages of the book as PNG; return the files written."""
    if not PDF.is_file():
        raise SystemExit(f"screenshot: {PDF} does not exist; build it first (make pdf)")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for n in numbers:
        with tempfile.TemporaryDirectory() as tmp:
            prefix = Path(tmp) / "page"
            subprocess.run(["pdftoppm", "-f", str(n), "-l", str(n), "-r", str(dpi), "-png", "-singlefile",
                            str(PDF), str(prefix)], check=True)
            dest = out / f"pdf-{n}.png"
            _atomic_move(prefix.with_suffix(".png"), dest)
            written.append(dest)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="*", help="HTML pages below _build/html, e.g. chapters/03_regression.html")
    ap.add_argument("--widths", nargs="+", type=int, default=[1280, 390])
    ap.add_argument("--element", help="scroll to this HTML id before the screenshot")
    ap.add_argument("--pdf-pages", nargs="*", type=int, default=[], help="PDF page numbers to render")
    ap.add_argument("--out", type=Path, default=ROOT / "_build" / "screenshots")
    args = ap.parse_args(argv)
    if not args.pages and not args.pdf_pages:
        ap.error("give at least one page or --pdf-pages")
    if any(w < 200 for w in args.widths):
        ap.error(f"parameter '--widths' has {args.widths}; widths must be at least 200 px")
    files = screenshot_pages(args.pages, widths=args.widths, element=args.element, out=args.out) if args.pages else []
    files += render_pdf_pages(args.pdf_pages, out=args.out) if args.pdf_pages else []
    for f in files:
        print(f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
