"""Numbering of chapters, sections, figures and tables (_ext/book_numbering.py, _ext/book_latex.py).

As in the original book: an unnumbered Introduction and Conclusion, chapters
1-8, lettered appendices; figures and tables per chapter in both editions.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docutils import nodes
from sphinx import addnodes

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

import book_latex as bl  # noqa: E402
from tools import meta  # noqa: E402
import book_numbering as bn  # noqa: E402


def test_chapter_labels_follow_file_prefix_and_toc_order_for_appendices():
    docs = ["chapters/index", "chapters/00_introduction", "chapters/03_regression", "chapters/09_conclusion",
            "chapters/appendix_data", "chapters/appendix_cite", "chapters/bibliography"]
    assert bn.chapter_labels(docs) == {
        "chapters/00_introduction": "Intro", "chapters/03_regression": "3", "chapters/09_conclusion": "Concl",
        "chapters/appendix_data": "A", "chapters/appendix_cite": "B",
    }


def test_the_books_toc_gives_chapters_one_to_eight_between_an_unnumbered_introduction_and_conclusion():
    labels = bn.chapter_labels(bn.toc_files(str(ROOT)))
    body = [labels[d] for d in labels if not d.split("/")[-1].startswith("appendix")]
    assert body == ["Intro", *(str(i) for i in range(1, 9)), "Concl"]
    assert [bn.is_numbered(x) for x in body] == [False, *([True] * 8), False]
    letters = [labels[d] for d in labels if d.split("/")[-1].startswith("appendix")]
    assert letters == [chr(ord("A") + i) for i in range(len(letters))]


def test_chapter_number_is_none_for_unnumbered_chapters():
    def entry(stem: str) -> meta.TocEntry:
        return meta.TocEntry(f"chapters/{stem}", "", None)

    assert meta.chapter_number(entry("03_regression")) == 3
    assert meta.chapter_number(entry("00_introduction")) is None
    assert meta.chapter_number(entry("09_conclusion")) is None
    assert meta.chapter_number(entry("appendix_data")) is None


def test_renumber_restarts_per_document_and_type_in_document_order():
    numbers = {
        "chapters/03_regression": {"figure": {"f-b": (15,), "f-a": (14,)}, "table": {"t": (6,)}},
        "chapters/index": {"figure": {"p": (1,)}},
    }
    bn.renumber(numbers, {"chapters/03_regression": "3"})
    assert numbers["chapters/03_regression"] == {"figure": {"f-a": ("3", 1), "f-b": ("3", 2)}, "table": {"t": ("3", 1)}}
    assert numbers["chapters/index"] == {"figure": {"p": (1,)}}  # unlabelled pages keep Sphinx's numbers


def _item(anchor: str, *children: nodes.Node) -> nodes.list_item:
    ref = nodes.reference("", anchor or "title", anchorname=anchor, refuri="x")
    return nodes.list_item("", addnodes.compact_paragraph("", "", ref), *children)


def test_section_numbers_number_title_sections_and_subsections_only():
    deep = nodes.bullet_list("", _item("#d"))
    subs = nodes.bullet_list("", _item("#s1", nodes.bullet_list("", _item("#ss1", deep), _item("#ss2"))))
    toc = nodes.bullet_list("", _item("", nodes.bullet_list("", subs[0], _item("#s2"))))
    numbers = bn.section_numbers(toc, "3")
    assert numbers == {"": ("3",), "#s1": ("3", 1), "#ss1": ("3", 1, 1), "#ss2": ("3", 1, 2), "#s2": ("3", 2)}
    refs = {r["anchorname"]: r.get("secnumber") for r in toc.findall(nodes.reference)}
    assert refs["#s2"] == ("3", 2) and refs["#d"] is None  # below the depth: no number


def test_latex_unnumbered_chapter_labels_its_floats_and_the_next_chapter_is_numbered_again():
    tex = bl.unnumbered_chapter("Concl")
    assert r"\setcounter{secnumdepth}{-1}" in tex
    assert r"\renewcommand{\thetable}{Concl.\arabic{table}}" in tex
    assert r"\renewcommand{\theHtable}{Concl.\arabic{table}}" in tex  # no clash with chapter 8's anchors
    assert r"\setcounter{secnumdepth}{2}" in bl.NUMBERED_AGAIN
    assert r"\renewcommand{\thetable}{\thechapter.\arabic{table}}" in bl.NUMBERED_AGAIN
