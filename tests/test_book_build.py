"""The strict book build: Jupyter Book with -W -n --keep-going (any warning,
broken reference or missing glue key fails), then checks on the built HTML:
no network, offline charts, alt text on every figure, the PDF link, the
version, the reader aids.

The build goes to ``_build`` of the checkout, or under the folder named by
``BOOK_TEST_BUILD_DIR`` (so that several people can test one checkout).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
from tools import meta  # noqa: E402

OUT = Path(os.environ.get("BOOK_TEST_BUILD_DIR", ROOT))
HTML = OUT / "_build" / "html"
# `python -m jupyter_book.cli.main` silently does nothing (the module has no
# __main__ guard): call the console script of the same environment.
JB = [str(Path(sys.executable).parent / "jupyter-book")]
MIN_ALT = 10


@pytest.fixture(scope="module")
def html_build():
    cmd = [*JB, "build", str(ROOT), "-W", "-n", "--keep-going"]
    if OUT != ROOT:
        cmd += ["--path-output", str(OUT)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, "strict HTML build failed:\n" + proc.stdout[-4000:] + proc.stderr[-4000:]
    return HTML


def pages(html: Path) -> list[Path]:
    """The book's pages (not the theme's or MathJax's own HTML files)."""
    return sorted(p for p in html.rglob("*.html")
                  if not p.relative_to(html).parts[0].startswith("_") and p.relative_to(html).parts[0] != "mathjax"
                  and "<html" in p.read_text(encoding="utf-8", errors="replace")[:2000])


def plain(html_text: str) -> str:
    """A page's text without tags and entities."""
    import html as html_mod

    return html_mod.unescape(re.sub(r"<[^>]+>", "", html_text))


def chapter_page(html: Path, entry: meta.TocEntry) -> Path:
    return html / f"{entry.docname}.html"


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
    for page in pages(html_build):
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
    chart_pages = [p for p in pages(html_build) if "vegaEmbed(" in p.read_text(encoding="utf-8")]
    assert chart_pages, "no page embeds a chart"
    for page in chart_pages:
        assert "vendor/vega-bundle.js" in page.read_text(encoding="utf-8"), page


# --------------------------------------------------------------------------- alt text
def chart_divs_without_alt(text: str) -> list[str]:
    """Chart containers of the offline renderer that lack an aria-label of MIN_ALT+ characters."""
    return [div for div in re.findall(r'<div id="vis-[0-9a-f]+"[^>]*>', text)
            if not re.search(r'aria-label="[^"]{' + str(MIN_ALT) + r',}"', div)]


def images_without_alt(text: str) -> list[str]:
    """``<img>`` tags whose alt text is missing or empty (logos of the theme included)."""
    return [tag[:160] for tag in re.findall(r"<img\b[^>]*>", text)
            if not re.search(r'\balt="[^"]*\S[^"]*"', tag)]


def outputs_without_alt(nb: dict) -> list[str]:
    """Image outputs of a notebook that do not come with the renderer's alt text."""
    bad = []
    for i, cell in enumerate(nb.get("cells", []), start=1):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if not any(k.startswith("image/") for k in data):
                continue
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            alt = (out.get("metadata") or {}).get("alt", "")
            if len(alt) < MIN_ALT and not re.search(r'aria-label="[^"]{' + str(MIN_ALT) + r',}"', html):
                bad.append(f"cell {i}")
    return bad


def test_alt_text_checks_can_fail():
    assert chart_divs_without_alt('<div id="vis-abc123" class="book-chart" role="img">')
    assert chart_divs_without_alt('<div id="vis-abc123" aria-label="short">')
    assert not chart_divs_without_alt('<div id="vis-abc123" aria-label="Lines of aid by donor">')
    assert images_without_alt('<img src="a.png">') and images_without_alt('<img src="a.png" alt="">')
    assert not images_without_alt('<img src="a.png" alt="Japan\'s aid">')
    png = {"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure>"}}
    assert outputs_without_alt({"cells": [{"cell_type": "code", "outputs": [png]}]}) == ["cell 1"]
    png_alt = {**png, "data": {**png["data"], "text/html": '<div aria-label="Net aid of Japan by year">'}}
    assert outputs_without_alt({"cells": [{"cell_type": "code", "outputs": [png_alt]}]}) == []


def test_every_chart_output_in_the_notebooks_has_alt_text():
    bad = {}
    for nb_path in sorted((ROOT / "chapters").glob("*.ipynb")):
        missing = outputs_without_alt(json.loads(nb_path.read_text(encoding="utf-8")))
        if missing:
            bad[nb_path.name] = missing
    assert not bad, f"figures without alt text (give every chart .properties(description=...)): {bad}"


def test_every_chart_and_image_in_the_html_has_alt_text(html_build):
    bad = {}
    for page in pages(html_build):
        text = page.read_text(encoding="utf-8")
        missing = chart_divs_without_alt(text) + images_without_alt(text)
        if missing:
            bad[page.name] = missing[:3]
    assert not bad, f"charts or images without alt text: {bad}"


