"""The strict book build: Jupyter Book with -W -n --keep-going (any warning,
broken reference or missing glue key fails), then checks on the built HTML."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
JB = [sys.executable, "-m", "jupyter_book.cli.main"]


@pytest.fixture(scope="module")
def html_build():
    proc = subprocess.run(
        [*JB, "build", str(ROOT), "-W", "-n", "--keep-going"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0, "strict HTML build failed:\n" + proc.stdout[-4000:] + proc.stderr[-4000:]
    return HTML


REMOTE = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["'](?:https?:)?//[^"']+["']"""
    r"""|@import\s+url\(\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//[^)]*\.(?:woff2?|ttf|otf)""",
    re.I,
)


def remote_references(text: str) -> list[str]:
    """Script, stylesheet, image, frame or font references to another host."""
    return [m.group(0)[:160] for m in REMOTE.finditer(text)]


def test_remote_reference_scanner_can_fail():
    assert remote_references('<script src="https://cdn.example/vega.js"></script>')
    assert remote_references('<link rel="stylesheet" href="//fonts.example/x.css">')
    assert not remote_references('<a href="https://doi.org/10.1/x">doi</a>')
    assert not remote_references('<script src="../_static/vendor/vega-bundle.js"></script>')


def test_built_html_needs_no_network(html_build):
    bad = {}
    for page in html_build.rglob("*.html"):
        hits = remote_references(page.read_text(encoding="utf-8", errors="replace"))
        if hits:
            bad[str(page.relative_to(html_build))] = hits[:3]
    for css in html_build.rglob("*.css"):
        hits = remote_references(css.read_text(encoding="utf-8", errors="replace"))
        if hits:
            bad[str(css.relative_to(html_build))] = hits[:3]
    assert not bad, f"pages load assets from the network: {bad}"


def test_vega_and_mathjax_are_served_locally(html_build):
    assert (html_build / "_static" / "vendor" / "vega-bundle.js").stat().st_size > 100_000
    assert (html_build / "mathjax" / "tex-chtml.js").is_file()
    chart_pages = [p for p in html_build.rglob("*.html") if "vegaEmbed(" in p.read_text(encoding="utf-8")]
    assert chart_pages, "no page embeds a chart"
    for page in chart_pages:
        assert "vendor/vega-bundle.js" in page.read_text(encoding="utf-8"), page


def test_every_chart_has_alt_text(html_build):
    for page in html_build.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for div in re.findall(r'<div id="vis-[0-9a-f]+"[^>]*>', text):
            assert re.search(r'aria-label="[^"]{10,}"', div), f"{page.name}: chart without alt text: {div}"
