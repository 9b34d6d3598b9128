"""The PDF edition: Jupyter Book's LaTeX builder with XeLaTeX, strict (-W -n);
a LaTeX error fails the build. Then checks on the PDF and the LaTeX log:
pages, title page with version, bookmarks for every part and chapter, figures
as images with captions, the reproduce boxes, and no table or line running
into the page margin.

Needs TeX Live and poppler-utils (``.ci/run`` installs them); the build goes
to ``_build`` of the checkout or under ``BOOK_TEST_BUILD_DIR``.
"""
from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
from tools import meta  # noqa: E402

from conftest import LATEX  # noqa: E402  (the build fixture ``pdf_build`` is in conftest.py)

#: Widest overfull line tolerated, in pt (a cell word a little wider than its
#: column). The text block has margins of more than 60 pt on A4, so nothing
#: this small reaches the page edge; a table or code line that does fails.
MAX_OVERFULL_PT = 25.0


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-layout"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    return subprocess.run([*cmd, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def outline(pdf: Path) -> list[tuple[int, str]]:
    """The PDF's bookmarks as (depth, title), in order (via pdftohtml -xml)."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(xml)
    out: list[tuple[int, str]] = []

    def walk(node: ET.Element, depth: int) -> None:
        for child in node:
            if child.tag == "item":
                out.append((depth, norm(child.text or "")))
            elif child.tag == "outline":
                walk(child, depth + 1)

    top = root.find("outline")
    if top is not None:
        walk(top, 0)
    return out


def norm(text: str) -> str:
    """Whitespace collapsed, typographic quotes made plain, ligatures (the
    Pagella "ff" of "official") split into letters."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


def overfull(log_text: str) -> list[tuple[float, str]]:
    """Overfull boxes of a LaTeX log: (points too wide or too high, the log line)."""
    return [(float(m.group(1)), m.group(0))
            for m in re.finditer(r"Overfull \\[hv]box \(([\d.]+)pt too (?:wide|high)\)[^\n]*", log_text)]


def test_overfull_parser_can_fail():
    log = ("Overfull \\hbox (92.5pt too wide) in alignment at lines 10--12\nOverfull \\hbox (1.2pt too wide) in paragraph"
           "\nOverfull \\vbox (265.9pt too high) has occurred while \\output is active []")
    assert [w for w, _ in overfull(log)] == [92.5, 1.2, 265.9]


def test_pdf_has_pages_title_and_version(pdf_build):
    info = subprocess.run(["pdfinfo", str(pdf_build)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages > 0
    title = meta.read_book_config(ROOT)["title"]
    assert re.search(r"^Title:\s+" + re.escape(title), info, re.M)
    first = " ".join(pdf_text(pdf_build, 1, 1).split())
    assert " ".join(title.split()) in first
    assert f"Version {meta.book_version(ROOT)}" in first


def test_pdf_bookmarks_cover_preface_parts_chapters_and_appendices(pdf_build):
    marks = outline(pdf_build)
    titles = [t for _, t in marks]
    assert titles and titles[0] == meta.page_title(meta.toc_entries(ROOT)[0].path, "Preface")
    top = [t for d, t in marks if d == 0]
    captions = []
    for e in meta.toc_entries(ROOT)[1:]:
        if e.caption and e.caption not in captions:
            captions.append(e.caption)
    for caption in captions:
        assert any(t.endswith(caption) for t in top), (caption, top)
    for e in meta.toc_entries(ROOT)[1:]:
        want = norm(meta.page_title(e.path, e.stem))
        assert any(want in t for t in titles), (e.docname, want)
    assert sum(t.endswith("Bibliography") for t in titles) == 1


def contents_lines(pdf: Path) -> list[str]:
    """The lines of the table of contents (the pages from "Contents" to the first chapter)."""
    text = pdf_text(pdf, 1, 12)
    start = text.find("Contents")
    return [" ".join(line.split()) for line in text[start:].splitlines() if line.strip()]


def test_contents_number_chapters_one_to_eight_and_not_the_introduction_or_conclusion(pdf_build):
    lines = contents_lines(pdf_build)
    for e in meta.main_chapters(ROOT):
        title = norm(meta.page_title(e.path, e.stem))[:24]  # long titles wrap in the contents
        line = next((norm(x) for x in lines if title in norm(x)), None)
        assert line is not None, (e.docname, title)
        number = meta.chapter_number(e)
        if number is None:
            assert line.startswith(title), line  # unnumbered: the title opens the line
        else:
            assert line.startswith(f"{number} {title}"), line
    assert any(x.startswith("Introduction") for x in lines) and any(x.startswith("Conclusion") for x in lines)
    tex = (LATEX / "book.tex").read_text(encoding="utf-8")
    assert "Intro.\\arabic{figure}" in tex and "Concl.\\arabic{table}" in tex


def test_every_figure_is_an_image_with_a_caption(pdf_build):
    tex = (LATEX / "book.tex").read_text(encoding="utf-8")
    labels = set()
    for path in (ROOT / "chapters").glob("*.ipynb"):
        labels |= {(path.stem, m) for m in re.findall(r":name:\s*(fig-[\w-]+)", path.read_text(encoding="utf-8"))}
    for stem, label in labels:
        m = re.search(r"\\begin\{figure\}((?:(?!\\end\{figure\}).)*?)\\label\{\\detokenize\{chapters/"
                      + re.escape(stem) + ":" + re.escape(label) + r"\}\}", tex, re.S)
        assert m, f"figure {label} of {stem} is not a numbered figure in the PDF"
        assert "\\sphinxincludegraphics" in m.group(1) and "\\caption" in m.group(1), label


def test_every_notebook_chapter_has_its_reproduce_box(pdf_build):
    text = pdf_text(pdf_build)
    notebooks = [e for e in meta.toc_entries(ROOT)[1:] if e.is_notebook]
    assert text.count("Reproduce this chapter") == len(notebooks)


def test_nothing_runs_into_the_margin(pdf_build):
    log = (LATEX / "book.log").read_text(encoding="utf-8", errors="replace")
    wide = [line for width, line in overfull(log) if width > MAX_OVERFULL_PT]
    assert not wide, (f"lines or tables wider (or pages taller) than the text block by more than "
                      f"{MAX_OVERFULL_PT}pt: {wide[:5]}")
    assert "There were undefined references" not in log


def test_figures_are_vector_graphics(pdf_build):
    tex = (LATEX / "book.tex").read_text(encoding="utf-8")
    included = re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{?([^}]*)\}", tex)
    assert included, "no figure in the PDF"
    assert all(name.startswith("chart-") for name in included), included
    # that no raster image is left in the PDF is checked in test_pdf_press.py
