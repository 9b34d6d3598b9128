"""The PDF as a press book: checks on the built PDF (the session fixture
``pdf_build`` of conftest.py) page by page.

- no page carries a single line of text (a widow or orphan page), and no
  paragraph leaves its first line alone at the foot of a page or its last
  line alone at the top of the next;
- no raster image (every figure is vector);
- no text outside the text block (a table or code line wider than the block);
- every font embedded, the text and math in TeX Gyre Pagella;
- running heads with chapter and section titles, and no "Version" in a head
  or foot (the version is on the title page only);
- the document information (title, author, subject, keywords);
- the reproduce box as one line pointing to the appendix.

The text block comes from the LaTeX log (``BOOK-LAYOUT`` lines that the
preamble in ``_config.yml`` writes), so the checks follow the layout. Each
check is a function over poppler's output, tested on made-up input so that
it can be seen to fail. Needs poppler-utils (``pdftotext``, ``pdftohtml``,
``pdfimages``, ``pdffonts``, ``pdfinfo``).
"""
from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
from tools import meta  # noqa: E402
import book_reproduce as repro  # noqa: E402

from conftest import LATEX  # noqa: E402

#: TeX points per PDF point (big point).
PT_PER_BP = 72.27 / 72
#: How far (PDF points) text may stand outside the text block: a glyph's side
#: bearing, not a table column or a code line.
TOLERANCE_BP = 3.0


@dataclass(frozen=True)
class Block:
    """The text block of a page, in PDF points from the top left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def text_block(log_text: str) -> Block:
    """The text block from the ``BOOK-LAYOUT`` lines of a LaTeX log."""
    dims = {k: float(v) / PT_PER_BP for k, v in re.findall(r"^BOOK-LAYOUT (\w+)=([\d.]+)pt", log_text, re.M)}
    missing = {"left", "top", "textwidth", "textheight"} - set(dims)
    assert not missing, (f"the LaTeX log has no BOOK-LAYOUT line for {sorted(missing)}: the preamble in "
                         "_config.yml must write them (\\typeout)")
    return Block(dims["left"], dims["top"], dims["textwidth"], dims["textheight"])


def crop_text(pdf: Path, x: float, y: float, w: float, h: float) -> list[str]:
    """The text of each page inside a rectangle (PDF points), one string per page."""
    out = subprocess.run(["pdftotext", "-layout", "-r", "72", "-x", str(int(x)), "-y", str(int(y)),
                          "-W", str(int(w + 0.999)), "-H", str(int(h + 0.999)), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def plain(text: str) -> str:
    """Text with ligatures split (NFKC), plain apostrophes and single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u2019", "'").split())


def body_lines(page_text: str) -> list[str]:
    return [line.strip() for line in page_text.splitlines() if line.strip()]


def one_line_pages(pages: list[str]) -> list[tuple[int, str]]:
    """Pages (1-based) whose body holds exactly one line of text, with that line."""
    return [(i, lines[0]) for i, lines in enumerate((body_lines(p) for p in pages), 1) if len(lines) == 1]


@dataclass(frozen=True)
class Word:
    page: int
    left: float
    top: float
    width: float
    text: str
    size: float = 0.0  # font size, PDF points