# --------------------------------------------------------------------------- publishing aids
def test_every_page_links_the_pdf_at_the_site_root(html_build):
    for page in pages(html_build):
        text = page.read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"]*book\.pdf)"', text)
        assert hrefs, f"{page.relative_to(html_build)} has no link to the PDF"
        base = page.relative_to(html_build).as_posix()
        for href in hrefs:
            assert urlparse(urljoin(f"file:///site/{base}", href)).path == "/site/book.pdf", (page, href)


def test_version_is_shown_on_every_page_and_in_the_citation_page(html_build):
    version = meta.book_version(ROOT)
    for page in pages(html_build):
        if page.name in {"search.html", "genindex.html"}:
            continue
        assert f"Version {version}" in page.read_text(encoding="utf-8"), page
    cite = (html_build / "chapters" / "appendix_cite.html").read_text(encoding="utf-8")
    assert f"version <strong>{version}</strong>" in cite
    assert cite.count("@incollection") == len(meta.main_chapters(ROOT))
    assert cite.count("@book") == 1


def test_every_notebook_chapter_opens_with_a_reproduce_box(html_build):
    stamps = meta.read_stamps(meta.stamps_path(ROOT))
    rows = meta.read_manifest(ROOT)
    for entry in meta.toc_entries(ROOT)[1:]:
        if not entry.is_notebook:
            continue
        text = chapter_page(html_build, entry).read_text(encoding="utf-8")
        assert "Reproduce this chapter" in text, entry.stem
        assert f'make rebuild ARGS="--chapters {entry.stem}"' in plain(text), entry.stem
        for item in stamps.get(entry.stem, {}).get("data", []):
            shown = rows[item]["path"].split("/", 1)[1] if item in rows else item
            assert shown in plain(text), (entry.stem, item)
        # the box sits right under the chapter's title, before any section
        text = text[text.index("<article"):]
        h1, box = text.index("<h1"), text.index("Reproduce this chapter")
        assert h1 < box, entry.stem
        assert "<h2" not in text[h1:box], entry.stem


def test_execution_status_page_lists_every_notebook_chapter(html_build):
    text = (html_build / "chapters" / "appendix_status.html").read_text(encoding="utf-8")
    stamps = meta.read_stamps(meta.stamps_path(ROOT))
    for entry in meta.toc_entries(ROOT)[1:]:
        if entry.is_notebook:
            assert entry.stem in text
            stamp = stamps.get(entry.stem)
            if stamp:
                assert stamp["executed"].replace("T", " ").rstrip("Z") in text
    assert "jupyter-book" in text and "pandas" in text


def test_pages_load_no_thebe_and_declare_an_icon_and_colour_mode(html_build):
    bad = {}
    for page in pages(html_build):
        text = page.read_text(encoding="utf-8")
        problems = [p for p, ok in [
            ("thebe script", "THEBE_JS_URL" not in text and "sphinx-thebe.js" not in text),
            ("icon link", re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', text) is not None),
            ("default colour mode", 'data-default-mode="auto"' in text),
        ] if not ok]
        if problems:
            bad[str(page.relative_to(html_build))] = problems
    assert not bad, f"pages with a thebe script, no icon or no colour mode: {bad}"


def _heading_and_title(page: Path) -> tuple[str, str]:
    text = page.read_text(encoding="utf-8")
    title = plain(re.search(r"<title>(.*?)</title>", text, re.S).group(1))
    h1 = [plain(h) for h in re.findall(r"<h1>(.*?)</h1>", text, re.S) if "section-number" in h or "¶" in plain(h)]
    return (h1[0] if h1 else ""), title


def test_chapters_one_to_eight_are_numbered_and_introduction_and_conclusion_are_not(html_build):
    """As in the original: numbers in the heading, the page title and the
    sidebar of chapters 1-8, letters for the appendices, none for the
    Introduction and the Conclusion."""
    entries = {e.stem: e for e in meta.toc_entries(ROOT)}
    for stem, want in (("01_theory", "1. "), ("03_regression", "3. "), ("08_asian_crisis", "8. "),
                       ("appendix_data", "A. ")):
        h1, title = _heading_and_title(chapter_page(html_build, entries[stem]))
        assert h1.startswith(want) and title.startswith(want), (stem, h1[:40], title[:40])
    for stem in ("00_introduction", "09_conclusion"):
        h1, title = _heading_and_title(chapter_page(html_build, entries[stem]))
        assert not re.match(r"\s*\d", h1) and not re.match(r"\s*\d", title), (stem, h1[:40], title[:40])
    page = (html_build / "chapters" / "03_regression.html").read_text(encoding="utf-8")
    links = {href: plain(txt).strip() for href, txt in
             re.findall(r'<a class="reference internal" href="([^"#]+)">(.*?)</a>', page, re.S)}
    assert links["08_asian_crisis.html"].startswith("8. Japan and the United States")
    assert links["00_introduction.html"] == "Introduction"
    assert links["09_conclusion.html"].startswith("Conclusion")


def test_figures_and_tables_of_unnumbered_chapters_carry_their_label(html_build):
    intro = plain((html_build / "chapters" / "00_introduction.html").read_text(encoding="utf-8"))
    concl = plain((html_build / "chapters" / "09_conclusion.html").read_text(encoding="utf-8"))
    assert "Fig. Intro.1" in intro and "Table Concl.1" in concl
    assert not re.search(r"(?:Fig\.|Table) 0\.\d", intro) and not re.search(r"Table 9\.\d", concl)