def words(pdf: Path) -> list[Word]:
    """Every text run of the PDF with its position (PDF points), via ``pdftohtml -xml``."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-zoom", "1", "-stdout", "-q", str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    out = []
    sizes: dict[str, float] = {}
    for page in ET.fromstring(xml).iter("page"):
        number = int(page.get("number", "0"))
        for spec in page.iter("fontspec"):
            sizes[spec.get("id", "")] = float(spec.get("size", 0))
        for node in page.iter("text"):
            text = "".join(node.itertext()).strip()
            if text:
                out.append(Word(number, float(node.get("left", 0)), float(node.get("top", 0)),
                                float(node.get("width", 0)), text, sizes.get(node.get("font", ""), 0.0)))
    return out


@dataclass(frozen=True)
class Line:
    """A line of text in the text block: its top, left and right edges, font size, text."""

    top: float
    left: float
    right: float
    size: float
    text: str


def block_lines(found: list[Word], block: Block) -> dict[int, list[Line]]:
    """The lines of text inside the text block of each page, top to bottom
    (text runs at the same height merged into one line)."""
    pages: dict[int, dict[int, list[Word]]] = {}
    for w in found:
        if block.top - 12 <= w.top <= block.bottom + 2:
            pages.setdefault(w.page, {}).setdefault(round(w.top), []).append(w)
    out: dict[int, list[Line]] = {}
    for page, rows in pages.items():
        out[page] = [Line(top, min(w.left for w in ws), max(w.left + w.width for w in ws),
                          max(w.size for w in ws), " ".join(w.text for w in sorted(ws, key=lambda w: w.left)))
                     for top, ws in sorted(rows.items())]
    return out


def widows_and_orphans(lines: dict[int, list[Line]], block: Block) -> list[tuple[str, int, str]]:
    """Paragraph lines left alone across a page break: ("widow", page, line) for
    a paragraph's last line at the top of a page after a page whose last line
    is full; ("orphan", page, line) for a paragraph's first line at the foot
    of a page, set apart from the line above and continued on the next page.
    Only lines in the body text size count (not headings or captions)."""
    gaps = [b.top - a.top for ls in lines.values() for a, b in zip(ls, ls[1:]) if 8 < b.top - a.top < 20]
    sizes = [ln.size for ls in lines.values() for ln in ls]
    if not gaps or not sizes:
        return []
    lead = sorted(gaps)[len(gaps) // 2]
    body = max(set(sizes), key=sizes.count)

    def at_margin(ln: Line) -> bool:
        return abs(ln.left - block.left) < 3 and abs(ln.size - body) < 0.5

    def full(ln: Line) -> bool:
        return at_margin(ln) and ln.right - ln.left > 0.97 * block.width

    out = []
    for page in sorted(lines):
        prev, cur = lines.get(page - 1), lines[page]
        if not prev or not cur:
            continue
        last, first = prev[-1], cur[0]
        if full(last) and at_margin(first) and first.right - first.left < 0.85 * block.width \
                and (len(cur) == 1 or cur[1].top - first.top > 1.25 * lead):
            out.append(("widow", page, first.text))
        if len(prev) >= 2 and full(last) and last.top - prev[-2].top > 1.25 * lead and full(first) \
                and (len(cur) == 1 or abs(cur[1].top - first.top - lead) < 1.5):
            out.append(("orphan", page - 1, last.text))
    return out


def outside_block(found: list[Word], block: Block, tol: float = TOLERANCE_BP) -> list[Word]:
    """Text runs that stand left or right of the text block by more than ``tol``."""
    return [w for w in found if w.left < block.left - tol or w.left + w.width > block.right + tol]


def raster_images(pdfimages_list: str) -> list[str]:
    """Rows of ``pdfimages -list`` output (each an image, with its page)."""
    return [line for line in pdfimages_list.splitlines()[2:] if line.strip()]


def fonts(pdffonts_out: str) -> list[tuple[str, bool]]:
    """(font name without subset prefix, embedded) for each row of ``pdffonts`` output."""
    out = []
    for line in pdffonts_out.splitlines()[2:]:
        cols = line.split()
        if len(cols) < 5:
            continue
        # the columns after the name and type: encoding, emb, sub, uni, object ID (2 fields)
        emb = cols[-5]
        out.append((re.sub(r"^[A-Z]{6}\+", "", cols[0]), emb == "yes"))
    return out


# --------------------------------------------------------------------------- the checks fail on bad input
def test_layout_lines_are_read_from_the_log():
    log = "x\nBOOK-LAYOUT left=72.27pt\nBOOK-LAYOUT top=144.54pt\nBOOK-LAYOUT textwidth=361.35pt\n" \
          "BOOK-LAYOUT textheight=578.16pt\n"
    b = text_block(log)
    assert (round(b.left), round(b.top), round(b.right), round(b.bottom)) == (72, 144, 432, 720)
    with pytest.raises(AssertionError, match="BOOK-LAYOUT"):
        text_block("no layout here")


def test_one_line_page_check_can_fail():
    pages = ["Title\n\nMore text\n", "   \n  a widow line.  \n\n", "", "two\nlines\n"]
    assert one_line_pages(pages) == [(2, "a widow line.")]


def test_outside_block_check_can_fail():
    block = Block(100, 100, 300, 500)
    found = [Word(1, 100, 120, 300, "fits"), Word(2, 150, 120, 270, "too wide"), Word(3, 90, 120, 50, "left")]
    assert [w.text for w in outside_block(found, block)] == ["too wide", "left"]


def test_widow_and_orphan_check_can_fail():
    block = Block(100, 100, 300, 500)
    para = [Line(100 + 13 * i, 100, 400, 11, f"line {i}") for i in range(30)]
    # page 2 opens with the short last line of page 1's paragraph, then a new paragraph
    widow = [Line(100, 100, 180, 11, "end of it."), Line(120, 100, 400, 11, "Next paragraph"),
             Line(133, 100, 300, 11, "ends here.")]
    # page 3 ends with a new paragraph's first line, continued on page 4
    orphan_page = [*para[:10], Line(para[9].top + 20, 100, 400, 11, "A lonely first line")]
    cont = [Line(100, 100, 400, 11, "goes on"), Line(113, 100, 400, 11, "and on")]
    heading = [Line(100, 100, 250, 14, "3.2 A heading"), Line(125, 100, 400, 11, "Text")]
    found = widows_and_orphans({1: para, 2: widow, 3: orphan_page, 4: cont, 5: para, 6: heading}, block)
    assert [(kind, page) for kind, page, _ in found] == [("widow", 2), ("orphan", 3)]


def test_raster_and_font_parsers_can_fail():
    listing = ("page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio\n"
               "-------------------------------------------------------------------------------------------\n"
               "  12     0 image     800   600  rgb     3   8  image  no        45  0   166   166 30K 2.1%\n")
    assert len(raster_images(listing)) == 1
    out = ("name                                 type              encoding         emb sub uni object ID\n"
           "------------------------------------ ----------------- ---------------- --- --- --- ---------\n"
           "ABCDEF+TeXGyrePagella-Regular        CID Type 0C       Identity-H       yes yes yes      5  0\n"
           "Helvetica                            Type 1            Standard         no  no  no      12  0\n")
    assert fonts(out) == [("TeXGyrePagella-Regular", True), ("Helvetica", False)]


# --------------------------------------------------------------------------- the built PDF
@pytest.fixture(scope="module")
def block(pdf_build) -> Block:
    return text_block((LATEX / "book.log").read_text(encoding="utf-8", errors="replace"))


def _page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert m, f"pdfinfo gives no page count for {pdf}"
    return int(m.group(1))


def test_no_page_holds_a_single_line_of_text(pdf_build, block):
    pages = crop_text(pdf_build, block.left - 2, block.top - 2, block.width + 4, block.height + 4)
    assert len(pages) == _page_count(pdf_build)
    lonely = one_line_pages(pages)
    assert not lonely, f"pages (PDF numbering) with one line of text: {lonely[:10]}"


def test_no_widow_or_orphan_line(pdf_build, block):
    found = widows_and_orphans(block_lines(words(pdf_build), block), block)
    assert not found, f"paragraph lines alone across a page break (kind, PDF page, line): {found[:8]}"


def test_no_raster_image(pdf_build):
    out = subprocess.run(["pdfimages", "-list", str(pdf_build)], capture_output=True, text=True, check=True).stdout
    found = raster_images(out)
    assert not found, f"raster images (page is the first column): {found[:5]}"


def test_no_text_outside_the_text_block(pdf_build, block):
    wide = outside_block(words(pdf_build), block)
    assert not wide, ("text beyond the text block (a table, code line or word wider than the block; "
                      f"page, left, width, text): {[(w.page, w.left, w.width, w.text[:40]) for w in wide[:8]]}")


def test_fonts_are_embedded_and_the_text_is_pagella(pdf_build):
    out = subprocess.run(["pdffonts", str(pdf_build)], capture_output=True, text=True, check=True).stdout
    found = fonts(out)
    assert found
    assert all(emb for _, emb in found), [name for name, emb in found if not emb]
    names = {name for name, _ in found}
    assert any(n.startswith("TeXGyrePagella-Regular") for n in names), names
    assert any(n.startswith("TeXGyrePagellaMath") for n in names), f"math not in Pagella Math: {names}"
    assert not any(n.startswith(("CM", "FreeSerif", "LMRoman")) for n in names), names


def test_running_heads_carry_titles_and_no_version(pdf_build, block):
    pages = _page_count(pdf_build)
    heads = crop_text(pdf_build, 0, 0, block.left * 2 + block.width, block.top - 1)
    feet = crop_text(pdf_build, 0, block.bottom + 1, block.left * 2 + block.width, 2 * block.top)
    assert len(heads) == len(feet) == pages
    version = meta.book_version(ROOT)
    for i, text in enumerate(heads[1:], 2):
        assert "Version" not in text and version not in text, f"page {i} head: {text.strip()}"
    for i, text in enumerate(feet[1:], 2):
        assert "Version" not in text and version not in text, f"page {i} foot: {text.strip()}"
    head_text = plain(" ".join(heads))
    for entry in meta.main_chapters(ROOT):
        title = plain(meta.page_title(entry.path, entry.stem))
        assert title in head_text, f"no running head names the chapter {title!r}"
    with_heads = sum(1 for h in heads if body_lines(h))
    assert with_heads > pages / 2, f"only {with_heads} of {pages} pages have a running head"


def test_document_information(pdf_build):
    info = subprocess.run(["pdfinfo", str(pdf_build)], capture_output=True, text=True, check=True).stdout
    got = {k.lower(): v.strip() for k, v in re.findall(r"^(Title|Author|Subject|Keywords):\s*(.*)$", info, re.M)}
    config = meta.read_book_config(ROOT)
    cff = meta.read_cff(ROOT)
    assert got.get("title") == config["title"]
    assert got.get("author") == config["author"]
    assert got.get("subject") and got["subject"] in " ".join(str(cff["abstract"]).split())
    assert "Version" not in got["subject"]
    keywords = [k.strip() for k in got.get("keywords", "").split(",")]
    assert keywords == [str(k) for k in cff["keywords"]]


def test_reproduce_box_is_one_line_in_print(pdf_build):
    text = plain(subprocess.run(["pdftotext", str(pdf_build), "-"], capture_output=True, text=True,
                                check=True).stdout)
    notebooks = [e for e in meta.toc_entries(ROOT)[1:] if e.is_notebook]
    lines = re.findall(r"Reproduce this chapter: its data files and last run are listed in Table ([A-Z]\.\d+)\.", text)
    assert len(lines) == len(notebooks), lines
    assert len(set(lines)) == 1
    # the HTML box's sentences (made by the same function) are not printed
    box = repro.reproduce_box(ROOT, "xx", {}, {})
    first = re.sub(r"`[^`]*`", "", box.splitlines()[3]).split(",")[0].strip()
    assert first and first not in text, first
